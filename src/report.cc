#include "thematica/report.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "internal/csv.h"
#include "internal/subprocess.h"
#include "internal/file_util.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

// Excerpts supporting a theme (coded with any of its or its sub-themes'
// codes), in the order they were coded, and the cases they speak for.
struct Support {
  std::vector<const Excerpt*> excerpts;
  std::set<std::string> cases;
};

// The support of every theme (theme id → support), in one pass over the
// excerpts.
absl::flat_hash_map<std::string, Support> Supports(const Project& p, bool include_subthemes) {
  absl::flat_hash_map<std::string, std::vector<const std::string*>> themes_of_code;
  absl::flat_hash_map<std::string, Support> out;
  for (const Theme& t : p.themes()) {
    out[t.id];
    for (const std::string& c : p.ThemeCodeIds(t.id, include_subthemes)) themes_of_code[c].push_back(&t.id);
  }
  std::vector<const std::string*> themes;
  for (const Excerpt& e : p.excerpts()) {
    themes.clear();
    for (const std::string& c : e.code_ids) {
      auto it = themes_of_code.find(c);
      if (it != themes_of_code.end()) themes.insert(themes.end(), it->second.begin(), it->second.end());
    }
    if (themes.empty()) continue;
    std::sort(themes.begin(), themes.end());
    themes.erase(std::unique(themes.begin(), themes.end()), themes.end());
    const std::vector<std::string> cases = p.ExcerptCaseIds(e);
    for (const std::string* t : themes) {
      Support& s = out[*t];
      s.excerpts.push_back(&e);
      s.cases.insert(cases.begin(), cases.end());
    }
  }
  return out;
}

const AttributeDefinition* Attribute(const Project& p, const std::string& name) {
  const AttributeDefinition* a = p.FindAttributeByName(name);
  return a != nullptr ? a : p.FindAttribute(name);
}


std::string CoreTheme(const Project& p) {
  for (const Theme& t : p.themes()) {
    auto it = t.metadata.find("core");
    if (it != t.metadata.end() && it->second == "true") return t.id;
  }
  std::string best;
  int most = 0;
  for (const Theme& t : p.themes()) {
    int n = 0;
    for (const Relation& r : p.relations()) n += (r.source_id == t.id) + (r.target_id == t.id);
    if (n > most) {
      most = n;
      best = t.id;
    }
  }
  return best;
}

std::string DotQuote(absl::string_view s) {
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}}), "\"");
}

// Hierarchy order: each theme followed by its sub-themes.
void Walk(const Project& p, const std::string& parent, int depth,
          const std::function<void(const Theme&, int)>& visit) {
  for (const std::string& id : p.ThemeChildren(parent)) {
    visit(*p.FindTheme(id), depth);
    Walk(p, id, depth + 1, visit);
  }
}

std::string CodeNames(const Project& p, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const std::string& id : ids) names.push_back(p.codebook().Path(id, "/"));
  return absl::StrJoin(names, ", ");
}

using internal::CsvField;

constexpr char kStyle[] =
    "body{font-family:Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}"
    "h1,h2,h3,h4,h5,h6{font-family:Helvetica,Arial,sans-serif}"
    ".map{overflow-x:auto;border:1px solid #ddd;padding:.5em;margin:1em 0}.map svg{max-width:100%;height:auto}"
    "blockquote{margin:.6em 0 .6em 1em;padding-left:1em;border-left:3px solid #bbb}"
    ".who{color:#555;font-style:italic}.meta{color:#555;font-size:.95em}"
    "table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}"
    "td{text-align:right}th[scope=row]{text-align:left;font-weight:normal}caption{text-align:left;font-style:italic}"
    "figure{margin:1em 0}figcaption{font-style:italic;color:#444}"
    ".memo{background:#f6f6f0;border-left:3px solid #bba;padding:.4em .8em;margin:.6em 0}";

}  // namespace

std::string Attribution(const Project& p, const Excerpt& e, const AttributeDefinition* attribute) {
  std::vector<std::string> parts;
  for (const std::string& id : p.ExcerptCaseIds(e)) {
    const Case* c = p.FindCase(id);
    const AttributeValue* v = attribute == nullptr ? nullptr : p.CaseAttribute(id, attribute->id);
    parts.push_back(v == nullptr ? c->name : absl::StrCat(c->name, ", ", v->ToString()));
  }
  return parts.empty() ? "(unattributed)" : absl::StrCat("(", absl::StrJoin(parts, "; "), ")");
}

std::string HtmlEscape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

std::string MarkdownEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::string_view("\\`*_{}[]<>#|").find(c) != absl::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string CountOf(int64_t n, absl::string_view singular, absl::string_view plural) {
  if (n == 1) return absl::StrCat(n, " ", singular);
  return plural.empty() ? absl::StrCat(n, " ", singular, "s") : absl::StrCat(n, " ", plural);
}

