// Binds the map, reports and codebook document as Project methods (the
// ThematicMap object and notebook displays are in bindings/thematica/_display.py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "internal/report_parts.h"
#include "py_util.h"
#include "thematica/report.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

}  // namespace

void BindReport(py::module_& m) {
  m.def("_render_dot", [](const std::string& dot, const std::string& format, const std::string& engine) {
    absl::StatusOr<std::string> out;
    {
      py::gil_scoped_release release;
      out = RenderDot(dot, format, engine);
    }
    return py::bytes(Unwrap(std::move(out)));
  }, py::arg("dot"), py::arg("format"), py::arg("engine") = "dot");
  m.def("_scalable_svg", [](const std::string& svg) { return ScalableSvg(svg); });
  m.def("_html_escape", [](const std::string& text) { return internal::HtmlEscape(text); });
  m.def("_report_attribute", [](const Project& p, std::optional<std::string> requested) {
    return Unwrap(ReportAttribute(p, requested, /*preferred=*/"role"));  // The Python API's default.
  });
  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def("_map_dot", [](const Project& p, bool show_codes, int wrap, const std::string& size,
                         const std::string& ratio, const std::string& rankdir, const std::string& font,
                         double font_size) {
    return ThematicMapDot(p, {.show_codes = show_codes, .wrap = wrap, .size = size, .ratio = ratio,
                              .rankdir = rankdir, .font = font, .font_size = font_size});
  });
  cls.def("_report", [](const Project& p, const std::string& attribute, const std::string& format,
                        const std::string& map_svg, const std::string& map_image, int max_quotes, bool repeat_quotes,
                        bool memos) {
    if (format == "csv") ThrowIfError(absl::InvalidArgumentError("the theme report is markdown or html"));
    return ThemeReport(p, {.attribute = attribute,
                           .format = Unwrap(ParseReportFormat(format)),
                           .map_svg = map_svg,
                           .map_image = map_image,
                           .max_quotes = max_quotes,
                           .repeat_quotes = repeat_quotes,
                           .memos = memos});
  });
  cls.def("codebook_document",
          [](const Project& p, const std::string& format) {
            return CodebookDocument(p, Unwrap(ParseReportFormat(format)));
          },
          py::arg("format") = "markdown",
          "The codebook appendix (hierarchy, definitions, inclusion/exclusion, examples, memos, counts; a "
          "folder counts its subtree) as markdown, html or csv.");
  cls.def("_codebook_table", [](const Project& p) { return CodebookTable(p); });
  m.def("_markdown_to_docx", [](const std::string& markdown, const std::string& resource_folder) {
    absl::StatusOr<std::string> out;
    {
      py::gil_scoped_release release;
      out = MarkdownToDocx(markdown, resource_folder);
    }
    return py::bytes(Unwrap(std::move(out)));
  });
  m.def("_report_files", [] { return ReportFiles(); });
  cls.def("_write_report",
          [](const Project& p, const std::string& folder, const std::string& attribute, int max_quotes,
             bool repeat_quotes, bool memos) {
            // Keeps the GIL: the project must not change while it is read.
            ThrowIfError(WriteReport(p, folder,
                                     {.attribute = attribute, .max_quotes = max_quotes,
                                      .repeat_quotes = repeat_quotes, .memos = memos}));
          });
}

}  // namespace thematica::python
