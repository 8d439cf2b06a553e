#include "thematica/report.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "internal/csv.h"
#include "thematica/file_util.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

// Excerpts supporting a theme (coded with any of its or its sub-themes'
// codes), in the order they were coded, and the cases they speak for.
struct Support {
  std::vector<const Excerpt*> excerpts;
  std::set<std::string> cases;
};

Support SupportOf(const Project& p, const std::string& theme, bool include_subthemes) {
  const std::vector<std::string> codes = p.ThemeCodeIds(theme, include_subthemes);
  const absl::flat_hash_set<std::string> set(codes.begin(), codes.end());
  Support s;
  for (const Excerpt& e : p.excerpts()) {
    if (std::none_of(e.code_ids.begin(), e.code_ids.end(), [&](const std::string& c) { return set.contains(c); })) {
      continue;
    }
    s.excerpts.push_back(&e);
    for (std::string& c : p.ExcerptCaseIds(e)) s.cases.insert(std::move(c));
  }
  return s;
}

const AttributeDefinition* Attribute(const Project& p, const std::string& name) {
  const AttributeDefinition* a = p.FindAttributeByName(name);
  return a != nullptr ? a : p.FindAttribute(name);
}

// "(P13, peer worker)", "(P13)" without a value, "(unattributed)".
std::string Attribution(const Project& p, const Excerpt& e, const AttributeDefinition* attribute) {
  std::vector<std::string> parts;
  for (const std::string& id : p.ExcerptCaseIds(e)) {
    const Case* c = p.FindCase(id);
    const AttributeValue* v = attribute == nullptr ? nullptr : p.CaseAttribute(id, attribute->id);
    parts.push_back(v == nullptr ? c->name : absl::StrCat(c->name, ", ", v->ToString()));
  }
  return parts.empty() ? "(unattributed)" : absl::StrCat("(", absl::StrJoin(parts, "; "), ")");
}

// "3 patient, 2 HCP" for the cases supporting a theme.
std::string ParticipantsByValue(const Project& p, const std::set<std::string>& cases,
                                const AttributeDefinition* attribute) {
  std::map<std::string, int> counts;
  for (const std::string& id : cases) {
    const AttributeValue* v = attribute == nullptr ? nullptr : p.CaseAttribute(id, attribute->id);
    ++counts[v == nullptr ? "no value" : v->ToString()];
  }
  std::vector<std::string> parts;
  for (const auto& [value, n] : counts) parts.push_back(absl::StrCat(n, " ", value));
  return parts.empty() ? "none" : absl::StrJoin(parts, ", ");
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
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}";

}  // namespace

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