namespace {

double Channel(int v) {
  const double c = v / 255.0;
  return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double Luminance(absl::string_view hex) {
  if (hex.size() != 7 || hex[0] != '#') return 1.0;  // Unknown: treat as white.
  int rgb[3];
  for (int i = 0; i < 3; ++i) {
    rgb[i] = static_cast<int>(std::strtol(std::string(hex.substr(1 + 2 * i, 2)).c_str(), nullptr, 16));
  }
  return 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);
}

// Black or white, whichever contrasts more with the fill (at least 4.58:1).
std::string TextColorOn(absl::string_view fill) {
  return ContrastRatio(fill, "#000000") >= ContrastRatio(fill, "#ffffff") ? "#000000" : "#ffffff";
}

// Greedy word wrap at about `width` code points ("\n" between lines).
std::string Wrap(absl::string_view text, int width) {
  if (width <= 0) return std::string(text);
  std::string out;
  int64_t line = 0;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    int64_t n = 0;
    for (char ch : word) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    if (line > 0 && line + 1 + n > width) {
      out += "\n";
      line = 0;
    } else if (line > 0) {
      out += " ";
      ++line;
    }
    absl::StrAppend(&out, word);
    line += n;
  }
  return out;
}

// Whether `ancestor` is a (strict) ancestor theme of `theme`.
bool IsAncestor(const Project& p, const std::string& ancestor, const std::string& theme) {
  for (const Theme* t = p.FindTheme(theme); t != nullptr && !t->parent_id.empty(); t = p.FindTheme(t->parent_id)) {
    if (t->parent_id == ancestor) return true;
  }
  return false;
}

// Whether a relation's label only says what nesting shows.
bool SaysPartOf(absl::string_view label) {
  const std::string l = absl::AsciiStrToLower(absl::StripAsciiWhitespace(label));
  return l.empty() || l == "part of" || l == "is part of" || l == "belongs to" || l == "sub-theme of" ||
         l == "subtheme of" || l == "child of" || l == "within";
}

}  // namespace

double ContrastRatio(absl::string_view a, absl::string_view b) {
  const double x = Luminance(a), y = Luminance(b);
  return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

std::string ThematicMapDot(const Project& p, const MapOptions& options) {
  const absl::flat_hash_map<std::string, Support> supports = Supports(p, /*include_subthemes=*/true);
  const std::string core = CoreTheme(p);
  std::map<std::string, int> index;
  for (size_t i = 0; i < p.themes().size(); ++i) index[p.themes()[i].id] = static_cast<int>(i);
  const std::string font = DotQuote(options.font);
  std::string dot = absl::StrCat("digraph thematic_map {\n  graph [compound=true, rankdir=",
                                 DotQuote(options.rankdir), ", fontname=", font, ", label=", DotQuote(p.title()),
                                 ", labelloc=t, fontsize=", options.font_size + 4, ", nodesep=0.25, ranksep=0.25");
  if (!options.size.empty()) absl::StrAppend(&dot, ", size=", DotQuote(options.size));
  if (!options.ratio.empty()) absl::StrAppend(&dot, ", ratio=", DotQuote(options.ratio));
  if (options.dpi > 0) absl::StrAppend(&dot, ", dpi=", options.dpi);
  absl::StrAppend(&dot, "];\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\", fontname=", font,
                  ", fontsize=", options.font_size, ", margin=\"0.08,0.05\"];\n  edge [fontname=", font,
                  ", fontsize=", options.font_size - 1, "];\n");
  std::string ties;  // Invisible edges tying each sub-theme below its parent.
  std::function<void(const std::string&, int)> emit = [&](const std::string& parent, int depth) {
    for (const std::string& id : p.ThemeChildren(parent)) {
      const Theme& t = *p.FindTheme(id);
      const Support& s = supports.at(id);
      const std::string pad(static_cast<size_t>(2 * (depth + 1)), ' ');
      const bool children = !p.ThemeChildren(id).empty();
      const bool cluster = children || (options.show_codes && !t.code_ids.empty());
      const std::string label = absl::StrCat(Wrap(t.name, options.wrap), "\n",
                                             CountOf(static_cast<int64_t>(s.excerpts.size()), "excerpt"), " · ",
                                             CountOf(static_cast<int64_t>(s.cases.size()), "participant"));
      const std::string color = t.color.empty() ? "#f4f4f4" : t.color;
      if (cluster) {
        absl::StrAppend(&dot, pad, "subgraph cluster_", index[id], " {\n", pad, "  style=\"rounded\"; color=",
                        DotQuote(t.color.empty() ? "#777777" : t.color), "; penwidth=1.5; label=\"\";\n");
      }
      const bool is_core = id == core;
      const bool top = t.parent_id.empty();
      absl::StrAppend(&dot, pad, cluster ? "  " : "", "t", index[id], " [label=", DotQuote(label),
                      ", fillcolor=", DotQuote(color),
                      is_core ? ", shape=box, penwidth=3, peripheries=2, fontsize=" : "",
                      is_core ? absl::StrCat(options.font_size + 2) : "",
                      is_core ? ", style=\"rounded,filled,bold\", group=core"
                      : top   ? ", style=\"rounded,filled\""
                              : ", style=\"rounded,filled,dashed\"",
                      ", fontcolor=", DotQuote(TextColorOn(color)), "];\n");
      if (!top) absl::StrAppend(&ties, "  t", index[t.parent_id], "->t", index[id], " [style=invis];\n");
      if (options.show_codes) {
        for (size_t k = 0; k < t.code_ids.size(); ++k) {
          const Code* c = p.FindCode(t.code_ids[k]);
          const std::string fill = c->color.empty() ? "#ffffff" : c->color;
          absl::StrAppend(&dot, pad, "  c", index[id], "_", k, " [label=", DotQuote(Wrap(c->name, options.wrap)),
                          ", shape=note, style=filled, fontsize=", options.font_size - 3, ", fillcolor=",
                          DotQuote(fill), ", fontcolor=", DotQuote(TextColorOn(fill)), "];\n");
          absl::StrAppend(&ties, "  t", index[id], "->c", index[id], "_", k, " [style=invis];\n");
        }
      }
      emit(id, depth + (cluster ? 1 : 0));
      if (cluster) absl::StrAppend(&dot, pad, "}\n");
    }
  };
  emit("", 0);
  dot += ties;
  for (const Relation& r : p.relations()) {
    auto s = index.find(r.source_id), t = index.find(r.target_id);
    if (s == index.end() || t == index.end()) continue;  // Code ends are drawn only as theme members.
    const char* dir = r.direction == RelationDirection::kBidirectional ? "both"
                      : r.direction == RelationDirection::kAssociative ? "none"
                                                                       : "forward";
    // The clusters already show that a sub-theme is part of its parent.
    const bool nesting = (IsAncestor(p, r.target_id, r.source_id) || IsAncestor(p, r.source_id, r.target_id)) &&
                         SaysPartOf(r.label);
    absl::StrAppend(&dot, "  t", s->second, " -> t", t->second, " [label=", DotQuote(r.label), ", dir=", dir,
                    nesting ? ", style=invis, constraint=false" : "", "];\n");
  }
  dot += "}\n";
  return dot;
}

absl::StatusOr<std::string> RenderDot(absl::string_view dot, absl::string_view format,
                                      absl::string_view engine) {
  if (format != "svg" && format != "png" && format != "pdf") {
    return absl::InvalidArgumentError(absl::StrCat("unknown map format \"", format, "\" (svg, png or pdf)"));
  }
  if (engine.empty() || engine.find_first_not_of("abcdefghijklmnopqrstuvwxyz0-9_") != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("unknown Graphviz layout engine \"", engine, "\""));
  }
  const char* env = std::getenv("THEMATICA_DOT");
  const std::string program = env != nullptr && *env != '\0' ? env : "dot";
  // No shell and no temporary files: the graph goes to dot's standard input
  // and the drawing comes back on its standard output.
  absl::StatusOr<internal::ProcessResult> run = internal::RunProcess(
      {program, absl::StrCat("-K", engine), absl::StrCat("-T", format)}, dot);
  if (absl::IsNotFound(run.status())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Graphviz '", program, "' not found: install graphviz (Debian: apt-get install graphviz) or set THEMATICA_DOT"));
  }
  if (!run.ok()) return run.status();
  if (run->exit_code != 0 || run->out.empty()) {
    return absl::InternalError(absl::StrCat("Graphviz failed (exit ", run->exit_code, "): ", run->err));
  }
  return std::move(run->out);
}

