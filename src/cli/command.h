// The `thematica` command line (CLI11): each subcommand lives in its own file
// and registers itself with a static CommandRegistrar, so adding a command
// never touches another command's file. A command declares its own
// arguments and flags on its CLI::App and returns what runs once they are
// parsed; flags it does not declare are rejected (exit 2).
//
//   namespace {
//   struct InfoArgs { std::string file; OutputOptions output; };
//   int RunInfo(const InfoArgs& args) { … }
//   const CommandRegistrar kInfo({
//       .name = "info", .summary = "counts of …",
//       .example = "thematica info study.thematica --format json",
//       .setup = [](CLI::App& app) -> Runner {
//         auto args = std::make_shared<InfoArgs>();
//         app.add_option("FILE", args->file, "a project file")->required();
//         return [args] { return RunInfo(*args); };
//       }});
//   }  // namespace
#ifndef THEMATICA_SRC_CLI_COMMAND_H_
#define THEMATICA_SRC_CLI_COMMAND_H_

#include <functional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace thematica::cli {

// Exit codes: 0 success, 1 the operation failed, 2 bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Runs a command whose arguments have been parsed; returns the exit code.
using Runner = std::function<int()>;

struct Command {
  std::string name;
  std::string summary;  // One line for `thematica --help`.
  std::string example;  // One or more example invocations for `thematica NAME --help`.
  // Declares the command's arguments and flags on `app`; returns its runner.
  std::function<Runner(CLI::App& app)> setup;
};

class CommandRegistrar {
 public:
  explicit CommandRegistrar(Command command);
};

// Registered commands, sorted by name.
std::vector<Command> Commands();

// Prints "thematica: <message>" to stderr and returns kExitFailure.
int Fail(const absl::Status& status);
// Prints "thematica <command>: <problem>" to stderr and returns kExitUsage.
int Usage(const std::string& command, const std::string& problem);

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_COMMAND_H_
