// thematica crosswalk A B [--csv] [--min-score S]: suggested correspondences
// between two codebooks (projects, .qdpx, .qdc or codebook .csv). The
// matching is Python (thematica.crosswalk); this runs it without a shell,
// with THEMATICA_PYTHON (or the python3 beside this program, or on PATH).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "internal/subprocess.h"

namespace thematica::cli {
namespace {

struct CrosswalkArgs {
  std::string a, b;
  bool csv = false;
  double min_score = 0.5;
};

std::string Python() {
  if (const char* python = std::getenv("THEMATICA_PYTHON"); python != nullptr && *python != '\0') return python;
  std::error_code error;
  const std::filesystem::path beside = std::filesystem::read_symlink("/proc/self/exe", error).parent_path() / "python3";
  return !error && access(beside.c_str(), X_OK) == 0 ? beside.string() : "python3";
}

int RunCrosswalk(const CrosswalkArgs& args) {
  std::vector<std::string> argv = {Python(), "-m", "thematica._crosswalk", args.a, args.b,
                                   "--min-score", absl::StrCat(args.min_score)};
  if (args.csv) argv.push_back("--csv");
  absl::StatusOr<internal::ProcessResult> run = internal::RunProcess(argv, "");
  if (!run.ok()) {
    std::cerr << "thematica crosswalk: " << run.status().message()
              << "; set THEMATICA_PYTHON to a Python 3 that has the thematica package\n";
    return kExitFailure;
  }
  std::cout << run->out;
  std::cerr << run->err;
  return run->exit_code == 0 ? 0 : kExitFailure;
}

const CommandRegistrar kCrosswalk({
    .name = "crosswalk",
    .summary = "suggest correspondences between two codebooks (same, broader, narrower, related) "
               "by names, definitions and overlapping codings",
    .example = "thematica crosswalk ours.thematica theirs.qdc\n  thematica crosswalk a.thematica b.qdpx --csv",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<CrosswalkArgs>();
      app.add_option("A", args->a, "a project (.thematica, .json, .qdpx) or codebook (.qdc, .csv)")->required();
      app.add_option("B", args->b, "the other project or codebook")->required();
      app.add_flag("--csv", args->csv, "write CSV instead of an aligned table");
      app.add_option("--min-score", args->min_score, "leave out pairs scoring less (0..1, default 0.5)")
          ->check(CLI::Range(0.0, 1.0));
      return [args] { return RunCrosswalk(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
