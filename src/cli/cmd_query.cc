// `thematica query FILE EXPRESSION [--descendants] [--attribute_filter role=patient]
//   [--context N] [--csv]`: the text that satisfies a coding query.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/table.h"
#include "thematica/project_file.h"
#include "thematica/query.h"

ABSL_DECLARE_FLAG(bool, descendants);
ABSL_DECLARE_FLAG(int64_t, context);
ABSL_FLAG(std::string, attribute_filter, "", "query: only cases with NAME=VALUE[,NAME=VALUE]");

namespace thematica::cli {
namespace {

int RunQueryCommand(const std::vector<std::string>& args);

const Command kQuery = {
    .name = "query",
    .usage = "query FILE EXPRESSION [--descendants] [--attribute_filter role=patient] [--context N] [--csv]",
    .summary = "coding query: AND, OR, NOT, NEAR/n, SAMEPARA, SAMETURN over codes",
    .run = RunQueryCommand};
const CommandRegistrar kRegisterQuery(kQuery);

int RunQueryCommand(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kQuery, "expected FILE and EXPRESSION");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  QueryOptions options{.include_descendants = absl::GetFlag(FLAGS_descendants),
                       .context = absl::GetFlag(FLAGS_context)};
  for (absl::string_view pair : absl::StrSplit(absl::GetFlag(FLAGS_attribute_filter), ',', absl::SkipEmpty())) {
    std::vector<std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.size() != 2) return Usage(kQuery, "--attribute_filter takes NAME=VALUE");
    options.attributes[kv[0]] = kv[1];
  }
  absl::StatusOr<std::vector<QueryHit>> hits = RunQuery(in->project, args[1], options);
  if (!hits.ok()) return Fail(hits.status());
  Table t({"document", "start", "end", "before", "text", "after"});
  for (const QueryHit& h : *hits) {
    t.AddRow({in->project.FindDocument(h.document_id)->name, absl::StrCat(h.span.start), absl::StrCat(h.span.end),
              h.before, h.text, h.after});
  }
  if (absl::Status s = t.Emit(); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
