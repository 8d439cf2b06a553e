// `thematica diff A B [--json|--csv]`: what changed from project A to
// project B, object by object (matched by id); `thematica diff --textconv
// FILE` prints a readable text form of one project for git diff.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/table.h"
#include "cli/team_io.h"
#include "thematica/diff.h"

namespace thematica::cli {
namespace {

struct DiffArgs {
  std::vector<std::string> files;
  bool textconv = false;
  OutputOptions output;
};

int RunDiff(const DiffArgs& args) {
  if (args.textconv) {
    if (args.files.size() != 1) return Usage("diff", "--textconv takes one FILE");
    absl::StatusOr<LoadedProject> p = ReadTeamProject(args.files[0]);
    if (!p.ok()) return Fail(p.status());
    std::cout << ProjectText(p->project);
    return kExitOk;
  }
  if (args.files.size() != 2) return Usage("diff", "expected two projects, A and B");
  absl::StatusOr<LoadedProject> a = ReadTeamProject(args.files[0]);
  if (!a.ok()) return Fail(a.status());
  absl::StatusOr<LoadedProject> b = ReadTeamProject(args.files[1]);
  if (!b.ok()) return Fail(b.status());
  const ProjectDiff diff = Diff(a->project, b->project);
  const Format format = args.output.Resolved();
  if (format == Format::kText && args.output.out.empty()) {
    std::cout << diff.ToText();
    return kExitOk;
  }
  Table table({"kind", "id", "name", "change", "field", "before", "after"});
  for (const DiffChange& c : diff.changes) {
    table.AddRow({std::string(ObjectKindName(c.kind)), c.id, c.name, std::string(DiffChangeTypeName(c.change)), c.field,
                  c.before, c.after});
  }
  if (absl::Status s = table.Emit(args.output); !s.ok()) return Fail(s);
  return kExitOk;
}

const CommandRegistrar kDiff({
    .name = "diff",
    .summary = "the changes from project A to project B, matched by id (added, removed, changed, moved, "
               "renamed, recoded); --textconv FILE prints one project as text for git diff",
    .example = "thematica diff last_week.thematica study.thematica\n"
               "  thematica diff a.qdpx b.thematica --csv\n"
               "  thematica diff --textconv study.thematica",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<DiffArgs>();
      app.add_option("FILES", args->files, "A and B: .thematica, .json, .qdpx or .qdc")->required();
      app.add_flag("--textconv", args->textconv, "print FILE as readable text (git's textconv)");
      AddOutputFlags(app, args->output);
      return [args] { return RunDiff(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
