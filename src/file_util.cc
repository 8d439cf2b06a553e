#include "internal/file_util.h"

#include "internal/open_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
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

absl::StatusOr<internal::OpenedFile> internal::OpenRegularFile(absl::string_view path,
                                                              absl::string_view verb) {
  const std::string p(path);
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return IoError(errno, "open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return IoError(e, "stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return IoError(EISDIR, verb, path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot ", verb, " ", path, ": not a regular file (a device, FIFO or socket)"));
  }
  return internal::OpenedFile{fd, static_cast<uint64_t>(st.st_size)};
}

absl::StatusOr<std::string> ReadFile(absl::string_view path, size_t max_size) {
  THEMATICA_ASSIGN_OR_RETURN(const internal::OpenedFile file, internal::OpenRegularFile(path, "read"));
  const int fd = file.fd;
  if (file.size > max_size) {
    ::close(fd);
    return absl::ResourceExhaustedError(absl::StrCat("cannot read ", path, ": ", file.size,
                                                     " bytes is over the limit of ", max_size));
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(file.size));
  char buffer[1 << 16];
  while (true) {
    if (bytes.size() > max_size) {  // The file grew while it was read.
      ::close(fd);
      return absl::ResourceExhaustedError(
          absl::StrCat("cannot read ", path, ": over the limit of ", max_size, " bytes"));
    }
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

namespace {

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

// Removes "<target>.tmp-<pid>-…" files left by saves of processes that no
// longer run (killed between naming their file and renaming it). Files of a
// live process, and files of any other name, are left alone.
static void RemoveStaleTemporaries(const std::string& target) {
  const std::string dir = DirectoryOf(target);
  const size_t slash = target.find_last_of('/');
  const std::string prefix =
      absl::StrCat(slash == std::string::npos ? target : target.substr(slash + 1), ".tmp-");
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  while (const dirent* entry = ::readdir(d)) {
    absl::string_view name = entry->d_name;
    if (!absl::ConsumePrefix(&name, prefix)) continue;
    const size_t dash = name.find('-');
    int pid = 0;
    if (dash == absl::string_view::npos || !absl::SimpleAtoi(name.substr(0, dash), &pid) || pid <= 0) {
      continue;
    }
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
      ::unlinkat(::dirfd(d), entry->d_name, 0);
    }
  }
  ::closedir(d);
}

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Open(
    absl::string_view path) {
  const std::string target(path);
  RemoveStaleTemporaries(target);
  // An anonymous file in the target's folder: a save killed before Commit
  // leaves nothing behind. Where the file system has no O_TMPFILE, a named
  // temporary file beside the target, removed on failure.
  const int anonymous = ::open(DirectoryOf(target).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (anonymous >= 0) {
    return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(target, "", anonymous));
  }
  std::string temp = absl::StrCat(path, ".tmp-XXXXXX");
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return IoError(errno, "create a temporary file beside", path);
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(target, std::move(temp), fd));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (committed_) return;
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
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
  // The temporary file is 0600: a replaced file keeps its own permissions,
  // a new one gets 0666 less the umask, as files normally do.
  struct stat existing;
  mode_t mode = 0;
  if (::stat(path_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    mode = existing.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd_, mode) != 0) return status_ = IoError(errno, "set permissions of", path_);
  if (::fsync(fd_) != 0) return status_ = IoError(errno, "sync", path_);
  if (temp_.empty()) {
    // Give the anonymous file a name beside the target (linkat cannot
    // replace), then rename it over the target as below.
    std::string name = absl::StrCat(path_, ".tmp-", ::getpid(), "-", reinterpret_cast<uintptr_t>(this));
    const std::string proc = absl::StrCat("/proc/self/fd/", fd_);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      return status_ = IoError(errno, "create", path_);
    }
    temp_ = std::move(name);
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return status_ = IoError(errno, "close", path_);
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    return status_ = IoError(errno, "replace", path_);
  }
  committed_ = true;
  // Make the rename itself durable.
  const int dfd = ::open(DirectoryOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
