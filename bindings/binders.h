// Registry of binding functions for the thematica._core extension. Each
// bindings/py_*.cc file registers one function with an order; module.cc runs
// them in that order, so modules bind their own API without editing a shared
// file. Order 0 binds the core model (Project and its value types); later
// binders may extend `Project` through
//   auto cls = py::reinterpret_borrow<py::class_<thematica::Project>>(
//       m.attr("Project"));
//
//   const thematica::python::BinderRegistrar kAnalysis(10, BindAnalysis);
#ifndef THEMATICA_BINDINGS_BINDERS_H_
#define THEMATICA_BINDINGS_BINDERS_H_

#include <pybind11/pybind11.h>

namespace thematica::python {

using Binder = void (*)(pybind11::module_& m);

class BinderRegistrar {
 public:
  BinderRegistrar(int order, Binder binder);
};

// Runs every registered binder, lowest order first.
void RunBinders(pybind11::module_& m);

}  // namespace thematica::python

#endif  // THEMATICA_BINDINGS_BINDERS_H_
