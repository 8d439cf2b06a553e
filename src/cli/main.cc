// Entry point of the `thematica` tool: a CLI11 app with one subcommand per
// registered command. Help (-h, --help, on the tool or a command) and
// --version exit 0; any usage error (unknown command or flag, a flag of
// another command, a missing argument, a value out of its set) exits 2.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/command.h"
#include "absl/strings/str_cat.h"
#include "thematica/ai.h"
#include "thematica/version.h"

namespace thematica::cli {
namespace {

std::map<std::string, Command>& Registry() {
  static auto* registry = new std::map<std::string, Command>();
  return *registry;
}

// "usage: thematica info FILE [OPTIONS]".
std::string UsageLine(const CLI::App& command) {
  std::string line = "usage: thematica " + command.get_name();
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional()) line += " " + option->get_name() + (option->get_items_expected_max() > 1 ? "..." : "");
  }
  return line + " [OPTIONS]";
}

}  // namespace

CommandRegistrar::CommandRegistrar(Command command) {
  std::string name = command.name;
  Registry().emplace(std::move(name), std::move(command));
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

int Usage(const std::string& command, const std::string& problem) {
  std::cerr << "thematica " << command << ": " << problem << "\nRun with --help for more information.\n";
  return kExitUsage;
}

int Main(int argc, char** argv) {
  CLI::App app("Thematica: qualitative coding from the command line.", "thematica");
  // Says whether AI-assisted coding is available, so IT can verify the switch.
  const std::string version =
      thematica::AiEnabled()
          ? absl::StrCat(THEMATICA_VERSION, "\nAI-assisted coding: enabled")
          : absl::StrCat(THEMATICA_VERSION, "\nAI-assisted coding: off (",
                         thematica::AiDisabledReason(), ")");
  app.set_version_flag("--version", version, "print the version and exit");
  app.footer("`thematica COMMAND --help` describes a command, its flags and an example.");
  app.get_formatter()->column_width(26);
  std::map<const CLI::App*, Runner> runners;
  for (const Command& command : Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    sub->footer("Example:\n  " + command.example);
    sub->option_defaults()->always_capture_default();
    runners[sub] = command.setup(*sub);
    // "FILE REQUIRED", not "FILE TEXT REQUIRED": a positional's name says what it is.
    for (CLI::Option* option : sub->get_options()) {
      if (option->get_positional()) option->type_name("")->default_str("");
    }
  }
  app.require_subcommand(0, 1);
  if (argc < 2) {
    std::cerr << app.help();
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version.
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::vector<CLI::App*> parsed = app.get_subcommands();
    if (parsed.empty()) {
      std::cerr << "thematica: " << e.what() << "\nRun `thematica --help` for the commands.\n";
    } else {
      std::cerr << "thematica " << parsed[0]->get_name() << ": " << e.what() << "\n"
                << UsageLine(*parsed[0]) << "\nRun `thematica " << parsed[0]->get_name()
                << " --help` for more information.\n";
    }
    return kExitUsage;
  }
  for (const CLI::App* sub : app.get_subcommands()) return runners.at(sub)();
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace thematica::cli

int main(int argc, char** argv) { return thematica::cli::Main(argc, argv); }
