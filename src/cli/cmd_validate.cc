// `thematica validate FILE`: exit 0 when the project file is consistent,
// otherwise exit 1 listing every problem.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "thematica/native_io.h"

namespace thematica::cli {
namespace {

int RunValidate(const std::vector<std::string>& args);

const Command kValidate = {
    .name = "validate",
    .usage = "validate FILE",
    .summary = "check every reference and range; list every problem",
    .run = RunValidate};
const CommandRegistrar kRegisterValidate(kValidate);

int RunValidate(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage(kValidate, "expected one FILE");
  const std::vector<std::string> problems = ValidateProjectFile(args[0]);
  if (problems.empty()) {
    std::cout << args[0] << ": valid\n";
    return kExitOk;
  }
  std::cerr << args[0] << ": " << problems.size()
            << (problems.size() == 1 ? " problem\n" : " problems\n");
  for (const std::string& p : problems) std::cerr << "  " << p << "\n";
  return kExitFailure;
}

}  // namespace
}  // namespace thematica::cli
