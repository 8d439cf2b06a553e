// Binds the documents and excerpts of thematica::Project onto the class
// py_project.cc defines.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "py_project_util.h"
#include "py_util.h"
#include "thematica/project.h"

namespace py = pybind11;

namespace thematica::python {

void BindProjectDocuments(py::module_& m) {
  auto cls = py::reinterpret_borrow<py::class_<Project>>(m.attr("Project"));
  cls.def_property_readonly("documents", [](const Project& p) { return p.documents(); },
                             "Snapshots (copies) of the project's documents, in insertion order.")
      .def("add_document",
           [](Project& p, py::handle name_arg, py::handle text, py::handle c,
              py::handle speaker_turns, py::handle description_arg) {
             const std::string name = Utf8(name_arg, "name");
             const std::string description = Utf8(description_arg, "description");

             Document d{.name = name, .text = Utf8(text, absl::StrCat("text of document \"", name, "\"")),
                        .description = description};
             if (!c.is_none()) d.case_id = CaseOf(p, c).id;
             if (!speaker_turns.is_none()) {
               size_t i = 0;
               for (py::handle t : speaker_turns) {
                 SpeakerTurn turn = ToSpeakerTurn(t, absl::StrCat("speaker_turns[", i++, "]"));
                 if (!turn.case_id.empty()) turn.case_id = CaseOf(p, py::str(turn.case_id)).id;
                 d.speaker_turns.push_back(std::move(turn));
               }
             }
             return *p.FindDocument(Unwrap(p.AddDocument(std::move(d))));
           },
           py::arg("name"), py::arg("text"), py::arg("case") = py::none(),
           py::arg("speaker_turns") = py::none(), py::arg("description") = "",
           "Adds a document. speaker_turns: SpeakerTurn(start, end, case_id_or_name, speaker).")
      .def("document", [](const Project& p, py::handle key) { return DocumentOf(p, key); },
           py::arg("id_or_name"))
      .def("update_document",
           [](Project& p, py::handle doc, py::object name, py::object text, py::object c,
              py::object description) {
             Document d = DocumentOf(p, doc);
             if (!name.is_none()) d.name = Utf8(name, "name");
             if (!text.is_none()) d.text = Utf8(text, absl::StrCat("text of document \"", d.name, "\""));
             if (!c.is_none()) {
               const std::string key = IdOf(c);
               d.case_id = key.empty() ? "" : CaseOf(p, c).id;
             }
             if (!description.is_none()) d.description = Utf8(description, "description");
             const std::string id = d.id;
             ThrowIfError(p.UpdateDocument(std::move(d)));
             return *p.FindDocument(id);
           },
           py::arg("document"), py::arg("name") = py::none(), py::arg("text") = py::none(),
           py::arg("case") = py::none(), py::arg("description") = py::none(),
           "Changes fields; None leaves a field as it is, case=\"\" unlinks the case.")
      .def("remove_document",
           [](Project& p, py::handle doc) { return Unwrap(p.RemoveDocument(DocumentOf(p, doc).id)); },
           py::arg("document"), "Removes a document with its excerpts and memos. Returns what went.")
      // Excerpts.
      .def("add_excerpt",
           [](Project& p, py::handle doc, py::handle start_arg, py::handle end_arg, py::handle codes, py::handle coder,
              py::object memo, py::object provenance) {
             const int64_t start = Int64(start_arg, "start");
             const int64_t end = Int64(end_arg, "end");

             // Every argument is converted before anything changes.
             const std::string memo_text = memo.is_none() ? "" : Utf8(memo, "memo");
             Excerpt e{.document_id = DocumentOf(p, doc).id,
                       .span = {start, end},
                       .code_ids = CodeIds(p, codes),
                       .coder_id = OptionalCoderId(p, coder)};
             if (!provenance.is_none()) e.provenance = ProvenanceFromPython(provenance);
             const std::string id = Unwrap(p.AddExcerpt(std::move(e)));
             if (!memo.is_none()) {
               absl::StatusOr<std::string> m =
                   p.AddMemo({.text = memo_text, .author_id = p.FindExcerpt(id)->coder_id,
                              .target_id = id});
               if (!m.ok()) (void)p.RemoveExcerpt(id);
               ThrowIfError(m.status());
             }
             return SnapshotOf(p, *p.FindExcerpt(id));
           },
           py::arg("document"), py::arg("start"), py::arg("end"), py::arg("codes"),
           py::arg("coder") = py::none(), py::arg("memo") = py::none(),
           py::arg("provenance") = py::none(),
           "Codes document text [start, end) (Python string indices) with `codes`. `provenance` "
           "(default: a person) is a kind name or a dict such as {\"kind\": \"import\", "
           "\"tool\": \"survey\", \"file\": \"answers.csv\"}.")
      .def("excerpt", [](const Project& p, py::handle key) { return SnapshotOf(p, ExcerptOf(p, key)); },
           py::arg("id"))
      .def("update_excerpt",
           [](Project& p, py::handle excerpt, py::object start, py::object end, py::object codes,
              py::object coder) {
             Excerpt e = ExcerptOf(p, excerpt);
             if (!start.is_none()) e.span.start = Int64(start, "start");
             if (!end.is_none()) e.span.end = Int64(end, "end");
             if (!codes.is_none()) e.code_ids = CodeIds(p, codes);
             if (!coder.is_none()) e.coder_id = IdOf(coder).empty() ? "" : CoderOf(p, coder).id;
             const std::string id = e.id;
             ThrowIfError(p.UpdateExcerpt(std::move(e)));
             return SnapshotOf(p, *p.FindExcerpt(id));
           },
           py::arg("excerpt"), py::arg("start") = py::none(), py::arg("end") = py::none(),
           py::arg("codes") = py::none(), py::arg("coder") = py::none())
      .def("remove_excerpt",
           [](Project& p, py::handle e) { return Unwrap(p.RemoveExcerpt(ExcerptOf(p, e).id)); },
           py::arg("excerpt"))
      .def("excerpts",
           [](const Project& p, py::handle code, py::handle doc, py::handle c, py::handle coder,
              bool include_descendants, py::object provenance, py::object run) {
             ExcerptFilter f{.code_id = code.is_none() ? "" : CodeOf(p, code).id,
                             .document_id = doc.is_none() ? "" : DocumentOf(p, doc).id,
                             .case_id = c.is_none() ? "" : CaseOf(p, c).id,
                             .coder_id = OptionalCoderId(p, coder),
                             .include_descendants = include_descendants};
             if (!provenance.is_none()) {
               f.provenance = ProvenanceKindName(ProvenanceFromPython(provenance).kind);
             }
             if (!run.is_none()) f.run_id = IdOf(run);
             return Snapshots(p, p.Excerpts(f));
           },
           py::arg("code") = py::none(), py::arg("document") = py::none(), py::arg("case") = py::none(),
           py::arg("coder") = py::none(), py::arg("include_descendants") = false,
           py::arg("provenance") = py::none(), py::arg("run") = py::none(),
           "Excerpts passing every given filter, in the order they were added. `provenance`: "
           "\"human\", \"rule\", \"import\" or \"model\"; `run`: accepted from that suggestion run.")
      .def("excerpt_cases",
           [](const Project& p, py::handle e) {
             std::vector<CaseSnapshot> out;
             for (const std::string& id : p.ExcerptCaseIds(ExcerptOf(p, e))) {
               out.push_back(SnapshotOf(p, *p.FindCase(id)));
             }
             return out;
           },
           py::arg("excerpt"),
           "The cases an excerpt speaks for (speaker turns it overlaps, else its document's case).")
      .def("code_counts", &Project::CodeCounts, py::arg("include_descendants") = false,
           "Excerpts, documents and cases per code, in codebook order.");
}

}  // namespace thematica::python
