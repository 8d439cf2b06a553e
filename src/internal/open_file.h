// Private: opening a file to read all of it — ReadFile (file_util.cc) and
// ProjectView::Open (project_view.cc) — with one set of refusals.
#ifndef THEMATICA_SRC_INTERNAL_OPEN_FILE_H_
#define THEMATICA_SRC_INTERNAL_OPEN_FILE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thematica::internal {

// A file opened read-only; the caller closes `fd`.
struct OpenedFile {
  int fd = -1;
  uint64_t size = 0;
};

// Opens `path` read-only and non-blocking (so that a FIFO returns at once
// instead of waiting for a writer). A directory is EISDIR and any other
// file that is not a regular file InvalidArgument, both saying `verb`
// ("read", "map"); other failures carry their errno (IoError).
absl::StatusOr<OpenedFile> OpenRegularFile(absl::string_view path, absl::string_view verb);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_OPEN_FILE_H_
