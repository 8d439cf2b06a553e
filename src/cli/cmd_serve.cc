// `thematica serve STUDY [--port 8765] [--open] [--host H --allow-remote]`:
// the coding surface as a local web page. The server is Python (the
// thematica package's thematica.serve, standard library only): this command
// checks that the package can be imported and then becomes
// `python3 -m thematica.serve ...` (execvp, no shell). THEMATICA_PYTHON
// names the interpreter; by default the python3 beside this executable (a
// virtual environment's), else python3 on PATH.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"

namespace thematica::cli {
namespace {

struct ServeArgs {
  std::string study;
  int port = 8765;
  bool open = false;
  std::string host = "127.0.0.1";
  bool allow_remote = false;
};

std::string Interpreter() {
  if (const char* python = std::getenv("THEMATICA_PYTHON"); python != nullptr && *python != '\0') {
    return python;
  }
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path beside = self.parent_path() / "python3";
    if (access(beside.c_str(), X_OK) == 0) return beside.string();
  }
  return "python3";
}

// Runs argv without a shell; returns its exit status, or -1 when it could not start.
int RunAndWait(const std::vector<std::string>& argv) {
  std::vector<char*> raw;
  for (const std::string& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(raw[0], raw.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunServe(const ServeArgs& args) {
  const bool local = args.host == "127.0.0.1" || args.host == "localhost" || args.host == "::1";
  if (!local && !args.allow_remote) {
    return Usage("serve", absl::StrCat("--host ", args.host,
                                       " would let other machines read and change the study; add "
                                       "--allow-remote if that is what you want"));
  }
  const std::string python = Interpreter();
  const int check = RunAndWait({python, "-c", "import thematica.serve"});
  if (check != 0) {
    std::cerr << "thematica serve: "
              << (check == 127 || check < 0
                      ? absl::StrCat("cannot run ", python, "; set THEMATICA_PYTHON to a Python 3 interpreter")
                      : absl::StrCat("the thematica Python package (thematica.serve) cannot be imported by ",
                                     python, "; install it (pip install thematica) or set THEMATICA_PYTHON "
                                     "to a Python that has it"))
              << "\n";
    return kExitFailure;
  }
  std::vector<std::string> argv = {python, "-m", "thematica.serve", args.study,
                                   "--port", std::to_string(args.port), "--host", args.host};
  if (args.open) argv.push_back("--open");
  if (args.allow_remote) argv.push_back("--allow-remote");
  std::vector<char*> raw;
  for (std::string& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  std::cout.flush();
  execvp(raw[0], raw.data());
  std::cerr << "thematica serve: cannot run " << python << ": " << std::strerror(errno) << "\n";
  return kExitFailure;
}

const CommandRegistrar kServe({
    .name = "serve",
    .summary = "code a .thematica or .json study in the browser: a local web page to select text "
               "and apply codes (saves after each change)",
    .example = "thematica serve study.thematica --open\n  thematica serve study.thematica --port 9000",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<ServeArgs>();
      app.add_option("STUDY", args->study, "a .thematica or .json project")->required();
      app.add_option("--port", args->port, "port to listen on (0: any free port)")
          ->check(CLI::Range(0, 65535));
      app.add_flag("--open", args->open, "open the page in the web browser");
      app.add_option("--host", args->host, "address to bind (default 127.0.0.1; others need --allow-remote)");
      app.add_flag("--allow-remote", args->allow_remote,
                   "allow --host to be an address other machines can reach (prints a warning)");
      return [args] { return RunServe(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
