// Helpers every binder uses: the one Status → Python exception translator,
// and "objects or ids alike" argument handling.
//
//   m.def("load", [](const std::string& path) {
//     return Unwrap(thematica::LoadProject(path));
//   });
//   std::string code_id = IdOf(code_or_id);   // str, or anything with .id
#ifndef THEMATICA_BINDINGS_PY_UTIL_H_
#define THEMATICA_BINDINGS_PY_UTIL_H_

#include <pybind11/pybind11.h>
#include <pybind11/typing.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thematica {
struct PooledAgreement;  // thematica/text_agreement.h
}  // namespace thematica

namespace thematica::python {

// Raises the Python exception for a non-OK status (see py_util.cc for the
// mapping: InvalidArgument/OutOfRange/ResourceExhausted → InvalidArgumentError(ValueError),
// NotFound → NotFoundError(KeyError), FailedPrecondition/AlreadyExists →
// ConflictError(ValueError), DataLoss → FormatError(ValueError), a status
// with an errno payload → OSError (FileNotFoundError, …), anything else →
// thematica.Error(RuntimeError)).
void ThrowIfError(const absl::Status& status);

template <typename T>
T Unwrap(absl::StatusOr<T> result) {
  ThrowIfError(result.status());
  return *std::move(result);
}

// Python values as C++ ones, raising InvalidArgumentError that names the
// argument (`what`) for a wrong type, a lone surrogate or an out-of-range
// number, never pybind11's own RuntimeError or TypeError.
std::string Utf8(pybind11::handle text, absl::string_view what);
int64_t Int64(pybind11::handle value, absl::string_view what);
double Double(pybind11::handle value, absl::string_view what);

// The id of a model object or the string itself; InvalidArgumentError otherwise.
std::string IdOf(pybind11::handle object_or_id);
// "" for None, else IdOf.
std::string OptionalIdOf(pybind11::handle object_or_id);
// IdOf for each element of an iterable (a lone str or object counts as one).
std::vector<std::string> IdsOf(pybind11::handle objects_or_ids);

inline bool AcceptsAnything(PyObject*) { return true; }

// Any Python object, shown in signatures (and so in the generated stubs) as
// `Name`, a Python annotation such as "str | None" or "pandas.DataFrame":
// what pybind11 cannot name from a C++ type, stated where the binding is.
template <pybind11::typing::StringLiteral Name>
class Typed : public pybind11::object {
  PYBIND11_OBJECT_DEFAULT(Typed, pybind11::object, AcceptsAnything)
};

using TimeOrNone = Typed<"datetime.datetime | None">;
using IdOrNone = Typed<"str | None">;

// Creates thematica._core.Error and its subclasses on `m`; called once by
// BindExceptions, the first binder.
void RegisterExceptions(pybind11::module_& m);

// A pooled character agreement as the dict Python's agreement code reads
// (Project.pooled_agreement and the Dask corpus's partials): document_ids,
// characters, codes, both, only_a, only_b, neither, percent, kappa, alpha.
pybind11::dict PooledAgreementDict(const PooledAgreement& r);

}  // namespace thematica::python

namespace pybind11::detail {

template <typing::StringLiteral Name>
struct handle_type_name<thematica::python::Typed<Name>> {
  static constexpr auto name = const_name(sanitize_string_literal<Name>().name);
};

}  // namespace pybind11::detail

#endif  // THEMATICA_BINDINGS_PY_UTIL_H_
