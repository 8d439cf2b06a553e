// `thematica convert IN OUT`: reads and writes projects in the format each
// path's extension names.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "thematica/project_file.h"

namespace thematica::cli {
namespace {

int RunConvert(const std::vector<std::string>& args);

const Command kConvert = {
    .name = "convert",
    .usage = "convert IN OUT",
    .summary = "convert between .thematica, .json, .qdpx (REFI-QDA project) and .qdc (codebook) "
               "by extension; import warnings go to stderr",
    .run = RunConvert};
const CommandRegistrar kRegisterConvert(kConvert);

int RunConvert(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kConvert, "expected IN and OUT");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  for (const std::string& warning : in->warnings) std::cerr << "warning: " << warning << "\n";
  if (absl::Status s = WriteProjectFile(in->project, args[1]); !s.ok()) return Fail(s);
  std::cout << "wrote " << args[1] << "\n";
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