std::string ScalableSvg(absl::string_view svg) {
  const size_t open = svg.find("<svg");
  if (open == absl::string_view::npos) return std::string(svg);
  const size_t close = svg.find('>', open);
  std::string tag(svg.substr(open, close - open));
  // Drop the fixed width and height (in pt); the viewBox keeps the aspect.
  for (const char* attribute : {" width=\"", " height=\""}) {
    const size_t at = tag.find(attribute);
    if (at == std::string::npos) continue;
    const size_t value_end = tag.find('"', at + std::strlen(attribute));
    tag.erase(at, value_end + 1 - at);
  }
  tag += " width=\"100%\" style=\"max-width:100%;height:auto\"";
  return absl::StrCat(svg.substr(0, open), tag, svg.substr(close));
}

namespace {

// English plural of a noun phrase ("patient" → "patients", "HCP" → "HCPs").
std::string Plural(absl::string_view word) {
  if (word.empty()) return std::string(word);
  const char last = word.back();
  if (absl::EndsWith(word, "s") || absl::EndsWith(word, "x") || absl::EndsWith(word, "z") ||
      absl::EndsWith(word, "ch") || absl::EndsWith(word, "sh")) {
    return absl::StrCat(word, "es");
  }
  if (last == 'y' && word.size() > 1 && absl::string_view("aeiou").find(word[word.size() - 2]) == absl::string_view::npos) {
    return absl::StrCat(word.substr(0, word.size() - 1), "ies");
  }
  return absl::StrCat(word, "s");
}

constexpr char kNoValue[] = "no value";

std::string ValueOf(const Project& p, const std::string& case_id, const AttributeDefinition* attribute) {
  const AttributeValue* v = attribute == nullptr ? nullptr : p.CaseAttribute(case_id, attribute->id);
  return v == nullptr || v->ToString().empty() ? kNoValue : v->ToString();
}

// Every value of the attribute among the cases, sorted, with how many cases
// have it ("no value" last).
std::vector<std::pair<std::string, int>> ValueTotals(const Project& p, const AttributeDefinition* attribute) {
  std::map<std::string, int> counts;
  int missing = 0;
  for (const Case& c : p.cases()) {
    const std::string v = ValueOf(p, c.id, attribute);
    if (v == kNoValue) ++missing; else ++counts[v];
  }
  std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
  if (missing > 0) out.push_back({kNoValue, missing});
  return out;
}

// A Markdown pipe table, cells on one line.
std::string PipeTable(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
  auto cell = [](absl::string_view s) {
    return absl::StrReplaceAll(MarkdownText(s), {{"|", "\\|"}, {"\r\n", " "}, {"\n", " "}});
  };
  std::string out = "|";
  for (const std::string& h : head) absl::StrAppend(&out, " ", cell(h), " |");
  out += "\n|";
  for (size_t i = 0; i < head.size(); ++i) out += i == 0 ? "---|" : "--:|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const std::string& v : row) absl::StrAppend(&out, " ", cell(v), " |");
    out += "\n";
  }
  return out + "\n";
}

