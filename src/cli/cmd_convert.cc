// `thematica convert IN OUT [--target TOOL]`: reads and writes projects in the
// format each path's extension names; a .csv is a codebook in Taguette's form.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "thematica/codebook_csv.h"
#include "thematica/project_file.h"
#include "thematica/refi_qda.h"

ABSL_FLAG(std::string, target, "",
          "convert: the tool a .qdpx is for: refi (the standard, default), nvivo, atlas.ti, "
          "maxqda or qualcoder");

namespace thematica::cli {
namespace {

int RunConvert(const std::vector<std::string>& args);

const Command kConvert = {
    .name = "convert",
    .usage = "convert IN OUT [--target refi|nvivo|atlas.ti|maxqda|qualcoder]",
    .summary = "convert between .thematica, .json, .qdpx (REFI-QDA project, --target names the "
               "receiving tool), .qdc and .csv (codebook, Taguette's form) by extension; "
               "warnings go to stderr",
    .run = RunConvert};
const CommandRegistrar kRegisterConvert(kConvert);

bool IsCsv(const std::string& path) { return absl::EndsWithIgnoreCase(path, ".csv"); }

int RunConvert(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kConvert, "expected IN and OUT");
  const std::string& in_path = args[0];
  const std::string& out_path = args[1];
  const std::string target_name = absl::GetFlag(FLAGS_target);
  QdpxWriteOptions options;
  if (!target_name.empty()) {
    if (!absl::EndsWithIgnoreCase(out_path, ".qdpx")) {
      return Usage(kConvert, absl::StrCat("--target applies to a .qdpx output, not ", out_path));
    }
    absl::StatusOr<ExportTarget> target = ParseExportTarget(target_name);
    if (!target.ok()) return Usage(kConvert, std::string(target.status().message()));
    options.target = *target;
  }
  absl::StatusOr<ImportResult> in;
  if (IsCsv(in_path)) {
    absl::StatusOr<Project> book = ReadCodebookCsv(in_path);
    if (!book.ok()) return Fail(book.status());
    in = ImportResult{*std::move(book), {}};
  } else {
    in = ReadProjectFile(in_path);
  }
  if (!in.ok()) return Fail(in.status());
  for (const std::string& warning : in->warnings) std::cerr << "warning: " << warning << "\n";
  std::vector<std::string> warnings;
  absl::Status written = IsCsv(out_path) ? WriteCodebookCsv(in->project, out_path)
                         : absl::EndsWithIgnoreCase(out_path, ".qdpx")
                             ? WriteQdpx(in->project, out_path, options, &warnings)
                             : WriteProjectFile(in->project, out_path);
  if (!written.ok()) return Fail(written);
  for (const std::string& warning : warnings) std::cerr << "warning: " << warning << "\n";
  std::cout << "wrote " << out_path << "\n";
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
