// Python bindings for REFI-QDA exchange (thematica._core._read_qdpx, …); the
// public functions live in thematica/_refi.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>

#include "binders.h"
#include "py_util.h"
#include "thematica/codebook_csv.h"
#include "thematica/refi_qda.h"

namespace thematica::python {
namespace {

namespace py = pybind11;

py::tuple ToTuple(absl::StatusOr<ImportResult> result) {
  ImportResult r = Unwrap(std::move(result));
  return py::make_tuple(std::move(r.project), std::move(r.warnings));
}

}  // namespace

void BindRefi(py::module_& m) {
  m.def("_read_qdpx",
        [](const std::string& path, int64_t max_entry_size, int64_t max_total_size,
           int64_t max_entries, double max_compression_ratio,
           std::optional<std::string> positions) {
          QdpxLimits limits;
          limits.max_entry_size = max_entry_size;
          limits.max_total_size = max_total_size;
          limits.max_entries = max_entries;
          limits.max_compression_ratio = max_compression_ratio;
          if (positions.has_value()) limits.positions = Unwrap(ParsePositionConvention(*positions));
          absl::StatusOr<ImportResult> result;
          {
            py::gil_scoped_release release;
            result = ReadQdpx(path, limits);
          }
          return ToTuple(std::move(result));
        },
        py::arg("path"), py::arg("max_entry_size"), py::arg("max_total_size"),
        py::arg("max_entries"), py::arg("max_compression_ratio"), py::arg("positions"));
  m.def("_read_qdc",
        [](const std::string& path) {
          absl::StatusOr<ImportResult> result;
          {
            py::gil_scoped_release release;  // Reads a file into a new project.
            result = ReadQdc(path);
          }
          return ToTuple(std::move(result));
        },
        py::arg("path"));
  m.def("_write_qdpx",
        [](const Project& project, const std::string& path, const std::string& target) {
          QdpxWriteOptions options;
          options.target = Unwrap(ParseExportTarget(target));
          std::vector<std::string> warnings;
          // Keeps the GIL: the project must not change while it is read.
          ThrowIfError(WriteQdpx(project, path, options, &warnings));
          return warnings;
        },
        py::arg("project"), py::arg("path"), py::arg("target"));
  m.def("_write_codebook_csv",
        [](const Project& project, const std::string& path) {
          ThrowIfError(WriteCodebookCsv(project, path));
        },
        py::arg("project"), py::arg("path"));
  m.def("_read_codebook_csv",
        [](const std::string& path) {
          absl::StatusOr<Project> result;
          {
            py::gil_scoped_release release;  // Reads a file into a new project.
            result = ReadCodebookCsv(path);
          }
          return Unwrap(std::move(result));
        },
        py::arg("path"));
  m.def("_write_qdc",
        [](const Project& project, const std::string& path) {
          ThrowIfError(WriteQdc(project, path));
        },
        py::arg("project"), py::arg("path"));
  m.def("_position_convention_for_origin", [](const std::string& origin) {
    return std::string(PositionConventionName(ConventionForOrigin(origin)));
  });
}

}  // namespace thematica::python
