// Seeing the analysis: the thematic map (Graphviz DOT, rendered to SVG/PNG
// by Graphviz's `dot`), the theme report (Markdown and one self-contained
// HTML file: each theme with its description, sub-themes, codes and the
// supporting quotes attributed the way papers print them — "(P13, peer
// worker)"), and the codebook document (Markdown, HTML, CSV).
//
//   std::string dot = thematica::ThematicMapDot(project, {});
//   absl::StatusOr<std::string> svg = thematica::RenderDot(dot, "svg");
//   std::string html = thematica::ThemeReport(project,
//       {.attribute = "role", .format = ReportFormat::kHtml, .map_svg = *svg});
//   THEMATICA_RETURN_IF_ERROR(thematica::WriteReport(project, "out/", {}));
#ifndef THEMATICA_REPORT_H_
#define THEMATICA_REPORT_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

struct MapOptions {
  bool show_codes = false;  // Codes as small boxes inside their themes.
};

// The thematic map as DOT: themes and sub-themes as nested clusters, each
// labelled with its number of excerpts and participants; relations as
// labelled arrows; the core theme (metadata "core" = "true", else the theme
// with the most relations) drawn central and emphasised; colours kept.
std::string ThematicMapDot(const Project& project, const MapOptions& options = {});

// Renders DOT with Graphviz's `dot` program (THEMATICA_DOT names it, else
// PATH): format "svg" or "png". FailedPrecondition when dot is not installed.
absl::StatusOr<std::string> RenderDot(absl::string_view dot, absl::string_view format);

enum class ReportFormat { kMarkdown, kHtml, kCsv };

struct ReportOptions {
  std::string attribute = "role";  // Attribution: "(P13, peer worker)".
  ReportFormat format = ReportFormat::kMarkdown;
  std::string map_svg;             // Inlined at the top of the HTML report.
};

// Every theme in hierarchy order: description, sub-themes, codes, the
// participants per attribute value, and every supporting quote with its
// attribution ("(unattributed)" without a case; the bare case name when
// the case has no value). Text is escaped for the format.
std::string ThemeReport(const Project& project, const ReportOptions& options = {});

// The codebook appendix: hierarchy, definitions, inclusion and exclusion
// criteria, examples, counts (excerpts, documents, cases). Markdown, HTML or
// CSV (RFC 4180).
std::string CodebookDocument(const Project& project, ReportFormat format);

// Writes thematic_map.dot (+ .svg and .png when Graphviz is there),
// report.md, report.html, codebook.md, codebook.html and codebook.csv into
// `folder` (created if missing), each atomically. `progress(done, total)` is
// called after each file.
absl::Status WriteReport(const Project& project, absl::string_view folder,
                         const ReportOptions& options = {},
                         const std::function<void(int, int)>& progress = nullptr);

// Escaping used by the reports.
std::string HtmlEscape(absl::string_view text);
std::string MarkdownEscape(absl::string_view text);

}  // namespace thematica

#endif  // THEMATICA_REPORT_H_
