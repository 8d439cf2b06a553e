// The binders of the thematica._core extension: one function per
// bindings/py_*.cc file, each binding its part of the API onto the module.
// module.cc calls them in one documented order; a new file declares its
// binder here and adds one call there.
//
// A binder that extends a class bound earlier looks it up on the module:
//   auto cls = py::reinterpret_borrow<py::class_<thematica::Project>>(
//       m.attr("Project"));
#ifndef THEMATICA_BINDINGS_BINDERS_H_
#define THEMATICA_BINDINGS_BINDERS_H_

#include <pybind11/pybind11.h>

namespace thematica::python {

void BindExceptions(pybind11::module_& m);    // py_util.cc
void BindProjectValues(pybind11::module_& m);    // py_project_values.cc
void BindProject(pybind11::module_& m);          // py_project.cc
void BindProjectDocuments(pybind11::module_& m); // py_project_documents.cc
void BindProjectCodes(pybind11::module_& m);     // py_project_codes.cc
void BindAnalysis(pybind11::module_& m);      // py_analysis.cc
void BindRefi(pybind11::module_& m);          // py_refi.cc
void BindSuggestions(pybind11::module_& m);   // py_suggestion.cc
void BindAgreement(pybind11::module_& m);     // py_agreement.cc
void BindImport(pybind11::module_& m);        // py_import.cc
void BindHistory(pybind11::module_& m);       // py_history.cc
void BindCopies(pybind11::module_& m);        // py_history.cc
void BindReport(pybind11::module_& m);        // py_report.cc
void BindTeam(pybind11::module_& m);          // py_team.cc
void BindPartials(pybind11::module_& m);      // py_partials.cc
void BindView(pybind11::module_& m);          // py_view.cc
void BindFrames(pybind11::module_& m);        // py_frames.cc
void BindWorkflow(pybind11::module_& m);      // py_workflow.cc

}  // namespace thematica::python

#endif  // THEMATICA_BINDINGS_BINDERS_H_
