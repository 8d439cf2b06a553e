// The `thematica` command line: each subcommand lives in its own file and
// registers itself with a static CommandRegistrar, so adding a command never
// touches another command's file.
//
//   namespace {
//   int RunInfo(const std::vector<std::string>& args) { … }
//   const CommandRegistrar kInfo({.name = "info", .usage = "info FILE [--json]",
//                                 .summary = "counts of …", .run = RunInfo});
//   }  // namespace
//
// Flags are global (absl::flags); the ones several commands share are
// declared here and defined in main.cc.
#ifndef THEMATICA_SRC_CLI_COMMAND_H_
#define THEMATICA_SRC_CLI_COMMAND_H_

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/status.h"

ABSL_DECLARE_FLAG(bool, json);  // Machine-readable JSON output.
ABSL_DECLARE_FLAG(bool, csv);   // Tables as CSV on stdout.
ABSL_DECLARE_FLAG(std::string, out);  // Output file or folder.
// JSON output: cli/json_writer.h.

namespace thematica::cli {

// Exit codes: 0 success, 1 the operation failed, 2 bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  const char* name;
  const char* usage;    // e.g. "info FILE [--json]"
  const char* summary;  // One line for `thematica --help`.
  // Positional arguments after the command name.
  int (*run)(const std::vector<std::string>& args);
};

class CommandRegistrar {
 public:
  explicit CommandRegistrar(Command command);
};

// Registered commands, sorted by name.
std::vector<Command> Commands();

// Prints "thematica: <message>" to stderr and returns kExitFailure.
int Fail(const absl::Status& status);
// Prints the usage line of `command` to stderr and returns kExitUsage.
int Usage(const Command& command, const std::string& problem);

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_COMMAND_H_
