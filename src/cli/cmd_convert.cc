// `thematica convert IN OUT`: reads and writes projects in the format each
// path's extension names.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "thematica/native_io.h"

namespace thematica::cli {
namespace {

int RunConvert(const std::vector<std::string>& args);

const Command kConvert = {
    .name = "convert",
    .usage = "convert IN OUT",
    .summary = "convert between .thematica (binary) and .json by extension",
    .run = RunConvert};
const CommandRegistrar kRegisterConvert(kConvert);

int RunConvert(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kConvert, "expected IN and OUT");
  absl::StatusOr<Project> project = LoadProject(args[0]);
  if (!project.ok()) return Fail(project.status());
  if (absl::Status s = SaveProject(*project, args[1]); !s.ok()) return Fail(s);
  std::cout << "wrote " << args[1] << "\n";
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
