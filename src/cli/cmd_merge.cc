// `thematica merge BASE OURS THEIRS -o OUT`: three-way merge of two edited
// copies of a project; `thematica merge-driver %O %A %B`: the same as a git
// merge driver, writing the result over %A. Exit 0 when clean, 1 with
// conflicts (their default resolutions are in the result; the report goes
// to stdout for merge and to stderr for merge-driver, where git shows it).
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/team_io.h"
#include "internal/file_util.h"
#include "thematica/merge.h"
#include "thematica/native_io.h"
#include "thematica/project_file.h"

namespace thematica::cli {
namespace {

struct MergeArgs {
  std::string base, ours, theirs, out;
  std::vector<std::string> resolve;  // KEY=CHOICE
};

void Report(const MergeResult& r, std::ostream& out) {
  for (const MergeConflict& c : r.conflicts) {
    out << "CONFLICT (" << ConflictTypeName(c.type) << ") " << c.message << "\n"
        << "  key " << c.key() << "; ours: " << c.ours << "; theirs: " << c.theirs << "; "
        << (c.resolution.empty() ? absl::StrCat("default: ", c.default_resolution)
                                 : absl::StrCat("resolved: ", c.resolution))
        << "\n";
  }
  out << r.conflicts.size() << (r.conflicts.size() == 1 ? " conflict" : " conflicts") << "\n";
}

absl::StatusOr<MergeResult> Run3(const LoadedProject& base, const LoadedProject& ours, const LoadedProject& theirs,
                                 const std::vector<std::string>& resolve) {
  MergeOptions options;
  for (const std::string& r : resolve) {
    std::vector<std::string> kv = absl::StrSplit(r, absl::MaxSplits('=', 1));
    if (kv.size() != 2) return absl::InvalidArgumentError(absl::StrCat("--resolve expects KEY=CHOICE, not \"", r, "\""));
    options.resolutions[kv[0]] = kv[1];
  }
  return Merge(base.project, ours.project, theirs.project, options);
}

int RunMerge(const MergeArgs& args, bool driver) {
  absl::StatusOr<LoadedProject> base = ReadTeamProject(args.base);
  if (!base.ok()) return Fail(base.status());
  absl::StatusOr<LoadedProject> ours = ReadTeamProject(args.ours);
  if (!ours.ok()) return Fail(ours.status());
  absl::StatusOr<LoadedProject> theirs = ReadTeamProject(args.theirs);
  if (!theirs.ok()) return Fail(theirs.status());
  absl::StatusOr<MergeResult> r = Run3(*base, *ours, *theirs, args.resolve);
  if (!r.ok()) return Fail(r.status());
  absl::Status written =
      driver ? WriteFileAtomic(args.ours, SerializeProject(r->project, ours->format))
             : WriteProjectFile(r->project, args.out);
  if (!written.ok()) return Fail(written);
  if (r->conflicts.empty()) return kExitOk;
  Report(*r, driver ? std::cerr : std::cout);
  return kExitFailure;
}

const CommandRegistrar kMerge({
    .name = "merge",
    .summary = "three-way merge of two edited copies of a project against their common base; exit 1 "
               "with a conflict report when both sides changed something differently",
    .example = "thematica merge base.thematica ana.thematica ben.thematica -o merged.thematica\n"
               "  thematica merge base.json ours.json theirs.json -o out.json --resolve ID/name=theirs",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<MergeArgs>();
      app.add_option("BASE", args->base, "the common ancestor")->required();
      app.add_option("OURS", args->ours, "one edited copy")->required();
      app.add_option("THEIRS", args->theirs, "the other edited copy")->required();
      app.add_option("-o,--out", args->out, "the merged project, its format by extension")->required();
      app.add_option("--resolve", args->resolve,
                     "KEY=CHOICE: decide a conflict (KEY from the report; CHOICE ours, theirs or a value)");
      return [args] { return RunMerge(*args, /*driver=*/false); };
    }});

const CommandRegistrar kMergeDriver({
    .name = "merge-driver",
    .summary = "git merge driver for .thematica and .json projects: merges %O %A %B into %A "
               "(exit 1 on conflicts, report on stderr)",
    .example = "git config merge.thematica.driver \"thematica merge-driver %O %A %B\"",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<MergeArgs>();
      app.add_option("BASE", args->base, "%O: the common ancestor")->required();
      app.add_option("OURS", args->ours, "%A: our version; the result is written here")->required();
      app.add_option("THEIRS", args->theirs, "%B: their version")->required();
      return [args] { return RunMerge(*args, /*driver=*/true); };
    }});

}  // namespace
}  // namespace thematica::cli
