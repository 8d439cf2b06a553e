// The thematica._core extension module. Private: the public API is the
// `thematica` package (bindings/thematica/__init__.py), which re-exports it.
#include <string>

#include "binders.h"

PYBIND11_MODULE(_core, m) {
  namespace tp = thematica::python;
  // Also the docstring of the generated stubs (scripts/stubs).
  m.doc() =
      "Thematica core (C++). Use the `thematica` package instead.\n\n"
      "Objects the project returns are read-only snapshots: assigning to their\n"
      "attributes raises AttributeError; change them through Project methods.\n"
      "Arguments typed Any accept an object, its id, or (for most kinds) its name.";
  // The order is the dependency order:
  tp::BindExceptions(m);  // every later binder raises thematica.Error and its subclasses
  tp::BindProjectValues(m);     // the value types Project returns (snapshots, RemovalReport)
  tp::BindProject(m);           // Project (identity, coders, attributes, cases), extended below
  tp::BindProjectDocuments(m);  // its documents and excerpts
  tp::BindProjectCodes(m);      // Codebook; its codebook, themes, relations and memos
  tp::BindAnalysis(m);
  tp::BindRefi(m);
  tp::BindSuggestions(m);
  tp::BindAgreement(m);
  tp::BindImport(m);
  tp::BindHistory(m);
  tp::BindCopies(m);
  tp::BindReport(m);
  tp::BindTeam(m);
  tp::BindPartials(m);  // thematica._core._partials (thematica.partials, thematica.dask)
  tp::BindView(m);      // ProjectView, open_view (lazy text)
  // Last, on the classes above: the methods written in Python (python_method.h).
  tp::BindFrames(m);
  tp::BindWorkflow(m);
  // `__all__`: the public names, so that the generated stubs and the module agree.
  for (pybind11::module_ module :
       {m, pybind11::module_(m.attr("_agreement")), pybind11::module_(m.attr("_partials"))}) {
    pybind11::list names;
    for (auto [name, value] : pybind11::dict(module.attr("__dict__"))) {
      if (!pybind11::str(name).cast<std::string>().starts_with("_")) names.append(name);
    }
    module.attr("__all__") = names;
  }
}