std::string HtmlTable(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                      absl::string_view caption = "") {
  std::string out = "<table>\n";
  if (!caption.empty()) absl::StrAppend(&out, "<caption>", HtmlEscape(caption), "</caption>\n");
  out += "<thead><tr>";
  for (const std::string& h : head) absl::StrAppend(&out, "<th>", HtmlEscape(h), "</th>");
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&out, i == 0 ? "<th scope=\"row\">" : "<td>", HtmlEscape(row[i]), i == 0 ? "</th>" : "</td>");
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// Up to `max` quotes that show the theme best: greedily the excerpt that
// adds a participant not yet quoted, then a value of the attribute not yet
// covered, then carries the most of the theme's codes; earlier first on ties.
// Excerpts in `used` are skipped unless `repeat`.
std::vector<const Excerpt*> Representative(const Project& p, const std::vector<const Excerpt*>& candidates,
                                           const std::vector<std::string>& theme_codes,
                                           const AttributeDefinition* attribute, int max,
                                           const std::set<std::string>& used, bool repeat) {
  std::vector<const Excerpt*> pool;
  for (const Excerpt* e : candidates) {
    if (repeat || !used.contains(e->id)) pool.push_back(e);
  }
  if (max < 0) return pool;
  const absl::flat_hash_set<std::string> codes(theme_codes.begin(), theme_codes.end());
  std::set<std::string> cases_seen, values_seen;
  std::vector<const Excerpt*> chosen;
  std::vector<bool> taken(pool.size(), false);
  while (static_cast<int>(chosen.size()) < max) {
    int best = -1;
    std::tuple<int, int, int> best_score{-1, -1, -1};
    for (size_t i = 0; i < pool.size(); ++i) {
      if (taken[i]) continue;
      const std::vector<std::string> cases = p.ExcerptCaseIds(*pool[i]);
      int new_case = 0, new_value = 0, own = 0;
      for (const std::string& c : cases) {
        new_case |= !cases_seen.contains(c);
        new_value |= !values_seen.contains(ValueOf(p, c, attribute));
      }
      for (const std::string& c : pool[i]->code_ids) own += codes.contains(c);
      const std::tuple<int, int, int> score{new_case, new_value, own};
      if (score > best_score) {
        best_score = score;
        best = static_cast<int>(i);
      }
    }
    if (best < 0) break;
    taken[best] = true;
    chosen.push_back(pool[best]);
    for (const std::string& c : p.ExcerptCaseIds(*pool[best])) {
      cases_seen.insert(c);
      values_seen.insert(ValueOf(p, c, attribute));
    }
  }
  // In the order they were coded, as the reader meets them in the data.
  std::sort(chosen.begin(), chosen.end(), [&](const Excerpt* a, const Excerpt* b) {
    return std::find(candidates.begin(), candidates.end(), a) < std::find(candidates.begin(), candidates.end(), b);
  });
  return chosen;
}

std::string MapCaption(const Project& p) {
  return absl::StrCat("Figure 1. Thematic map", p.title().empty() ? "" : absl::StrCat(" of ", p.title()),
                      ". Boxes are themes (sub-themes dashed, inside the theme they belong to); the box with "
                      "a bold double outline is the core theme; arrows are the relations between themes. Each "
                      "theme shows its number of excerpts and participants.");
}

}  // namespace

