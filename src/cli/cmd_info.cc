// `thematica info FILE [--json]`: what a project holds, counted.
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/command.h"
#include "cli/json_writer.h"
#include "thematica/project_file.h"

namespace thematica::cli {
namespace {

int RunInfo(const std::vector<std::string>& args);

const Command kInfo = {
    .name = "info",
    .usage = "info FILE [--json]",
    .summary = "title and counts of documents, cases, codes, excerpts, themes, relations, coders "
               "and memos of a .thematica, .json, .qdpx or .qdc file",
    .run = RunInfo};
const CommandRegistrar kRegisterInfo(kInfo);

int RunInfo(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage(kInfo, "expected one FILE");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  const Project* project = &in->project;
  const std::vector<std::pair<std::string, int64_t>> counts = {
      {"documents", static_cast<int64_t>(project->documents().size())},
      {"cases", static_cast<int64_t>(project->cases().size())},
      {"codes", static_cast<int64_t>(project->codebook().size())},
      {"excerpts", static_cast<int64_t>(project->excerpts().size())},
      {"themes", static_cast<int64_t>(project->themes().size())},
      {"relations", static_cast<int64_t>(project->relations().size())},
      {"coders", static_cast<int64_t>(project->coders().size())},
      {"memos", static_cast<int64_t>(project->memos().size())},
  };
  if (absl::GetFlag(FLAGS_json)) {
    JsonWriter json;
    json.BeginObject();
    json.Key("title").String(project->title());
    json.Key("id").String(project->id());
    json.Key("warnings").Int(static_cast<int64_t>(in->warnings.size()));
    for (const auto& [name, n] : counts) json.Key(name).Int(n);
    json.EndObject();
    std::cout << json.str() << "\n";
    return kExitOk;
  }
  std::cout << project->title() << "\n";
  if (!in->warnings.empty()) std::cout << "  (" << in->warnings.size() << " import warnings)\n";
  for (const auto& [name, n] : counts) {
    std::cout << absl::StrFormat("  %-10s %d\n", name, n);
  }
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
