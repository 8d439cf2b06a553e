// Status-propagation macros for code that returns absl::Status/StatusOr.
//
// Debian's Abseil (20220623) ships no RETURN_IF_ERROR / ASSIGN_OR_RETURN, so
// Thematica defines its own, once, here:
//
//   absl::StatusOr<Project> Load(absl::string_view path) {
//     THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
//     THEMATICA_RETURN_IF_ERROR(Check(bytes));
//     return Parse(bytes);
//   }
#ifndef THEMATICA_STATUS_MACROS_H_
#define THEMATICA_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define THEMATICA_STATUS_CONCAT_INNER_(a, b) a##b
#define THEMATICA_STATUS_CONCAT_(a, b) THEMATICA_STATUS_CONCAT_INNER_(a, b)

// Returns the status of `expr` from the enclosing function unless it is OK.
#define THEMATICA_RETURN_IF_ERROR(expr)                    \
  do {                                                     \
    ::absl::Status thematica_status_ = (expr);             \
    if (!thematica_status_.ok()) return thematica_status_; \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status, else
// moves the value into `lhs` (a declaration or an assignable expression).
#define THEMATICA_ASSIGN_OR_RETURN(lhs, rexpr)                                \
  THEMATICA_ASSIGN_OR_RETURN_IMPL_(                                           \
      THEMATICA_STATUS_CONCAT_(thematica_statusor_, __LINE__), lhs, rexpr)

#define THEMATICA_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                     \
  if (!statusor.ok()) return std::move(statusor).status();     \
  lhs = std::move(statusor).value()

#endif  // THEMATICA_STATUS_MACROS_H_
