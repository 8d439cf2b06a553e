#include "internal/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace thematica::internal {
namespace {

// A pipe whose ends close themselves.
struct Pipe {
  std::array<int, 2> fd = {-1, -1};
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void Close(int end) {
    if (fd[end] >= 0) ::close(fd[end]);
    fd[end] = -1;
  }
};

absl::Status Errno(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// Feeds `input` to `in` and drains `out` and `err` until both close, with
// poll so that a program that writes much before reading all its input
// cannot deadlock against us: sends never block (MSG_DONTWAIT), and reads
// happen only when poll says data is there.
absl::Status Exchange(absl::string_view input, Pipe& in, Pipe& out, Pipe& err, ProcessResult& result) {
  size_t written = 0;
  if (input.empty()) in.Close(1);
  char buffer[65536];
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    std::array<pollfd, 3> fds{};
    nfds_t n = 0;
    for (int f : {in.fd[1], out.fd[0], err.fd[0]}) {
      if (f < 0) continue;
      fds[n++] = {.fd = f, .events = static_cast<short>(f == in.fd[1] ? POLLOUT : POLLIN), .revents = 0};
    }
    if (::poll(fds.data(), n, -1) < 0) {
      if (errno == EINTR) continue;
      return Errno("poll");
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in.fd[1]) {
        const ssize_t w = ::send(in.fd[1], input.data() + written, input.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && errno != EINTR && errno != EAGAIN) {
          in.Close(1);  // The program stopped reading (EPIPE): its exit status says why.
        } else if (w > 0) {
          written += static_cast<size_t>(w);
          if (written == input.size()) in.Close(1);
        }
        continue;
      }
      Pipe& p = fds[i].fd == out.fd[0] ? out : err;
      std::string& sink = fds[i].fd == out.fd[0] ? result.out : result.err;
      const ssize_t r = ::read(p.fd[0], buffer, sizeof buffer);
      if (r > 0) {
        sink.append(buffer, static_cast<size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        p.Close(0);
      }
    }
  }
  in.Close(1);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv, absl::string_view input) {
  if (argv.empty() || argv[0].empty()) return absl::InvalidArgumentError("no program to run");
  Pipe in, out, err;
  // Standard input is a socket so that writing after the program stopped
  // reading gives EPIPE (MSG_NOSIGNAL) instead of SIGPIPE for the process.
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in.fd.data()) != 0) return Errno("socketpair");
  for (Pipe* p : {&out, &err}) {
    if (::pipe2(p->fd.data(), O_CLOEXEC) != 0) return Errno("pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    if (rc == ENOENT || rc == EACCES || rc == ENOTDIR) {
      return absl::NotFoundError(absl::StrCat("cannot run '", argv[0], "': ", std::strerror(rc)));
    }
    return absl::InternalError(absl::StrCat("cannot start '", argv[0], "': ", std::strerror(rc)));
  }
  in.Close(0);
  out.Close(1);
  err.Close(1);
  ProcessResult result;
  absl::Status exchanged = Exchange(input, in, out, err, result);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Errno("waitpid");
  }
  if (!exchanged.ok()) return exchanged;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace thematica::internal
