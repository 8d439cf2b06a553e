// Python bindings for importing files (thematica._core.Project._import_files)
// and the import-related model fields (SpeakerTurn.start_ms/end_ms,
// Document.source_file); the public methods live in thematica/_import.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "binders.h"
#include "py_util.h"
#include "thematica/document.h"
#include "thematica/import.h"
#include "thematica/phrase.h"
#include "thematica/project.h"

namespace thematica::python {
namespace {

namespace py = pybind11;

Typed<"int | None"> OptionalMs(int64_t ms) { return ms < 0 ? py::none() : py::object(py::int_(ms)); }

}  // namespace

void BindImport(py::module_& m) {
  auto turn = py::reinterpret_borrow<py::class_<SpeakerTurn>>(m.attr("SpeakerTurn"));
  turn.def_property_readonly(
          "start_ms", [](const SpeakerTurn& t) { return OptionalMs(t.start_ms); },
          "Start time in milliseconds, or None when unknown.")
      .def_property_readonly(
          "end_ms", [](const SpeakerTurn& t) { return OptionalMs(t.end_ms); },
          "End time in milliseconds, or None when unknown.");

  py::class_<SourceFile>(m, "SourceFile", "The original file a document was imported from (read-only).")
      .def_readonly("name", &SourceFile::name)
      .def_property_readonly("content", [](const SourceFile& f) { return py::bytes(f.content); })
      .def_readonly("sha256", &SourceFile::sha256)
      .def_readonly("media_type", &SourceFile::media_type)
      .def_readonly("importer", &SourceFile::importer)
      .def("__repr__", [](const SourceFile& f) {
        return "<SourceFile " + py::repr(py::str(f.name)).cast<std::string>() + " " + f.media_type + " " +
               std::to_string(f.content.size()) + " bytes>";
      });
  auto document = py::reinterpret_borrow<py::class_<Document>>(m.attr("Document"));
  document.def_property_readonly(
      "source_file",
      [](const Document& d) -> Typed<"SourceFile | None"> {
        if (!d.source_file.has_value()) return py::none();
        return py::cast(*d.source_file);
      },
      "The imported original file (SourceFile), or None.");

  py::class_<Table>(m, "_Table", "Cells as text for Project._import_table (private).")
      .def(py::init([](std::string source, std::vector<std::string> columns,
                       std::vector<std::vector<std::string>> rows) {
             return Table{std::move(source), std::move(columns), std::move(rows)};
           }),
           py::arg("source"), py::arg("columns"), py::arg("rows"));
  m.def(
      "_read_table",
      [](const std::string& path, const std::string& encoding) {
        absl::StatusOr<Table> read;
        {
          py::gil_scoped_release release;  // Reads a file into a new table.
          read = ReadTable(path, encoding);
        }
        Table t = Unwrap(std::move(read));
        return py::make_tuple(t.source, t.columns, t.rows);
      },
      py::arg("path"), py::arg("encoding") = "");
  m.def("supported_import_extensions", &SupportedImportExtensions,
        "File extensions Project.import_file reads (lower case, with the dot).");

  m.def(
      "_find_phrase",
      [](const std::string& text, const std::string& phrase) {
        PhraseMatches found = Unwrap(FindPhrase(text, phrase));
        std::vector<std::pair<int64_t, int64_t>> spans;
        for (const Span& s : found.occurrences) spans.emplace_back(s.start, s.end);
        py::object closest = py::none();
        if (found.closest.has_value()) closest = py::make_tuple(found.closest->start, found.closest->end);
        return py::make_tuple(spans, closest);
      },
      py::arg("text"), py::arg("phrase"));
  m.def(
      "_phrase_context",
      [](const std::string& text, int64_t start, int64_t end) {
        return PhraseContext(text, {start, end});
      },
      py::arg("text"), py::arg("start"), py::arg("end"));

  auto project = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  project.def(
      "_import_files",
      [](Project& p, const std::vector<std::string>& paths, const std::string& name,
         const std::string& case_name, const std::string& speakers,
         const std::vector<std::string>& interviewer, bool create_cases, const std::string& encoding) {
        ImportOptions options;
        options.name = name;
        options.case_name = case_name;
        options.speakers = speakers;
        options.interviewer = interviewer;
        options.create_cases = create_cases;
        options.encoding = encoding;
        // The GIL stays held: the call changes the project, which other
        // Python threads may be reading.
        return Unwrap(ImportFiles(p, paths, options));
      },
      py::arg("paths"), py::arg("name"), py::arg("case_name"), py::arg("speakers"),
      py::arg("interviewer"), py::arg("create_cases"), py::arg("encoding"));
  project.def(
      "_import_table",
      [](Project& p, Table table, std::vector<std::string> text, std::string name,
         std::vector<std::string> attributes, std::string case_column,
         std::map<std::string, std::string> types, bool create_cases) {
        TableImportOptions options;
        options.text = std::move(text);
        options.name = std::move(name);
        options.attributes = std::move(attributes);
        options.case_column = std::move(case_column);
        options.types = std::move(types);
        options.create_cases = create_cases;
        return Unwrap(ImportTable(p, table, options));
      },
      py::arg("table"), py::arg("text"), py::arg("name"), py::arg("attributes"),
      py::arg("case_column"), py::arg("types"), py::arg("create_cases"));
}

}  // namespace thematica::python