std::string ThematicMapDot(const Project& p, const MapOptions& options) {
  const std::string core = CoreTheme(p);
  std::map<std::string, int> index;
  for (size_t i = 0; i < p.themes().size(); ++i) index[p.themes()[i].id] = static_cast<int>(i);
  std::string dot = absl::StrCat(
      "digraph thematic_map {\n  graph [compound=true, rankdir=TB, fontname=\"Helvetica\", label=",
      DotQuote(p.title()), ", labelloc=t, fontsize=18];\n"
      "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\", fontname=\"Helvetica\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=10];\n");
  std::function<void(const std::string&, int)> emit = [&](const std::string& parent, int depth) {
    for (const std::string& id : p.ThemeChildren(parent)) {
      const Theme& t = *p.FindTheme(id);
      const Support s = SupportOf(p, id, /*include_subthemes=*/true);
      const std::string pad(static_cast<size_t>(2 * (depth + 1)), ' ');
      const bool children = !p.ThemeChildren(id).empty();
      const bool cluster = children || (options.show_codes && !t.code_ids.empty());
      const std::string label = absl::StrCat(t.name, "\n", s.excerpts.size(), " excerpts · ", s.cases.size(),
                                             " participants");
      const std::string color = t.color.empty() ? "#f4f4f4" : t.color;
      if (cluster) {
        absl::StrAppend(&dot, pad, "subgraph cluster_", index[id], " {\n", pad, "  style=\"rounded\"; color=",
                        DotQuote(t.color.empty() ? "#999999" : t.color), "; label=\"\";\n");
      }
      const bool is_core = id == core;
      absl::StrAppend(&dot, pad, cluster ? "  " : "", "t", index[id], " [label=", DotQuote(label),
                      ", fillcolor=", DotQuote(color), is_core ? ", shape=ellipse, penwidth=3, fontsize=16, "
                                                                  "style=\"filled,bold\", group=core"
                                                                : "",
                      "];\n");
      if (options.show_codes) {
        for (size_t k = 0; k < t.code_ids.size(); ++k) {
          const Code* c = p.FindCode(t.code_ids[k]);
          absl::StrAppend(&dot, pad, "  c", index[id], "_", k, " [label=", DotQuote(c->name),
                          ", shape=note, style=filled, fontsize=9, fillcolor=",
                          DotQuote(c->color.empty() ? "#ffffff" : c->color), "];\n");
        }
      }
      emit(id, depth + (cluster ? 1 : 0));
      if (cluster) absl::StrAppend(&dot, pad, "}\n");
    }
  };
  emit("", 0);
  for (const Relation& r : p.relations()) {
    auto s = index.find(r.source_id), t = index.find(r.target_id);
    if (s == index.end() || t == index.end()) continue;  // Code ends are drawn only as theme members.
    const char* dir = r.direction == RelationDirection::kBidirectional ? "both"
                      : r.direction == RelationDirection::kAssociative ? "none"
                                                                       : "forward";
    absl::StrAppend(&dot, "  t", s->second, " -> t", t->second, " [label=", DotQuote(r.label), ", dir=", dir,
                    "];\n");
  }
  dot += "}\n";
  return dot;
}

absl::StatusOr<std::string> RenderDot(absl::string_view dot, absl::string_view format) {
  if (format != "svg" && format != "png") {
    return absl::InvalidArgumentError(absl::StrCat("unknown map format \"", format, "\" (svg or png)"));
  }
  const char* env = std::getenv("THEMATICA_DOT");
  const std::string program = env != nullptr && *env != '\0' ? env : "dot";
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  const std::string stem = (dir / absl::StrCat("thematica_map_", ::getpid(), "_", reinterpret_cast<uintptr_t>(&dot)))
                               .string();
  THEMATICA_RETURN_IF_ERROR(WriteFileAtomic(stem + ".dot", dot));
  const std::string command = absl::StrCat("'", program, "' -T", format, " -o '", stem, ".", format, "' '", stem,
                                           ".dot' 2>'", stem, ".err'");
  const int rc = std::system(command.c_str());
  absl::StatusOr<std::string> out = ReadFile(stem + "." + std::string(format));
  const std::string err = ReadFile(stem + ".err").value_or("");
  for (const char* ext : {".dot", ".svg", ".png", ".err"}) std::filesystem::remove(stem + ext);
  if (rc != 0 || !out.ok()) {
    if (WIFEXITED(rc) && WEXITSTATUS(rc) == 127) {
      return absl::FailedPreconditionError(absl::StrCat(
          "Graphviz '", program, "' not found: install graphviz (Debian: apt-get install graphviz) or set THEMATICA_DOT"));
    }
    return absl::InternalError(absl::StrCat("Graphviz failed: ", err));
  }
  return out;
}