std::string MarkdownText(absl::string_view text) {
  // Escapes only where Markdown would misread the text: a backslash, a
  // backtick, an emphasis marker that has a partner, "<" opening a tag, "["
  // that could start a link, and a line that would start a heading, list or
  // quote.
  const bool stars = std::count(text.begin(), text.end(), '*') >= 2;
  const bool underscores = std::count(text.begin(), text.end(), '_') >= 2;
  const bool links = text.find("](") != absl::string_view::npos;
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    bool escape = c == '\\' || c == '`' || (c == '*' && stars) || (c == '_' && underscores) ||
                  (c == '<' && (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!')) ||
                  ((c == '[' || c == ']') && links);
    if (line_start && (c == '#' || c == '>' || ((c == '-' || c == '+') && next == ' '))) escape = true;
    if (escape) out += '\\';
    out += c;
    line_start = c == '\n';
  }
  return out;
}

absl::StatusOr<std::string> ReportAttribute(const Project& project,
                                            const std::optional<std::string>& requested,
                                            absl::string_view preferred) {
  if (!requested.has_value()) {
    return project.FindAttributeByName(preferred) != nullptr ? std::string(preferred) : "";
  }
  if (requested->empty() || project.FindAttributeByName(*requested) != nullptr ||
      project.FindAttribute(*requested) != nullptr) {
    return *requested;
  }
  std::vector<std::string> names;
  for (const AttributeDefinition& a : project.attributes()) names.push_back(a.name);
  return absl::NotFoundError(absl::StrCat("no attribute \"", *requested, "\" (the project has: ",
                                          names.empty() ? "none" : absl::StrJoin(names, ", "), ")"));
}

std::string ThemeReport(const Project& p, const ReportOptions& o) {
  const absl::flat_hash_map<std::string, Support> supports = Supports(p, /*include_subthemes=*/true);
  const absl::flat_hash_map<std::string, Support> own_supports = Supports(p, /*include_subthemes=*/false);
  const AttributeDefinition* attribute = Attribute(p, o.attribute);
  const bool html = o.format == ReportFormat::kHtml;
  auto text = [&](absl::string_view s) { return html ? HtmlEscape(s) : MarkdownText(s); };
  const std::vector<std::pair<std::string, int>> values = ValueTotals(p, attribute);
  const std::string attribute_name = attribute == nullptr ? "attribute" : attribute->name;
  std::string out;
  if (html) {
    absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                    HtmlEscape(p.title()), " — themes</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>",
                    HtmlEscape(p.title()), "</h1>\n");
    if (!p.info().description.empty()) absl::StrAppend(&out, "<p>", HtmlEscape(p.info().description), "</p>\n");
    if (!o.map_svg.empty()) {
      const size_t svg = o.map_svg.find("<svg");
      absl::StrAppend(&out, "<figure class=\"map\">\n",
                      ScalableSvg(svg == std::string::npos ? o.map_svg : o.map_svg.substr(svg)),
                      "\n<figcaption>", HtmlEscape(MapCaption(p)), "</figcaption>\n</figure>\n");
    }
  } else {
    absl::StrAppend(&out, "# ", MarkdownText(p.title()), "\n\n");
    if (!p.info().description.empty()) absl::StrAppend(&out, MarkdownText(p.info().description), "\n\n");
    if (!o.map_image.empty()) absl::StrAppend(&out, "![", MarkdownText(MapCaption(p)), "](", o.map_image, ")\n\n");
  }
  // Summary: themes × attribute values (participants), and excerpts.
  {
    std::vector<std::string> head = {"Theme"};
    for (const auto& [value, n] : values) head.push_back(absl::StrCat(value, " (n=", n, ")"));
    head.push_back("Participants");
    head.push_back("Excerpts");
    std::vector<std::vector<std::string>> rows;
    Walk(p, "", 0, [&](const Theme& t, int depth) {
      const Support& s = supports.at(t.id);
      std::map<std::string, int> per_value;
      for (const std::string& c : s.cases) ++per_value[ValueOf(p, c, attribute)];
      std::string marker;
      for (int i = 0; i < depth; ++i) marker += "– ";
      std::vector<std::string> row = {absl::StrCat(marker, t.name)};
      for (const auto& [value, n] : values) row.push_back(absl::StrCat(per_value[value]));
      row.push_back(absl::StrCat(s.cases.size()));
      row.push_back(absl::StrCat(s.excerpts.size()));
      rows.push_back(std::move(row));
    });
    const std::string caption =
        absl::StrCat("Table 1. Participants quoted per theme, by ", attribute_name, " (sub-themes marked –)");
    if (html) {
      out += HtmlTable(head, rows, caption);
    } else {
      absl::StrAppend(&out, PipeTable(head, rows), MarkdownText(caption), "\n\n");
    }
  }
  std::set<std::string> used;
  Walk(p, "", 0, [&](const Theme& t, int depth) {
    const Support& s = supports.at(t.id);
    const int level = std::min(depth + 2, 6);
    std::vector<std::string> subthemes;
    for (const std::string& id : p.ThemeChildren(t.id)) subthemes.push_back(p.FindTheme(id)->name);
    std::map<std::string, int> per_value, excerpts_per_value;
    for (const std::string& c : s.cases) ++per_value[ValueOf(p, c, attribute)];
    for (const Excerpt* e : s.excerpts) {
      std::set<std::string> its;
      for (const std::string& c : p.ExcerptCaseIds(*e)) its.insert(ValueOf(p, c, attribute));
      for (const std::string& v : its) ++excerpts_per_value[v];
    }
    std::vector<std::string> by_value;
    for (const auto& [value, n] : per_value) {
      by_value.push_back(value == kNoValue ? absl::StrCat(n, " ", value) : CountOf(n, value, Plural(value)));
    }
    const std::string participants =
        absl::StrCat(CountOf(static_cast<int64_t>(s.cases.size()), "participant"), " (",
                     by_value.empty() ? "none" : absl::StrJoin(by_value, ", "), "), ",
                     CountOf(static_cast<int64_t>(s.excerpts.size()), "excerpt"));
    std::vector<std::vector<std::string>> table;
    for (const auto& [value, n] : values) {
      if (per_value[value] == 0) continue;
      table.push_back({value, absl::StrCat(per_value[value], " of ", n), absl::StrCat(excerpts_per_value[value])});
    }
    const std::vector<std::string> head = {attribute_name, "Participants", "Excerpts"};
    if (html) {
      absl::StrAppend(&out, "<section>\n<h", level, ">", HtmlEscape(t.name), "</h", level, ">\n");
      if (!t.description.empty()) absl::StrAppend(&out, "<p>", HtmlEscape(t.description), "</p>\n");
      absl::StrAppend(&out, "<p class=\"meta\">", HtmlEscape(participants), "</p>\n");
      if (!table.empty()) out += HtmlTable(head, table);
      if (!subthemes.empty()) {
        absl::StrAppend(&out, "<p class=\"meta\">Sub-themes: ", HtmlEscape(absl::StrJoin(subthemes, "; ")), "</p>\n");
      }
      if (!t.code_ids.empty()) {
        absl::StrAppend(&out, "<p class=\"meta\">Codes: ", HtmlEscape(CodeNames(p, t.code_ids)), "</p>\n");
      }
    } else {
      absl::StrAppend(&out, std::string(level, '#'), " ", MarkdownText(t.name), "\n\n");
      if (!t.description.empty()) absl::StrAppend(&out, MarkdownText(t.description), "\n\n");
      absl::StrAppend(&out, "*", MarkdownText(participants), "*\n\n");
      if (!table.empty()) out += PipeTable(head, table);
      if (!subthemes.empty()) absl::StrAppend(&out, "Sub-themes: ", text(absl::StrJoin(subthemes, "; ")), "\n\n");
      if (!t.code_ids.empty()) absl::StrAppend(&out, "Codes: ", text(CodeNames(p, t.code_ids)), "\n\n");
    }
    // Quotes of the theme's own codes; sub-themes show theirs.
    const Support& own = own_supports.at(t.id);
    const std::vector<const Excerpt*> quotes =
        Representative(p, own.excerpts, t.code_ids, attribute, o.max_quotes, used, o.repeat_quotes);
    for (const Excerpt* e : quotes) {
      used.insert(e->id);
      const std::string quote = std::string(p.ExcerptText(*e));
      const std::string who = Attribution(p, *e, attribute);
      if (html) {
        absl::StrAppend(&out, "<blockquote>“",
                        absl::StrReplaceAll(HtmlEscape(quote), {{"\n", "<br>\n"}}), "” <span class=\"who\">",
                        HtmlEscape(who), "</span></blockquote>\n");
      } else {
        std::vector<std::string> lines = absl::StrSplit(quote, '\n');
        for (std::string& line : lines) line = MarkdownText(absl::StripSuffix(line, "\r"));
        absl::StrAppend(&out, "> “", absl::StrJoin(lines, "  \n> "), "” ", MarkdownText(who), "\n\n");
      }
    }
    if (o.memos) {
      std::vector<std::string> targets = {t.id};
      targets.insert(targets.end(), t.code_ids.begin(), t.code_ids.end());
      for (const std::string& target : targets) {
        for (const Memo* m : p.MemosFor(target)) {
          const std::string about = target == t.id ? "" : absl::StrCat(" (code ", p.codebook().Path(target, "/"), ")");
          const std::string title = absl::StrCat("Memo", m->title.empty() ? "" : absl::StrCat(": ", m->title), about);
          if (html) {
            absl::StrAppend(&out, "<aside class=\"memo\"><strong>", HtmlEscape(title), ".</strong> ",
                            absl::StrReplaceAll(HtmlEscape(m->text), {{"\n", "<br>\n"}}), "</aside>\n");
          } else {
            absl::StrAppend(&out, "**", MarkdownText(title), ".** ",
                            absl::StrReplaceAll(MarkdownText(m->text), {{"\n", "  \n"}}), "\n\n");
          }
        }
      }
    }
    if (html) out += "</section>\n";
  });
  if (html) out += "</body>\n</html>\n";
  return out;
}

