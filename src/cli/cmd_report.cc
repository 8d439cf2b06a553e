// `thematica report FILE --out DIR [--attribute role]`: writes the thematic
// map (DOT, SVG, PNG, PDF), the theme report (Markdown, HTML, .docx) and the
// codebook document (Markdown, HTML, CSV, .docx) into DIR, with a progress
// bar on a terminal.
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/progress.h"
#include "cli/suggest.h"
#include "thematica/project_file.h"
#include "thematica/report.h"

namespace thematica::cli {
namespace {

struct ReportArgs {
  std::string file, out, attribute;
  int max_quotes = 3;
};

int RunReport(const ReportArgs& args) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  if (!args.attribute.empty()) {
    // A misspelled name gets "did you mean"; the rule itself is the core's.
    if (absl::StatusOr<const AttributeDefinition*> a = FindAttribute(in->project, args.attribute); !a.ok()) {
      return Fail(a.status());
    }
  }
  absl::StatusOr<std::string> attribute = ReportAttribute(
      in->project, args.attribute.empty() ? std::nullopt : std::optional<std::string>(args.attribute),
      /*preferred=*/"role");  // The CLI's documented default (see --attribute).
  if (!attribute.ok()) return Fail(attribute.status());
  ReportOptions options{.attribute = *attribute};
  options.max_quotes = args.max_quotes;
  if (absl::Status s = WriteReport(in->project, args.out, options, TerminalProgress()); !s.ok()) return Fail(s);
  std::cout << "wrote " << args.out << "/report.html (open it in a browser), report.md, report.docx, "
            << "codebook.html/.md/.csv/.docx and thematic_map.svg/.png/.pdf/.dot\n";
  return kExitOk;
}

const CommandRegistrar kReport({
    .name = "report",
    .summary = "thematic map, theme report and codebook document (Markdown, HTML, .docx, CSV, SVG, PNG, PDF)",
    .example = "thematica report study.thematica --out report/ --attribute role",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<ReportArgs>();
      app.add_option("FILE", args->file, "a project file (any format)")->required();
      app.add_option("--out", args->out, "the folder to write into (created if missing)")->required();
      app.add_option("--attribute", args->attribute,
                     "the case attribute quotes are attributed and participants counted by "
                     "(default: role, when the study has it)");
      app.add_option("--max-quotes", args->max_quotes, "representative quotes per theme (-1: every quote)");
      return [args] { return RunReport(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
