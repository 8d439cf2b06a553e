// The thematic map: DOT text for Graphviz (ThematicMapDot), rendering it
// with Graphviz run as a program (RenderDot), and the SVG made to scale.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "internal/report_parts.h"
#include "internal/subprocess.h"
#include "thematica/report.h"

namespace thematica {
namespace {

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
  return internal::ContrastRatio(fill, "#000000") >= internal::ContrastRatio(fill, "#ffffff") ? "#000000" : "#ffffff";
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

namespace internal {

double ContrastRatio(absl::string_view a, absl::string_view b) {
  const double x = Luminance(a), y = Luminance(b);
  return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

}  // namespace internal

std::string ThematicMapDot(const Project& p, const MapOptions& options) {
  const absl::flat_hash_map<std::string, internal::ThemeSupport> supports = internal::ThemeSupports(p, /*include_subthemes=*/true);
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
      const internal::ThemeSupport& s = supports.at(id);
      const std::string pad(static_cast<size_t>(2 * (depth + 1)), ' ');
      const bool children = !p.ThemeChildren(id).empty();
      const bool cluster = children || (options.show_codes && !t.code_ids.empty());
      const std::string label = absl::StrCat(Wrap(t.name, options.wrap), "\n",
                                             internal::CountOf(static_cast<int64_t>(s.excerpts.size()), "excerpt"), " · ",
                                             internal::CountOf(static_cast<int64_t>(s.cases.size()), "participant"));
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

}  // namespace thematica
