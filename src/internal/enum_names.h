// Private to the library: the one table per public enum that its XName and
// ParseX read, so a name is spelled once.
//
//   constexpr internal::EnumName<Unit> kUnits[] = {{Unit::kExcerpts, "excerpts"}, …};
//   absl::string_view UnitName(Unit u) { return internal::NameIn(kUnits, u); }
//   absl::StatusOr<Unit> ParseUnit(absl::string_view n) { return internal::ParseIn(kUnits, n, "unit"); }
#ifndef THEMATICA_SRC_INTERNAL_ENUM_NAMES_H_
#define THEMATICA_SRC_INTERNAL_ENUM_NAMES_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace thematica::internal {

template <typename E>
struct EnumName {
  E value;
  absl::string_view name;
};

// "a, b or c": the names of `table`, in order.
template <typename E, size_t N>
std::string NamesIn(const EnumName<E> (&table)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) absl::StrAppend(&out, i == 0 ? "" : i + 1 == N ? " or " : ", ", table[i].name);
  return out;
}

template <typename E, size_t N>
absl::string_view NameIn(const EnumName<E> (&table)[N], E value) {
  for (const EnumName<E>& e : table) {
    if (e.value == value) return e.name;
  }
  return "";
}

// The value named `name`; InvalidArgument `unknown <what> "<name>" (expected
// a, b or c)` for anything else.
template <typename E, size_t N>
absl::StatusOr<E> ParseIn(const EnumName<E> (&table)[N], absl::string_view name, absl::string_view what) {
  for (const EnumName<E>& e : table) {
    if (e.name == name) return e.value;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown ", what, " \"", name, "\" (expected ", NamesIn(table), ")"));
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_ENUM_NAMES_H_
