// Python bindings for ProjectView (thematica.open_view): a read-only view of
// a compact file whose texts stay in the file. Every object handed out holds
// the view by shared_ptr, so the mapping lives as long as any of them.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "binders.h"
#include "internal/lookup.h"
#include "py_util.h"
#include "thematica/project_view.h"

namespace thematica::python {
namespace {

namespace py = pybind11;
using View = std::shared_ptr<const ProjectView>;
// pybind11 holds the view by a non-const shared_ptr; every method it binds is const.
using Holder = std::shared_ptr<ProjectView>;

// Handles: the view and a row, looked up on each access (the view never changes).
struct ViewDocument {
  View view;
  size_t row;
};
struct ViewCode {
  View view;
  size_t row;
};
struct ViewExcerpt {
  View view;
  size_t row;
};

std::string Text(absl::StatusOr<absl::string_view> text) { return std::string(Unwrap(std::move(text))); }

// A document given as its position, id, name or ViewDocument.
size_t DocumentRow(const ProjectView* v, py::handle doc) {
  if (py::isinstance<ViewDocument>(doc)) return doc.cast<const ViewDocument&>().row;
  if (py::isinstance<py::int_>(doc)) {
    const int64_t i = Int64(doc, "document");
    if (i < 0 || static_cast<size_t>(i) >= v->document_count()) {
      ThrowIfError(absl::OutOfRangeError(absl::StrCat("document ", i, " of ", v->document_count())));
    }
    return static_cast<size_t>(i);
  }
  const std::string key = IdOf(doc);
  const std::optional<size_t> row = v->FindDocument(key);
  if (!row) ThrowIfError(internal::NotFound("document", key));
  return *row;
}

std::vector<std::string> ExcerptCodeIds(const ViewExcerpt& e) {
  std::vector<std::string> out;
  for (uint32_t c : e.view->ExcerptCodes(e.row)) out.push_back(e.view->CodeId(c));
  return out;
}

}  // namespace

void BindView(py::module_& m) {
  py::class_<ViewDocument>(m, "ViewDocument", "A document of a ProjectView (its text read on access).")
      .def_property_readonly("index", [](const ViewDocument& d) { return d.row; })
      .def_property_readonly("id", [](const ViewDocument& d) { return d.view->DocumentId(d.row); })
      .def_property_readonly("name", [](const ViewDocument& d) { return d.view->DocumentName(d.row); })
      .def_property_readonly("case_id", [](const ViewDocument& d) { return d.view->DocumentCaseId(d.row); },
                             "The document's case id, or \"\".")
      .def_property_readonly("text", [](const ViewDocument& d) { return Text(d.view->Text(d.row)); })
      .def("__repr__", [](const ViewDocument& d) {
        return absl::StrCat("<ViewDocument ", d.view->DocumentName(d.row), ">");
      });
  py::class_<ViewCode>(m, "ViewCode", "A code of a ProjectView.")
      .def_property_readonly("index", [](const ViewCode& c) { return c.row; })
      .def_property_readonly("id", [](const ViewCode& c) { return c.view->CodeId(c.row); })
      .def_property_readonly("name", [](const ViewCode& c) { return c.view->CodeName(c.row); })
      .def_property_readonly("parent_id", [](const ViewCode& c) { return c.view->CodeParentId(c.row); },
                             "The parent code's id, or \"\" for a root code.")
      .def("__repr__", [](const ViewCode& c) { return absl::StrCat("<ViewCode ", c.view->CodeName(c.row), ">"); });
  py::class_<ViewExcerpt>(m, "ViewExcerpt", "An excerpt of a ProjectView (its text read on access).")
      .def_property_readonly("index", [](const ViewExcerpt& e) { return e.row; })
      .def_property_readonly("id", [](const ViewExcerpt& e) { return e.view->ExcerptId(e.row); })
      .def_property_readonly("document", [](const ViewExcerpt& e) {
        return ViewDocument{e.view, e.view->ExcerptDocument(e.row)};
      })
      .def_property_readonly("document_id", [](const ViewExcerpt& e) {
        return e.view->DocumentId(e.view->ExcerptDocument(e.row));
      })
      .def_property_readonly("start", [](const ViewExcerpt& e) { return e.view->ExcerptStart(e.row); })
      .def_property_readonly("end", [](const ViewExcerpt& e) { return e.view->ExcerptEnd(e.row); })
      .def_property_readonly("code_ids", &ExcerptCodeIds)
      .def_property_readonly("coder_id", [](const ViewExcerpt& e) {
        const int32_t c = e.view->ExcerptCoder(e.row);
        return c < 0 ? std::string() : e.view->CoderId(static_cast<size_t>(c));
      }, "The coder's id, or \"\".")
      .def_property_readonly("text", [](const ViewExcerpt& e) { return Text(e.view->ExcerptText(e.row)); })
      .def("__repr__", [](const ViewExcerpt& e) {
        return absl::StrCat("<ViewExcerpt ", e.view->ExcerptStart(e.row), "-", e.view->ExcerptEnd(e.row), ">");
      });

  py::class_<ProjectView, Holder>(
      m, "ProjectView",
      "A read-only view of a compact .thematica file: header and columns decoded, texts read "
      "from the memory-mapped file on access. Open with thematica.open_view(path).")
      .def_property_readonly("path", &ProjectView::path)
      .def_property_readonly("title", &ProjectView::title)
      .def_property_readonly("documents", [](const Holder& v) {
        std::vector<ViewDocument> out;
        out.reserve(v->document_count());
        for (size_t i = 0; i < v->document_count(); ++i) out.push_back({View(v), i});
        return out;
      }, "The documents, in the project's order.")
      .def_property_readonly("codes", [](const Holder& v) {
        std::vector<ViewCode> out;
        for (size_t i = 0; i < v->code_count(); ++i) out.push_back({View(v), i});
        return out;
      }, "The codes, in codebook order.")
      .def_property_readonly("excerpt_count", &ProjectView::excerpt_count)
      .def("text", [](const Holder& v, py::handle doc) { return Text(v->Text(DocumentRow(v.get(), doc))); },
           py::arg("document"), "A document's text (the document as position, id, name or ViewDocument).")
      .def("excerpts",
           [](const Holder& v, py::handle code, bool descendants) {
             std::vector<size_t> rows;
             if (code.is_none()) {
               rows.resize(v->excerpt_count());
               for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
             } else {
               const std::string id = py::isinstance<ViewCode>(code)
                                          ? v->CodeId(code.cast<const ViewCode&>().row)
                                          : IdOf(code);
               absl::StatusOr<std::vector<size_t>> found;
               {
                 py::gil_scoped_release release;
                 found = v->Excerpts(id, descendants);
               }
               rows = Unwrap(std::move(found));
             }
             std::vector<ViewExcerpt> out;
             out.reserve(rows.size());
             for (size_t r : rows) out.push_back({View(v), r});
             return out;
           },
           py::arg("code") = py::none(), py::arg("descendants") = true,
           "Excerpts carrying the code (a ViewCode, Code or id; with descendants: or a code below "
           "it), in the project's order; every excerpt when code is None.")
      .def("code_counts",
           [](const Holder& v, bool include_descendants) {
             py::gil_scoped_release release;
             return v->CodeCounts(include_descendants);
           },
           py::arg("include_descendants") = false,
           "Excerpts, documents and cases per code, in codebook order (as Project.code_counts).")
      .def("validate",
           [](const Holder& v) {
             absl::Status s;
             {
               py::gil_scoped_release release;
               s = v->Validate();
             }
             ThrowIfError(s);
           },
           "Checks every text and the whole project as thematica.load does; raises FormatError.")
      .def("to_project",
           [](const Holder& v) {
             absl::StatusOr<Project> p;
             {
               py::gil_scoped_release release;
               p = v->ToProject();
             }
             return Unwrap(std::move(p));
           },
           "The whole Project, equal to thematica.load(path).")
      .def("__repr__", [](const Holder& v) {
        return absl::StrCat("<ProjectView ", v->path(), ": ", v->document_count(), " documents, ",
                            v->excerpt_count(), " excerpts>");
      });

  m.def("open_view",
        [](py::handle path_arg) {
          const std::string path = Utf8(path_arg, "path");
          absl::StatusOr<View> v;
          {
            py::gil_scoped_release release;
            v = ProjectView::Open(path);
          }
          return std::const_pointer_cast<ProjectView>(Unwrap(std::move(v)));
        },
        py::arg("path"),
        "Opens a compact .thematica file as a read-only ProjectView without reading its texts "
        "(they are read from the memory-mapped file on access). A record-encoded or JSON file "
        "raises InvalidArgumentError saying how to convert it.");
}

}  // namespace thematica::python