namespace {

// Codes in hierarchy order with their depth, and the counts each shows: a
// codable code its own, a folder (not codable) its whole subtree.
struct CodebookRows {
  std::vector<std::pair<const Code*, int>> order;
  std::map<std::string, CodeCount> counts;
  // Per row, the path shown: in full up to kShownLevels levels, deeper ones
  // as "… / " and the last kShownLevels names, so that the document grows
  // linearly with the codebook however deep it is.
  std::vector<std::vector<const std::string*>> shown_path;
  std::string Path(size_t row, absl::string_view separator) const {
    const auto& names = shown_path[row];
    std::string out = names.size() < static_cast<size_t>(order[row].second) + 1 ? "…" : "";
    for (const std::string* name : names) absl::StrAppend(&out, out.empty() ? "" : separator, *name);
    return out;
  }
};

constexpr size_t kShownLevels = 8;

CodebookRows RowsOf(const Project& p) {
  CodebookRows rows;
  const std::vector<CodeCount> own = p.CodeCounts(), subtree = p.CodeCounts(/*include_descendants=*/true);
  for (size_t i = 0; i < own.size(); ++i) {
    const Code* c = p.FindCode(own[i].code_id);
    rows.counts[own[i].code_id] = c != nullptr && !c->codable ? subtree[i] : own[i];
  }
  // Depth first with an explicit stack (any depth), children grouped once.
  absl::flat_hash_map<absl::string_view, std::vector<const Code*>> children;
  for (const Code& c : p.codebook().codes()) children[c.parent_id].push_back(&c);
  std::vector<const std::string*> ancestors;  // Names from the root to the current parent.
  std::vector<std::pair<const std::vector<const Code*>*, size_t>> stack;
  auto kids = [&](absl::string_view of) -> const std::vector<const Code*>* {
    auto it = children.find(of);
    return it == children.end() ? nullptr : &it->second;
  };
  if (const auto* roots = kids("")) stack.push_back({roots, 0});
  while (!stack.empty()) {
    auto& [list, next] = stack.back();
    if (next == list->size()) {
      stack.pop_back();
      if (!ancestors.empty()) ancestors.pop_back();
      continue;
    }
    const Code* c = (*list)[next++];
    const int depth = static_cast<int>(stack.size()) - 1;
    rows.order.push_back({c, depth});
    std::vector<const std::string*> shown(
        ancestors.end() - std::min(ancestors.size(), kShownLevels - 1), ancestors.end());
    shown.push_back(&c->name);
    rows.shown_path.push_back(std::move(shown));
    if (const auto* below = kids(c->id)) {
      ancestors.push_back(&c->name);
      stack.push_back({below, 0});
    }
  }
  return rows;
}

}  // namespace

