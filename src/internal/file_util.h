// Internal (not installed). File helpers shared by every reader and writer: whole-file reads, atomic
// writes (temp file in the same folder, fsync, rename), and the errno that
// file-system errors carry so bindings can raise OSError subclasses.
//
//   THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
//   THEMATICA_RETURN_IF_ERROR(WriteFileAtomic(path, bytes));
#ifndef THEMATICA_INTERNAL_FILE_UTIL_H_
#define THEMATICA_INTERNAL_FILE_UTIL_H_

#include <memory>
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
// The errno attached by IoError, if any (public: thematica/native_io.h).
std::optional<int> IoErrno(const absl::Status& status);

// The largest file ReadFile reads by default (the native binary format's own
// limit is 2 GiB).
inline constexpr size_t kMaxFileSize = size_t{2} << 30;

// The bytes of the regular file at `path`. A device, FIFO or socket (also
// behind a symlink) is refused without blocking; a file over `max_size`
// bytes is ResourceExhausted.
absl::StatusOr<std::string> ReadFile(absl::string_view path,
                                     size_t max_size = kMaxFileSize);

// Streams a file into place atomically: bytes go to a temp file beside
// `path`; Commit() fsyncs it and renames it over `path`. Destroying the writer
// without a successful Commit() removes the temp file, leaving `path` as it
// was. The first failed write is remembered and returned by Commit().
//
//   THEMATICA_ASSIGN_OR_RETURN(auto out, AtomicFileWriter::Open(path));
//   out->Append(header);
//   for (...) out->Append(record);
//   THEMATICA_RETURN_IF_ERROR(out->Commit());
class AtomicFileWriter {
 public:
  static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Open(absl::string_view path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void Append(absl::string_view bytes);
  absl::Status Commit();

 private:
  AtomicFileWriter(std::string path, std::string temp, int fd);
  void Flush();
  std::string path_, temp_;
  int fd_;
  std::string buffer_;
  absl::Status status_;
  bool committed_ = false;
};

// Writes to a temp file beside `path`, fsyncs, renames over `path`; on any
// failure removes the temp file and leaves `path` untouched.
absl::Status WriteFileAtomic(absl::string_view path, absl::string_view bytes);

}  // namespace thematica

#endif  // THEMATICA_INTERNAL_FILE_UTIL_H_