std::string ThemeReport(const Project& p, const ReportOptions& o) {
  const AttributeDefinition* attribute = Attribute(p, o.attribute);
  const bool html = o.format == ReportFormat::kHtml;
  auto text = [&](absl::string_view s) { return html ? HtmlEscape(s) : MarkdownEscape(s); };
  std::string out;
  if (html) {
    absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                    HtmlEscape(p.title()), " — themes</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<h1>",
                    HtmlEscape(p.title()), "</h1>\n");
    if (!p.info().description.empty()) absl::StrAppend(&out, "<p>", HtmlEscape(p.info().description), "</p>\n");
    if (!o.map_svg.empty()) {
      const size_t svg = o.map_svg.find("<svg");
      absl::StrAppend(&out, "<div class=\"map\">\n",
                      svg == std::string::npos ? o.map_svg : o.map_svg.substr(svg), "\n</div>\n");
    }
  } else {
    absl::StrAppend(&out, "# ", MarkdownEscape(p.title()), "\n\n");
    if (!p.info().description.empty()) absl::StrAppend(&out, MarkdownEscape(p.info().description), "\n\n");
    absl::StrAppend(&out, "![Thematic map](thematic_map.svg)\n\n");
  }
  Walk(p, "", 0, [&](const Theme& t, int depth) {
    const Support s = SupportOf(p, t.id, /*include_subthemes=*/true);
    const int level = std::min(depth + 2, 6);
    std::vector<std::string> subthemes;
    for (const std::string& id : p.ThemeChildren(t.id)) subthemes.push_back(p.FindTheme(id)->name);
    const std::string participants = absl::StrCat(s.cases.size(), " participants (",
                                                  ParticipantsByValue(p, s.cases, attribute), "), ",
                                                  s.excerpts.size(), " excerpts");
    if (html) {
      absl::StrAppend(&out, "<section>\n<h", level, ">", HtmlEscape(t.name), "</h", level, ">\n");
      if (!t.description.empty()) absl::StrAppend(&out, "<p>", HtmlEscape(t.description), "</p>\n");
      absl::StrAppend(&out, "<p class=\"meta\">", HtmlEscape(participants), "</p>\n");
      if (!subthemes.empty()) {
        absl::StrAppend(&out, "<p class=\"meta\">Sub-themes: ", HtmlEscape(absl::StrJoin(subthemes, "; ")), "</p>\n");
      }
      if (!t.code_ids.empty()) {
        absl::StrAppend(&out, "<p class=\"meta\">Codes: ", HtmlEscape(CodeNames(p, t.code_ids)), "</p>\n");
      }
    } else {
      absl::StrAppend(&out, std::string(level, '#'), " ", MarkdownEscape(t.name), "\n\n");
      if (!t.description.empty()) absl::StrAppend(&out, MarkdownEscape(t.description), "\n\n");
      absl::StrAppend(&out, "*", MarkdownEscape(participants), "*\n\n");
      if (!subthemes.empty()) absl::StrAppend(&out, "Sub-themes: ", text(absl::StrJoin(subthemes, "; ")), "\n\n");
      if (!t.code_ids.empty()) absl::StrAppend(&out, "Codes: ", text(CodeNames(p, t.code_ids)), "\n\n");
    }
    // Quotes of the theme's own codes; sub-themes list theirs.
    const Support own = SupportOf(p, t.id, /*include_subthemes=*/false);
    for (const Excerpt* e : own.excerpts) {
      const std::string quote = std::string(p.ExcerptText(*e));
      const std::string who = Attribution(p, *e, attribute);
      if (html) {
        absl::StrAppend(&out, "<blockquote>“",
                        absl::StrReplaceAll(HtmlEscape(quote), {{"\n", "<br>\n"}}), "” <span class=\"who\">",
                        HtmlEscape(who), "</span></blockquote>\n");
      } else {
        std::vector<std::string> lines = absl::StrSplit(MarkdownEscape(quote), '\n');
        absl::StrAppend(&out, "> “", absl::StrJoin(lines, "  \n> "), "” ", MarkdownEscape(who), "\n\n");
      }
    }
    if (html) out += "</section>\n";
  });
  if (html) out += "</body>\n</html>\n";
  return out;
}

