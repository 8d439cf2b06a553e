// The thematica._core extension module. Private: the public API is the
// `thematica` package (bindings/thematica/__init__.py), which re-exports it.
#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "binders.h"

namespace thematica::python {
namespace {

std::multimap<int, Binder>& Registry() {
  static auto* registry = new std::multimap<int, Binder>();
  return *registry;
}

}  // namespace

BinderRegistrar::BinderRegistrar(int order, Binder binder) {
  Registry().emplace(order, binder);
}

void RunBinders(pybind11::module_& m) {
  for (const auto& [order, binder] : Registry()) binder(m);
}

}  // namespace thematica::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "Thematica core (C++). Use the `thematica` package instead.";
  thematica::python::RunBinders(m);
}