std::string CodebookDocument(const Project& p, ReportFormat format) {
  const CodebookRows rows = RowsOf(p);
  std::string out;
  if (format == ReportFormat::kCsv) {
    out = "path,name,parent,description,inclusion,exclusion,example,color,codable,excerpts,documents,cases\r\n";
    for (size_t row = 0; row < rows.order.size(); ++row) {
      const Code* c = rows.order[row].first;
      const CodeCount& n = rows.counts.at(c->id);
      const std::string parent = c->parent_id.empty() ? "" : p.FindCode(c->parent_id)->name;
      out += absl::StrJoin(
          std::vector<std::string>{CsvField(rows.Path(row, "/")), CsvField(c->name), CsvField(parent),
                                   CsvField(c->description), CsvField(c->inclusion), CsvField(c->exclusion),
                                   CsvField(c->example), CsvField(c->color), c->codable ? "true" : "false",
                                   absl::StrCat(n.excerpts), absl::StrCat(n.documents), absl::StrCat(n.cases)},
          ",");
      out += "\r\n";
    }
    return out;
  }
  const bool html = format == ReportFormat::kHtml;
  if (html) {
    absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                    HtmlEscape(p.title()), " — codebook</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>",
                    "Codebook: ", HtmlEscape(p.title()), "</h1>\n");
  } else {
    absl::StrAppend(&out, "# Codebook: ", MarkdownText(p.title()), "\n\n");
  }
  for (size_t row = 0; row < rows.order.size(); ++row) {
    const auto& [c, depth] = rows.order[row];
    const CodeCount& n = rows.counts.at(c->id);
    const std::string counts_line =
        absl::StrCat(CountOf(n.excerpts, "excerpt"), ", ", CountOf(n.documents, "document"), ", ",
                     CountOf(n.cases, "case"), c->codable ? "" : " (a folder: not codable; counts of its subtree)");
    const std::vector<std::pair<const char*, const std::string*>> fields = {
        {"Definition", &c->description}, {"Include", &c->inclusion}, {"Exclude", &c->exclusion},
        {"Example", &c->example}};
    std::vector<const Memo*> memos = p.MemosFor(c->id);
    if (html) {
      const int level = std::min(depth + 2, 6);
      absl::StrAppend(&out, "<h", level, ">", HtmlEscape(rows.Path(row, " / ")), "</h", level,
                      ">\n<p class=\"meta\">", HtmlEscape(counts_line), "</p>\n<dl>\n");
      for (const auto& [label, value] : fields) {
        if (!value->empty()) absl::StrAppend(&out, "<dt>", label, "</dt><dd>", HtmlEscape(*value), "</dd>\n");
      }
      for (const Memo* m : memos) {
        absl::StrAppend(&out, "<dt>Memo", m->title.empty() ? "" : absl::StrCat(": ", HtmlEscape(m->title)),
                        "</dt><dd>", HtmlEscape(m->text), "</dd>\n");
      }
      out += "</dl>\n";
    } else {
      absl::StrAppend(&out, std::string(std::min(depth + 2, 6), '#'), " ",
                      MarkdownText(rows.Path(row, " / ")), "\n\n*", counts_line, "*\n\n");
      for (const auto& [label, value] : fields) {
        if (!value->empty()) absl::StrAppend(&out, "- **", label, ":** ", MarkdownText(*value), "\n");
      }
      for (const Memo* m : memos) {
        absl::StrAppend(&out, "- **Memo", m->title.empty() ? "" : absl::StrCat(": ", MarkdownText(m->title)),
                        ":** ", absl::StrReplaceAll(MarkdownText(m->text), {{"\n", " "}}), "\n");
      }
      out += "\n";
    }
  }
  if (html) out += "</body>\n</html>\n";
  return out;
}

