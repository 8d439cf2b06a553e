// Entry point of the `thematica` tool: parses flags, dispatches to the
// subcommand named by the first positional argument.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"

ABSL_FLAG(bool, json, false, "print machine-readable JSON");
ABSL_FLAG(bool, csv, false, "print tables as CSV");
ABSL_FLAG(std::string, out, "", "output file or folder");

namespace thematica::cli {
namespace {

std::map<std::string, Command>& Registry() {
  static auto* registry = new std::map<std::string, Command>();
  return *registry;
}

std::string Overview() {
  std::string text =
      "Thematica: qualitative coding from the command line.\n\n"
      "usage: thematica COMMAND ARGS [FLAGS]\n\ncommands:\n";
  for (const Command& c : Commands()) {
    absl::StrAppend(&text, "  ", c.usage, "\n      ", c.summary, "\n");
  }
  absl::StrAppend(&text, "\n`thematica --helpfull` lists every flag.");
  return text;
}

}  // namespace

CommandRegistrar::CommandRegistrar(Command command) {
  Registry().emplace(command.name, command);
}

std::vector<Command> Commands() {
  std::vector<Command> out;
  for (const auto& [name, command] : Registry()) out.push_back(command);
  return out;
}

int Fail(const absl::Status& status) {
  std::cerr << "thematica: " << status.message() << "\n";
  return kExitFailure;
}

int Usage(const Command& command, const std::string& problem) {
  std::cerr << "thematica " << command.name << ": " << problem
            << "\nusage: thematica " << command.usage << "\n";
  return kExitUsage;
}

}  // namespace thematica::cli

int main(int argc, char** argv) {
  using thematica::cli::Registry;
  absl::SetProgramUsageMessage(thematica::cli::Overview());
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::cerr << thematica::cli::Overview() << "\n";
    return thematica::cli::kExitUsage;
  }
  std::string name = positional[1];
  auto it = Registry().find(name);
  if (it == Registry().end()) {
    std::cerr << "thematica: unknown command '" << name << "'\n\n"
              << thematica::cli::Overview() << "\n";
    return thematica::cli::kExitUsage;
  }
  std::vector<std::string> args(positional.begin() + 2, positional.end());
  return it->second.run(args);
}
