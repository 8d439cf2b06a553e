// Binds the map, reports and codebook document as Project methods (the
// ThematicMap object and notebook displays are in bindings/thematica/_display.py).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "py_util.h"
#include "thematica/report.h"

namespace py = pybind11;

namespace thematica::python {
namespace {

ReportFormat ParseFormat(const std::string& format) {
  if (format == "markdown" || format == "md") return ReportFormat::kMarkdown;
  if (format == "html") return ReportFormat::kHtml;
  if (format == "csv") return ReportFormat::kCsv;
  ThrowIfError(absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", format, "\" (expected markdown, html or csv)")));
  return ReportFormat::kMarkdown;
}

void BindReport(py::module_& m) {
  m.def("_render_dot", [](const std::string& dot, const std::string& format) {
    absl::StatusOr<std::string> out;
    {
      py::gil_scoped_release release;
      out = RenderDot(dot, format);
    }
    return py::bytes(Unwrap(std::move(out)));
  });
  m.def("_html_escape", [](const std::string& text) { return HtmlEscape(text); });
  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def("_map_dot", [](const Project& p, bool show_codes) { return ThematicMapDot(p, {.show_codes = show_codes}); });
  cls.def("_report", [](const Project& p, const std::string& attribute, const std::string& format,
                        const std::string& map_svg) {
    if (format == "csv") ThrowIfError(absl::InvalidArgumentError("the theme report is markdown or html"));
    return ThemeReport(p, {.attribute = attribute, .format = ParseFormat(format), .map_svg = map_svg});
  });
  cls.def("codebook_document",
          [](const Project& p, const std::string& format) { return CodebookDocument(p, ParseFormat(format)); },
          py::arg("format") = "markdown",
          "The codebook appendix (hierarchy, definitions, inclusion/exclusion, examples, counts) as "
          "markdown, html or csv.");
  cls.def("write_report",
          [](const Project& p, const std::string& folder, const std::string& attribute) {
            // Keeps the GIL: the project must not change while it is read.
            ThrowIfError(WriteReport(p, folder, {.attribute = attribute}));
          },
          py::arg("folder"), py::arg("attribute") = "role",
          "Writes thematic_map.dot/.svg/.png, report.md, report.html, codebook.md/.html/.csv into folder.");
}

const BinderRegistrar kReport(40, BindReport);

}  // namespace
}  // namespace thematica::python
