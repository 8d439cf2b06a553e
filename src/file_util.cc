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

namespace thematica {
namespace {

constexpr char kErrnoPayload[] = "type.thematica.dev/errno";

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

absl::Status WriteFileAtomic(absl::string_view path, absl::string_view bytes) {
  const std::string target(path);
  std::string temp = target + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return IoError(errno, "create a temporary file beside", path);
  auto fail = [&](int e, absl::string_view what) {
    ::close(fd);
    ::unlink(temp.c_str());
    return IoError(e, what, path);
  };
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno, "write");
    }
    written += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; files are normally 0644 less the umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) return fail(errno, "set permissions of");
  if (::fsync(fd) != 0) return fail(errno, "sync");
  if (::close(fd) != 0) {
    const int e = errno;
    ::unlink(temp.c_str());
    return IoError(e, "close", path);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int e = errno;
    ::unlink(temp.c_str());
    return IoError(e, "replace", path);
  }
  // Make the rename itself durable.
  std::string dir = target.substr(0, target.find_last_of('/') == std::string::npos
                                         ? 0
                                         : target.find_last_of('/'));
  if (dir.empty()) dir = target.find('/') == 0 ? "/" : ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

}  // namespace thematica
