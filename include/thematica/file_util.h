// File helpers shared by every reader and writer: whole-file reads, atomic
// writes (temp file in the same folder, fsync, rename), and the errno that
// file-system errors carry so bindings can raise OSError subclasses.
//
//   THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
//   THEMATICA_RETURN_IF_ERROR(WriteFileAtomic(path, bytes));
#ifndef THEMATICA_FILE_UTIL_H_
#define THEMATICA_FILE_UTIL_H_

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace thematica {

// Status for a failed system call on `path`: the canonical code for `errno`
// (NotFound, PermissionDenied, …), a message naming the path, and the errno
// attached as a payload.
absl::Status IoError(int errno_value, absl::string_view what,
                     absl::string_view path);
// The errno attached by IoError, if any.
std::optional<int> IoErrno(const absl::Status& status);

absl::StatusOr<std::string> ReadFile(absl::string_view path);
// Writes to a temp file beside `path`, fsyncs, renames over `path`; on any
// failure removes the temp file and leaves `path` untouched.
absl::Status WriteFileAtomic(absl::string_view path, absl::string_view bytes);

}  // namespace thematica

#endif  // THEMATICA_FILE_UTIL_H_