std::string CodebookTable(const Project& p) {
  const CodebookRows rows = RowsOf(p);
  std::vector<std::vector<std::string>> table;
  for (size_t row = 0; row < rows.order.size(); ++row) {
    const Code* c = rows.order[row].first;
    const CodeCount& n = rows.counts.at(c->id);
    std::vector<std::string> memos;
    for (const Memo* m : p.MemosFor(c->id)) memos.push_back(m->title.empty() ? m->text : absl::StrCat(m->title, ": ", m->text));
    table.push_back({absl::StrCat(rows.Path(row, " / "), c->codable ? "" : " (folder)"), c->description,
                     c->inclusion, c->exclusion, c->example, absl::StrJoin(memos, " "), absl::StrCat(n.excerpts),
                     absl::StrCat(n.documents), absl::StrCat(n.cases)});
  }
  return absl::StrCat("# Codebook: ", MarkdownText(p.title()), "\n\n",
                      PipeTable({"Code", "Definition", "Include", "Exclude", "Example", "Memos", "Excerpts",
                                 "Documents", "Cases"},
                                table),
                      "Counts of a folder (a code that only groups others) are those of its whole subtree.\n");
}

namespace {

std::string PandocProgram() {
  const char* env = std::getenv("THEMATICA_PANDOC");
  return env != nullptr && *env != '\0' ? env : "pandoc";
}

absl::Status PandocMissing(const std::string& program) {
  return absl::FailedPreconditionError(absl::StrCat("Pandoc '", program,
                                                    "' not found: install pandoc (Debian: apt-get install pandoc) "
                                                    "or set THEMATICA_PANDOC"));
}

}  // namespace

absl::StatusOr<std::string> MarkdownToDocx(absl::string_view markdown, absl::string_view resource_folder) {
  const std::string program = PandocProgram();
  // Plain prose: "$5 and $6", "~10" or "@P13" in a quote stay text, not math,
  // subscripts or citations. Markdown in on standard input, the .docx out on
  // standard output: no shell, no temporary files.
  absl::StatusOr<internal::ProcessResult> run = internal::RunProcess(
      {program, "--from=markdown-smart-tex_math_dollars-raw_tex-subscript-superscript-citations", "--to=docx",
       "--resource-path", resource_folder.empty() ? std::string(".") : std::string(resource_folder), "-o", "-"},
      markdown);
  if (absl::IsNotFound(run.status())) return PandocMissing(program);
  if (!run.ok()) return run.status();
  if (run->exit_code != 0 || run->out.empty()) {
    return absl::InternalError(absl::StrCat("Pandoc failed (exit ", run->exit_code, "): ", run->err));
  }
  return std::move(run->out);
}

std::vector<std::string> ReportFiles() {
  return {"thematic_map.dot", "thematic_map.svg", "thematic_map.png", "thematic_map.pdf",
          "report.md",        "report.html",      "report.docx",      "codebook.md",
          "codebook.html",    "codebook.csv",     "codebook.docx"};
}

absl::Status WriteReport(const Project& p, absl::string_view folder, const ReportOptions& options,
                         const std::function<void(int, int)>& progress) {
  // Render and check the tools first: a missing Graphviz or Pandoc stops the
  // report before anything is written.
  const std::string dot = ThematicMapDot(p);
  THEMATICA_ASSIGN_OR_RETURN(std::string svg, RenderDot(dot, "svg"));
  THEMATICA_ASSIGN_OR_RETURN(std::string png, RenderDot(ThematicMapDot(p, {.dpi = 192}), "png"));
  THEMATICA_ASSIGN_OR_RETURN(std::string pdf, RenderDot(dot, "pdf"));
  {
    const std::string program = PandocProgram();
    absl::StatusOr<internal::ProcessResult> version = internal::RunProcess({program, "--version"}, "");
    if (absl::IsNotFound(version.status())) return PandocMissing(program);
    if (!version.ok()) return version.status();
  }
  std::error_code error;
  std::filesystem::create_directories(std::string(folder), error);
  if (error) return IoError(error.value(), "create folder", folder);
  ReportOptions html = options;
  html.format = ReportFormat::kHtml;
  html.map_svg = svg;
  ReportOptions markdown = options;
  markdown.format = ReportFormat::kMarkdown;
  markdown.map_image = "thematic_map.png";
  const std::string report_md = ThemeReport(p, markdown);
  const std::string folder_path(folder);
  const std::vector<std::pair<std::string, std::function<absl::StatusOr<std::string>()>>> files = {
      {"thematic_map.dot", [&] { return dot; }},
      {"thematic_map.svg", [&] { return ScalableSvg(svg); }},
      {"thematic_map.png", [&] { return png; }},
      {"thematic_map.pdf", [&] { return pdf; }},
      {"report.md", [&] { return report_md; }},
      {"report.html", [&] { return ThemeReport(p, html); }},
      {"report.docx", [&] { return MarkdownToDocx(report_md, folder_path); }},
      {"codebook.md", [&] { return CodebookDocument(p, ReportFormat::kMarkdown); }},
      {"codebook.html", [&] { return CodebookDocument(p, ReportFormat::kHtml); }},
      {"codebook.csv", [&] { return CodebookDocument(p, ReportFormat::kCsv); }},
      {"codebook.docx", [&] { return MarkdownToDocx(CodebookTable(p), folder_path); }},
  };
  for (size_t i = 0; i < files.size(); ++i) {
    THEMATICA_ASSIGN_OR_RETURN(std::string content, files[i].second());
    THEMATICA_RETURN_IF_ERROR(WriteFileAtomic(absl::StrCat(folder, "/", files[i].first), content));
    if (progress) progress(static_cast<int>(i + 1), static_cast<int>(files.size()));
  }
  return absl::OkStatus();
}

}  // namespace thematica
