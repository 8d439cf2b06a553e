#include "thematica/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

constexpr char kErrnoPayload[] = "type.thematica.dev/errno";
constexpr size_t kBufferSize = 1 << 20;

absl::StatusCode CodeForErrno(int e) {
  switch (e) {
    case ENOENT:
    case ENOTDIR:
      return absl::StatusCode::kNotFound;
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::StatusCode::kPermissionDenied;
    case EEXIST:
      return absl::StatusCode::kAlreadyExists;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return absl::StatusCode::kResourceExhausted;
    case EISDIR:
    case EINVAL:
    case ENAMETOOLONG:
      return absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kUnavailable;
  }
}

}  // namespace

absl::Status IoError(int errno_value, absl::string_view what,
                     absl::string_view path) {
  absl::Status status(CodeForErrno(errno_value),
                      absl::StrCat("cannot ", what, " ", path, ": ",
                                   std::strerror(errno_value)));
  status.SetPayload(kErrnoPayload, absl::Cord(absl::StrCat(errno_value)));
  return status;
}

std::optional<int> IoErrno(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kErrnoPayload);
  int value = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &value)) {
    return std::nullopt;
  }
  return value;
}

absl::StatusOr<std::string> ReadFile(absl::string_view path) {
  const std::string p(path);
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError(errno, "open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return IoError(e, "stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError(EISDIR, "read", path);
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return IoError(e, "read", path);
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

AtomicFileWriter::AtomicFileWriter(std::string path, std::string temp, int fd)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {
  buffer_.reserve(kBufferSize);
}

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Open(
    absl::string_view path) {
  std::string temp = absl::StrCat(path, ".tmp-XXXXXX");
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return IoError(errno, "create a temporary file beside", path);
  return std::unique_ptr<AtomicFileWriter>(
      new AtomicFileWriter(std::string(path), std::move(temp), fd));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (committed_) return;
  if (fd_ >= 0) ::close(fd_);
  ::unlink(temp_.c_str());
}

void AtomicFileWriter::Append(absl::string_view bytes) {
  if (!status_.ok()) return;
  if (buffer_.size() + bytes.size() > kBufferSize) Flush();
  if (bytes.size() >= kBufferSize) {
    buffer_.assign(bytes.data(), bytes.size());
    Flush();
  } else {
    buffer_.append(bytes.data(), bytes.size());
  }
}

void AtomicFileWriter::Flush() {
  size_t written = 0;
  while (status_.ok() && written < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      status_ = IoError(errno, "write", path_);
      break;
    }
    written += static_cast<size_t>(n);
  }
  buffer_.clear();
}

absl::Status AtomicFileWriter::Commit() {
  Flush();
  if (!status_.ok()) return status_;
  // mkstemp creates 0600; files are normally 0666 less the umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd_, 0666 & ~mask) != 0) return status_ = IoError(errno, "set permissions of", path_);
  if (::fsync(fd_) != 0) return status_ = IoError(errno, "sync", path_);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return status_ = IoError(errno, "close", path_);
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    return status_ = IoError(errno, "replace", path_);
  }
  committed_ = true;
  // Make the rename itself durable.
  const size_t slash = path_.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path_.substr(0, slash));
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomic(absl::string_view path, absl::string_view bytes) {
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Open(path));
  out->Append(bytes);
  return out->Commit();
}

}  // namespace thematica