std::string CodebookDocument(const Project& p, ReportFormat format) {
  const std::vector<CodeCount> counts = p.CodeCounts();
  std::map<std::string, const CodeCount*> count_of;
  for (const CodeCount& c : counts) count_of[c.code_id] = &c;
  std::vector<std::pair<const Code*, int>> order;  // Hierarchy order with depth.
  std::function<void(const std::string&, int)> walk = [&](const std::string& parent, int depth) {
    for (const std::string& id : p.codebook().Children(parent)) {
      order.push_back({p.FindCode(id), depth});
      walk(id, depth + 1);
    }
  };
  walk("", 0);
  std::string out;
  if (format == ReportFormat::kCsv) {
    out = "path,name,parent,description,inclusion,exclusion,example,color,codable,excerpts,documents,cases\r\n";
    for (const auto& [c, depth] : order) {
      const CodeCount& n = *count_of[c->id];
      const std::string parent = c->parent_id.empty() ? "" : p.FindCode(c->parent_id)->name;
      out += absl::StrJoin(
          std::vector<std::string>{CsvField(p.codebook().Path(c->id, "/")), CsvField(c->name), CsvField(parent),
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
    absl::StrAppend(&out, "# Codebook: ", MarkdownEscape(p.title()), "\n\n");
  }
  for (const auto& [c, depth] : order) {
    const CodeCount& n = *count_of[c->id];
    const std::string counts_line = absl::StrCat(n.excerpts, " excerpts, ", n.documents, " documents, ", n.cases,
                                                 " cases", c->codable ? "" : " (a folder: not codable)");
    const std::vector<std::pair<const char*, const std::string*>> fields = {
        {"Definition", &c->description}, {"Include", &c->inclusion}, {"Exclude", &c->exclusion},
        {"Example", &c->example}};
    if (html) {
      const int level = std::min(depth + 2, 6);
      absl::StrAppend(&out, "<h", level, ">", HtmlEscape(p.codebook().Path(c->id, " / ")), "</h", level,
                      ">\n<p class=\"meta\">", HtmlEscape(counts_line), "</p>\n<dl>\n");
      for (const auto& [label, value] : fields) {
        if (!value->empty()) absl::StrAppend(&out, "<dt>", label, "</dt><dd>", HtmlEscape(*value), "</dd>\n");
      }
      out += "</dl>\n";
    } else {
      absl::StrAppend(&out, std::string(std::min(depth + 2, 6), '#'), " ",
                      MarkdownEscape(p.codebook().Path(c->id, " / ")), "\n\n*", counts_line, "*\n\n");
      for (const auto& [label, value] : fields) {
        if (!value->empty()) absl::StrAppend(&out, "- **", label, ":** ", MarkdownEscape(*value), "\n");
      }
      out += "\n";
    }
  }
  if (html) out += "</body>\n</html>\n";
  return out;
}

absl::Status WriteReport(const Project& p, absl::string_view folder, const ReportOptions& options,
                         const std::function<void(int, int)>& progress) {
  // Render first: a missing Graphviz stops the report before anything is written.
  const std::string dot = ThematicMapDot(p);
  THEMATICA_ASSIGN_OR_RETURN(std::string svg, RenderDot(dot, "svg"));
  THEMATICA_ASSIGN_OR_RETURN(std::string png, RenderDot(dot, "png"));
  std::error_code error;
  std::filesystem::create_directories(std::string(folder), error);
  if (error) return IoError(error.value(), "create folder", folder);
  ReportOptions html = options;
  html.format = ReportFormat::kHtml;
  html.map_svg = svg;
  ReportOptions markdown = options;
  markdown.format = ReportFormat::kMarkdown;
  const std::vector<std::pair<std::string, std::function<std::string()>>> files = {
      {"thematic_map.dot", [&] { return dot; }},
      {"thematic_map.svg", [&] { return svg; }},
      {"thematic_map.png", [&] { return png; }},
      {"report.md", [&] { return ThemeReport(p, markdown); }},
      {"report.html", [&] { return ThemeReport(p, html); }},
      {"codebook.md", [&] { return CodebookDocument(p, ReportFormat::kMarkdown); }},
      {"codebook.html", [&] { return CodebookDocument(p, ReportFormat::kHtml); }},
      {"codebook.csv", [&] { return CodebookDocument(p, ReportFormat::kCsv); }},
  };
  for (size_t i = 0; i < files.size(); ++i) {
    THEMATICA_RETURN_IF_ERROR(WriteFileAtomic(absl::StrCat(folder, "/", files[i].first), files[i].second()));
    if (progress) progress(static_cast<int>(i + 1), static_cast<int>(files.size()));
  }
  return absl::OkStatus();
}

}  // namespace thematica
