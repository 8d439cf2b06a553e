// Private to the report layer: what the theme report, the thematic map and
// the codebook document (report.cc, report_map.cc, report_themes.cc,
// report_codebook.cc) share.
//
//   const auto supports = internal::ThemeSupports(project, /*include_subthemes=*/true);
//   const internal::ThemeSupport& s = supports.at(theme.id);  // s.excerpts, s.cases
#ifndef THEMATICA_SRC_INTERNAL_REPORT_PARTS_H_
#define THEMATICA_SRC_INTERNAL_REPORT_PARTS_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica::internal {

// Excerpts supporting a theme (coded with any of its or its sub-themes'
// codes), in the order they were coded, and the cases they speak for.
struct ThemeSupport {
  std::vector<const Excerpt*> excerpts;
  std::set<std::string> cases;
};

// The support of every theme (theme id → support), in one pass over the
// excerpts.
absl::flat_hash_map<std::string, ThemeSupport> ThemeSupports(const Project& p, bool include_subthemes);

// "1 excerpt", "2 excerpts"; the plural adds "s" unless given.
std::string CountOf(int64_t n, absl::string_view singular, absl::string_view plural = "");

// WCAG 2 contrast ratio of two "#RRGGBB" colours (1 to 21).
double ContrastRatio(absl::string_view a, absl::string_view b);

// Escaping: HTML, every Markdown special character (backslash escapes), and
// the reports' minimal Markdown escaping (MarkdownText: only characters
// Markdown would misread there, so little or nothing shows when pasted).
std::string HtmlEscape(absl::string_view text);
std::string MarkdownEscape(absl::string_view text);
std::string MarkdownText(absl::string_view text);

// A Markdown pipe table, cells on one line.
std::string PipeTable(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows);

// The style sheet of the HTML report and codebook.
inline constexpr char kReportStyle[] =
    "body{font-family:Georgia,serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}"
    "h1,h2,h3,h4,h5,h6{font-family:Helvetica,Arial,sans-serif}"
    ".map{overflow-x:auto;border:1px solid #ddd;padding:.5em;margin:1em 0}.map svg{max-width:100%;height:auto}"
    "blockquote{margin:.6em 0 .6em 1em;padding-left:1em;border-left:3px solid #bbb}"
    ".who{color:#555;font-style:italic}.meta{color:#555;font-size:.95em}"
    "table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}"
    "td{text-align:right}th[scope=row]{text-align:left;font-weight:normal}caption{text-align:left;font-style:italic}"
    "figure{margin:1em 0}figcaption{font-style:italic;color:#444}"
    ".memo{background:#f6f6f0;border-left:3px solid #bba;padding:.4em .8em;margin:.6em 0}";

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_REPORT_PARTS_H_
