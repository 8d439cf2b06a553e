// `thematica validate FILE`: exit 0 when the project file is consistent,
// otherwise exit 1 listing every problem.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "cli/command.h"
#include "thematica/native_io.h"
#include "thematica/project_file.h"

namespace thematica::cli {
namespace {

bool IsNative(const std::string& path) {
  return absl::EndsWithIgnoreCase(path, ".thematica") || absl::EndsWithIgnoreCase(path, ".json");
}

int RunValidate(const std::string& file) {
  std::vector<std::string> problems;
  if (IsNative(file)) {
    // The native reader refuses an inconsistent file at its first problem;
    // this lists all of them.
    problems = ValidateProjectFile(file);
  } else {
    absl::StatusOr<ImportResult> in = ReadProjectFile(file);
    if (!in.ok()) {
      problems = {std::string(in.status().message())};
    } else {
      for (const std::string& w : in->warnings) std::cerr << "warning: " << w << "\n";
      problems = in->project.Validate();
    }
  }
  if (problems.empty()) {
    std::cout << file << ": valid\n";
    return kExitOk;
  }
  std::cerr << file << ": " << problems.size() << (problems.size() == 1 ? " problem\n" : " problems\n");
  for (const std::string& p : problems) std::cerr << "  " << p << "\n";
  return kExitFailure;
}

const CommandRegistrar kValidate({
    .name = "validate",
    .summary = "check every reference and range of a project file (any format); list every problem",
    .example = "thematica validate study.thematica   # exit 0, or 1 listing every problem",
    .setup = [](CLI::App& app) -> Runner {
      auto file = std::make_shared<std::string>();
      app.add_option("FILE", *file, "a project: .thematica, .json, .qdpx or .qdc")->required();
      return [file] { return RunValidate(*file); };
    }});

}  // namespace
}  // namespace thematica::cli
