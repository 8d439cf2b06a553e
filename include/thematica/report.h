// Outputs that go into a paper: the thematic map as a figure (Graphviz DOT,
// rendered to SVG/PNG/PDF by Graphviz), the theme report as a results
// section (Markdown, one self-contained HTML file, and .docx made from the
// Markdown by Pandoc: the map as Figure 1, a summary table, each theme with
// its participants by attribute, representative quotes attributed the way
// papers print them — "(P13, peer worker)" — and its memos), and the
// codebook document (Markdown, HTML, CSV; as a table for .docx).
//
//   std::string dot = thematica::ThematicMapDot(project, {});
//   absl::StatusOr<std::string> svg = thematica::RenderDot(dot, "svg");
//   std::string html = thematica::ThemeReport(project,
//       {.attribute = "role", .format = ReportFormat::kHtml, .map_svg = *svg});
//   THEMATICA_RETURN_IF_ERROR(thematica::WriteReport(project, "out/", {}));
#ifndef THEMATICA_REPORT_H_
#define THEMATICA_REPORT_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

struct MapOptions {
  bool show_codes = false;  // Codes as small boxes inside their themes.
  // Labels wrap at about this many characters (0: never).
  int wrap = 24;
  // Graphviz `size` in inches, "W,H": a larger drawing is scaled down to
  // fit, so it prints at that width ("" to leave the natural size).
  std::string size = "6.5,9";
  // Graphviz `ratio` ("fill", "compress", "auto" or height/width as a
  // number; "" for Graphviz's default).
  std::string ratio;
  // TB, LR, BT or RL. Left to right by default: themes before the core,
  // sub-themes stacked beside their theme, which keeps the map near 3:2.
  std::string rankdir = "LR";
  std::string font = "Helvetica";  // Font family of every label.
  double font_size = 14;           // Theme labels, in points before scaling.
  // Pixels per inch of PNG output (0: Graphviz's 96); the report's PNG uses
  // 192 so the figure prints sharp at 6.5 inches.
  double dpi = 0;
};

// The thematic map as DOT: themes and sub-themes as nested clusters, each
// labelled with its (wrapped) name and its number of excerpts and
// participants; relations as labelled arrows; the core theme (metadata
// "core" = "true", else the theme with the most relations) emphasised by a
// bold double outline. Meaning never rests on colour alone: top-level
// themes have solid outlines, sub-themes dashed ones; theme colours are kept
// and the text on each fill is black or white, whichever contrasts more
// (always ≥ 4.5:1). A relation between a sub-theme and the theme whose
// cluster holds it ("part of") is kept for the layout but not drawn; every
// sub-theme is tied below its parent, so nothing floats.
std::string ThematicMapDot(const Project& project, const MapOptions& options = {});

// Renders DOT with a Graphviz layout program (THEMATICA_DOT names the `dot`
// binary, else PATH; `engine` is passed as -K: dot, neato, fdp, …): format
// "svg", "png" or "pdf". FailedPrecondition when Graphviz is not installed.
absl::StatusOr<std::string> RenderDot(absl::string_view dot, absl::string_view format,
                                      absl::string_view engine = "dot");

// An SVG made to scale: width 100% of its container (a notebook cell, a
// window, a page) and height following the aspect ratio of its viewBox.
std::string ScalableSvg(absl::string_view svg);

// How papers attribute an excerpt: "(P13, peer worker)" with the value of
// `attribute` for each of its cases, "(P13)" without a value (or with a null
// attribute), "(unattributed)" without a case.
std::string Attribution(const Project& project, const Excerpt& excerpt,
                        const AttributeDefinition* attribute);

enum class ReportFormat { kMarkdown, kHtml, kCsv };
// "markdown", "html", "csv"; Parse also takes "md" for Markdown and is
// InvalidArgument for other names.
absl::string_view ReportFormatName(ReportFormat format);
absl::StatusOr<ReportFormat> ParseReportFormat(absl::string_view name);

// The attribute a report groups participants by: `requested` when it names
// one (NotFound listing the project's attributes when it names none), none
// for "", and with nullopt `preferred` when the project declares an attribute
// of that name, else none. The library prefers no attribute of its own: a
// front end passes its default (the CLI and the Python API pass "role").
absl::StatusOr<std::string> ReportAttribute(const Project& project,
                                            const std::optional<std::string>& requested,
                                            absl::string_view preferred);

struct ReportOptions {
  // The attribute (name or id) quotes are attributed and participants
  // counted by: "role" gives "(P13, peer worker)"; "" for none.
  std::string attribute;
  ReportFormat format = ReportFormat::kMarkdown;
  std::string map_svg;  // HTML: inlined (scaled to the page) as Figure 1.
  // Markdown: the map image the report shows as Figure 1, a path relative to
  // the report or a data: URI ("" for no figure).
  std::string map_image;
  // Representative quotes per theme (most of the theme's codes, distinct
  // participants, spread over the attribute's values); -1 for every quote.
  int max_quotes = 3;
  bool repeat_quotes = false;  // Whether a quote may appear under several themes.
  bool memos = true;           // Memos on each theme and on its codes.
};

// The results section: the map as Figure 1 with its caption, a summary table
// of themes × attribute values (participants), then every theme in hierarchy
// order with its description, participants by attribute value (a line and a
// table), sub-themes, codes, its representative quotes attributed as papers
// print them ("(P13, peer worker)"; "(unattributed)" without a case) and its
// memos. Counts use correct plurals ("1 excerpt", "2 patients"). Markdown
// escapes only what Markdown would otherwise misread, so the text pastes
// into a word processor unchanged; HTML is escaped and self-contained.
std::string ThemeReport(const Project& project, const ReportOptions& options = {});

// The codebook appendix: hierarchy, definitions, inclusion and exclusion
// criteria, examples, counts (excerpts, documents, cases; a non-codable
// folder counts its whole subtree). Markdown or HTML as a document per
// code, CSV (RFC 4180) as a table.
std::string CodebookDocument(const Project& project, ReportFormat format);

// The codebook as one Markdown pipe table (code path, definition, include,
// exclude, example, counts): what the .docx codebook is made from.
std::string CodebookTable(const Project& project);

// Converts Markdown to .docx with Pandoc (THEMATICA_PANDOC names the
// program, else `pandoc` on PATH); images are looked up in `resource_folder`.
// FailedPrecondition when Pandoc is not installed.
absl::StatusOr<std::string> MarkdownToDocx(absl::string_view markdown, absl::string_view resource_folder);

// Writes into `folder` (created if missing), each file atomically:
// thematic_map.dot/.svg/.png/.pdf, report.md, report.html, report.docx,
// codebook.md, codebook.html, codebook.csv and codebook.docx. Graphviz and
// Pandoc are checked first: when one is missing nothing is written.
// `progress(done, total)` is called after each file.
absl::Status WriteReport(const Project& project, absl::string_view folder,
                         const ReportOptions& options = {},
                         const std::function<void(int, int)>& progress = nullptr);

// The file names WriteReport writes, in order.
std::vector<std::string> ReportFiles();

}  // namespace thematica

#endif  // THEMATICA_REPORT_H_
