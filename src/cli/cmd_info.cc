// `thematica info FILE [--format text|json]`: what a project holds, counted.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/command.h"
#include "cli/json_writer.h"
#include "cli/table.h"
#include "thematica/project_file.h"

namespace thematica::cli {
namespace {

struct InfoArgs {
  std::string file;
  OutputOptions output;
};

int RunInfo(const InfoArgs& args) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
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
  std::string text;
  if (args.output.Resolved() == Format::kJson) {
    JsonWriter json;
    json.BeginObject();
    json.Key("title").String(project->title());
    json.Key("id").String(project->id());
    json.Key("warnings").Int(static_cast<int64_t>(in->warnings.size()));
    for (const auto& [name, n] : counts) json.Key(name).Int(n);
    json.EndObject();
    text = json.str() + "\n";
  } else {
    text = project->title() + "\n";
    if (!in->warnings.empty()) absl::StrAppend(&text, "  (", in->warnings.size(), " import warnings)\n");
    for (const auto& [name, n] : counts) absl::StrAppend(&text, absl::StrFormat("  %-10s %d\n", name, n));
  }
  if (absl::Status s = EmitText(args.output, text); !s.ok()) return Fail(s);
  return kExitOk;
}

const CommandRegistrar kInfo({
    .name = "info",
    .summary = "title and counts of documents, cases, codes, excerpts, themes, relations, coders "
               "and memos of a .thematica, .json, .qdpx or .qdc file",
    .example = "thematica info study.thematica --format json",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<InfoArgs>();
      app.add_option("FILE", args->file, "a project: .thematica, .json, .qdpx or .qdc")->required();
      app.add_option("--format", args->output.format, "text or json")->check(CLI::IsMember({"text", "json"}));
      app.add_flag("--json", args->output.json, "the same as --format json");
      app.add_option("--out", args->output.out, "write to FILE instead of stdout");
      return [args] { return RunInfo(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
