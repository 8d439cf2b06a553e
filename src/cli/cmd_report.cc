// `thematica report FILE --out DIR [--attribute role]`: writes the thematic
// map (DOT, SVG, PNG, PDF), the theme report (Markdown, HTML, .docx) and the
// codebook document (Markdown, HTML, CSV, .docx) into DIR, with a progress
// bar on a terminal.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "thematica/project_file.h"
#include "thematica/report.h"

ABSL_DECLARE_FLAG(std::string, attribute);

namespace thematica::cli {
namespace {

int RunReport(const std::vector<std::string>& args);

const Command kReport = {
    .name = "report",
    .usage = "report FILE --out DIR [--attribute role]",
    .summary = "thematic map, theme report and codebook document (Markdown, HTML, .docx, CSV, SVG, PNG, PDF)",
    .run = RunReport};
const CommandRegistrar kRegisterReport(kReport);

int RunReport(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage(kReport, "expected one FILE");
  const std::string folder = absl::GetFlag(FLAGS_out);
  if (folder.empty()) return Usage(kReport, "--out DIR is required");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  std::string attribute = absl::GetFlag(FLAGS_attribute);
  if (attribute.empty()) {
    // By default participants are grouped by "role" when the study has it.
    if (in->project.FindAttributeByName("role") != nullptr) attribute = "role";
  } else if (in->project.FindAttributeByName(attribute) == nullptr) {
    std::vector<std::string> names;
    for (const AttributeDefinition& a : in->project.attributes()) names.push_back(a.name);
    return Fail(absl::NotFoundError(absl::StrCat("no attribute \"", attribute, "\" (the study has: ",
                                                 names.empty() ? "none" : absl::StrJoin(names, ", "), ")")));
  }
  const bool terminal = ::isatty(STDERR_FILENO);
  auto progress = [&](int done, int total) {
    if (!terminal) return;
    const int width = 30, filled = width * done / total;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/"
              << total << (done == total ? "\n" : "") << std::flush;
  };
  if (absl::Status s = WriteReport(in->project, folder, {.attribute = attribute}, progress); !s.ok()) {
    return Fail(s);
  }
  std::cout << "wrote " << folder << "/report.html (open it in a browser), report.md, report.docx, "
            << "codebook.html/.md/.csv/.docx and thematic_map.svg/.png/.pdf/.dot\n";
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
