// `thematica convert IN OUT [--target TOOL] [--compact]`: reads and writes
// projects in the format each path's extension names; a .csv is a codebook in
// Taguette's form; --compact writes a .thematica in the compact encoding.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "thematica/codebook_csv.h"
#include "thematica/native_io.h"
#include "thematica/project_file.h"
#include "thematica/refi_qda.h"

namespace thematica::cli {
namespace {

struct ConvertArgs {
  std::string in, out, target;
  bool compact = false;
};

bool IsCsv(const std::string& path) { return absl::EndsWithIgnoreCase(path, ".csv"); }

int RunConvert(const ConvertArgs& args) {
  QdpxWriteOptions options;
  if (!args.target.empty()) {
    if (!absl::EndsWithIgnoreCase(args.out, ".qdpx")) {
      return Usage("convert", absl::StrCat("--target applies to a .qdpx output, not ", args.out));
    }
    absl::StatusOr<ExportTarget> target = ParseExportTarget(args.target);
    if (!target.ok()) return Usage("convert", std::string(target.status().message()));
    options.target = *target;
  }
  if (args.compact && !absl::EndsWithIgnoreCase(args.out, ".thematica")) {
    return Usage("convert", absl::StrCat("--compact applies to a .thematica output, not ", args.out));
  }
  const ProgressFn progress = TerminalProgress();
  progress(0, 2);
  absl::StatusOr<ImportResult> in;
  if (IsCsv(args.in)) {
    absl::StatusOr<Project> book = ReadCodebookCsv(args.in);
    if (!book.ok()) return Fail(book.status());
    in = ImportResult{*std::move(book), {}};
  } else {
    in = ReadProjectFile(args.in);
  }
  if (!in.ok()) return Fail(in.status());
  progress(1, 2);
  std::vector<std::string> warnings;
  absl::Status written = IsCsv(args.out) ? WriteCodebookCsv(in->project, args.out)
                         : absl::EndsWithIgnoreCase(args.out, ".qdpx")
                             ? WriteQdpx(in->project, args.out, options, &warnings)
                         : args.compact ? SaveProject(in->project, args.out, NativeFormat::kCompact)
                                        : WriteProjectFile(in->project, args.out);
  progress(2, 2);
  for (const std::string& warning : in->warnings) std::cerr << "warning: " << warning << "\n";
  if (!written.ok()) return Fail(written);
  for (const std::string& warning : warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << "wrote " << args.out << "\n";
  return kExitOk;
}

const CommandRegistrar kConvert({
    .name = "convert",
    .summary = "convert between .thematica, .json, .qdpx (REFI-QDA project), .qdc and .csv "
               "(codebook, Taguette's form) by extension; warnings go to stderr",
    .example = "thematica convert study.thematica study.qdpx --target nvivo\n"
               "  thematica convert from_atlas.qdpx study.thematica",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<ConvertArgs>();
      app.add_option("IN", args->in, "the file to read: .thematica, .json, .qdpx, .qdc or .csv")->required();
      app.add_option("OUT", args->out, "the file to write, its format by extension")->required();
      app.add_option("--target", args->target,
                     "the tool a .qdpx is for: refi (the standard, default), nvivo, atlas.ti, maxqda or qualcoder");
      app.add_flag("--compact", args->compact,
                   "write a .thematica OUT in the compact encoding of format 1.2 (smaller, faster "
                   "to load; read by Thematica 1.2 and later)");
      return [args] { return RunConvert(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
