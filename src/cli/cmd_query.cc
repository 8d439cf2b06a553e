// `thematica query FILE EXPRESSION [--include-descendants] [--attribute role=patient]
//   [--context N] [--format text|csv|json]`: the text that satisfies a coding query.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/suggest.h"
#include "cli/table.h"
#include "thematica/project_file.h"
#include "thematica/query.h"

namespace thematica::cli {
namespace {

struct QueryArgs {
  std::string file, expression;
  bool include_descendants = false;
  std::vector<std::string> attribute;  // NAME=VALUE
  int64_t context = 40;
  OutputOptions output;
};

// A query naming no code or theme: the message, with the closest names.
absl::Status WithSuggestions(const Project& p, const absl::Status& status) {
  if (status.code() != absl::StatusCode::kNotFound) return status;
  const std::vector<std::string> quoted = absl::StrSplit(status.message(), '"');
  if (quoted.size() < 3) return status;
  std::vector<std::string> names = CodeNames(p);
  for (std::string& t : ThemeNames(p)) names.push_back(std::move(t));
  return absl::NotFoundError(absl::StrCat(status.message(), DidYouMean(quoted[1], names)));
}

int RunQueryCommand(const QueryArgs& args) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  const Project& p = in->project;
  QueryOptions options{.include_descendants = args.include_descendants, .context = args.context};
  for (const std::string& pair : args.attribute) {
    std::vector<std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.size() != 2) return Usage("query", absl::StrCat("--attribute takes NAME=VALUE, not ", pair));
    if (absl::StatusOr<const AttributeDefinition*> a = FindAttribute(p, kv[0]); !a.ok()) return Fail(a.status());
    options.attributes[kv[0]] = kv[1];
  }
  absl::StatusOr<std::vector<QueryHit>> hits = RunQuery(p, args.expression, options);
  if (!hits.ok()) return Fail(WithSuggestions(p, hits.status()));
  Table t({"document", "start", "end", "before", "text", "after"});
  for (const QueryHit& h : *hits) {
    t.AddRow({p.FindDocument(h.document_id)->name, absl::StrCat(h.span.start), absl::StrCat(h.span.end), h.before,
              h.text, h.after});
  }
  if (absl::Status s = t.Emit(args.output); !s.ok()) return Fail(s);
  return kExitOk;
}

const CommandRegistrar kQuery({
    .name = "query",
    .summary = "coding query: AND, OR, NOT, NEAR/n, SAMEPARA, SAMETURN over codes and themes",
    .example = "thematica query study.thematica 'Advocacy AND \"Rebuilding trust\"' --attribute role=patient",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<QueryArgs>();
      app.add_option("FILE", args->file, "a project file (any format)")->required();
      app.add_option("EXPRESSION", args->expression,
                     "codes and themes by name or path (quoted when they hold spaces) joined by "
                     "AND, OR, NOT, NEAR/n, SAMEPARA, SAMETURN and parentheses")
          ->required();
      app.add_flag("--include-descendants,--descendants", args->include_descendants,
                   "a code stands for its sub-codes too");
      app.add_option("--attribute,--attribute-filter,--attribute_filter", args->attribute,
                     "only codings speaking for cases with NAME=VALUE (repeat or comma-separate)")
          ->delimiter(',')->allow_extra_args(false);
      app.add_option("--context", args->context, "code points of context on each side");
      AddOutputFlags(app, args->output);
      return [args] { return RunQueryCommand(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
