// Methods of the C++ classes that are written in Python. The class is defined
// once, here in C++: the method has its real signature (argument names,
// defaults, keyword-only markers and the types the stubs show) and its
// docstring, and its body calls a function of a documented module of the
// `thematica` package with the instance and every argument by keyword:
//
//   PythonMethod<Frame(Any, Bool)>::Def(
//       project, "excerpts_frame", "thematica._frames", "excerpts_frame",
//       R"doc(Excerpts, one row each…)doc",
//       py::arg("code") = py::none(), py::arg("include_descendants") = false);
//
// Arguments pass through untouched (the `Typed` parameters of py_util.h accept
// any object and only name its type for the signature), so the Python function
// alone decides what it accepts, as when it was called directly. The module is
// looked up when the method is called (the package has imported it by then).
#ifndef THEMATICA_BINDINGS_PYTHON_METHOD_H_
#define THEMATICA_BINDINGS_PYTHON_METHOD_H_

#include <pybind11/pybind11.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "py_util.h"

namespace thematica::python {

// The annotations that recur.
using Any = Typed<"typing.Any">;
using Bool = Typed<"bool">;
using Int = Typed<"int">;
using Float = Typed<"float">;
using Str = Typed<"str">;
using StrOrNone = Typed<"str | None">;
using IntOrNone = Typed<"int | None">;
using Items = Typed<"typing.Sequence[typing.Any]">;
using ItemsOrNone = Typed<"typing.Sequence[typing.Any] | None">;
using IterableOrNone = Typed<"typing.Iterable[typing.Any] | None">;
using Frame = Typed<"pandas.DataFrame">;

template <typename Signature>
struct PythonMethod;

template <typename Return, typename... Params>
struct PythonMethod<Return(Params...)> {
  // Binds `name` on the class `cls` (as py::class_::def does): a method that
  // calls `module`.`function`(self, **arguments) and returns what it returns.
  // `extra` holds the docstring and one py::arg per parameter (py::kw_only()
  // where the Python function has `*`); a trailing py::kwargs parameter takes
  // and passes on the `**options` of the Python function.
  template <typename... Extra>
  static void Def(pybind11::handle cls, const char* name, const char* module,
                  const char* function, const Extra&... extra) {
    std::vector<const char*> names;
    (AddName(names, extra), ...);
    constexpr size_t kNamed = (0 + ... + !std::is_same_v<Params, pybind11::kwargs>);
    if (names.size() != kNamed) {
      pybind11::pybind11_fail(std::string("PythonMethod ") + name +
                              ": one py::arg per parameter");
    }
    pybind11::cpp_function method(
        [module, function, names](pybind11::object self, Params... params) -> Return {
          pybind11::dict arguments;
          [[maybe_unused]] size_t i = 0;
          (Pass(arguments, names, i, std::move(params)), ...);
          pybind11::object result =
              pybind11::module_::import(module).attr(function)(self, **arguments);
          return pybind11::reinterpret_steal<Return>(result.release());
        },
        pybind11::name(name), pybind11::is_method(cls),
        pybind11::sibling(pybind11::getattr(cls, name, pybind11::none())), extra...);
    cls.attr(name) = method;
  }

 private:
  template <typename Extra>
  static void AddName(std::vector<const char*>& names, const Extra& extra) {
    if constexpr (std::is_base_of_v<pybind11::arg, Extra>) names.push_back(extra.name);
  }

  template <typename Param>
  static void Pass(pybind11::dict& arguments, const std::vector<const char*>& names,
                   size_t& i, Param value) {
    if constexpr (std::is_same_v<Param, pybind11::kwargs>) {
      for (auto [key, item] : value) arguments[key] = item;
    } else {
      arguments[names[i++]] = std::move(value);
    }
  }
};

}  // namespace thematica::python

#endif  // THEMATICA_BINDINGS_PYTHON_METHOD_H_
