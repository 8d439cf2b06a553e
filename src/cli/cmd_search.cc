// `thematica search FILE PATTERN [--regex] [--case-sensitive]
//   [--no-accent-sensitive] [--context N] [--format text|csv|json]`: keyword in context.
// `thematica autocode FILE PATTERN --code NAME [--scope hit|sentence|paragraph|turn|speaker]
//   [--coder NAME] [--regex] (--dry-run | --in-place | --out FILE)`: codes the
// hits and saves the project (atomically), or shows what it would code.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/suggest.h"
#include "cli/table.h"
#include "thematica/project_file.h"
#include "thematica/search.h"

namespace thematica::cli {
namespace {

struct SearchArgs {
  std::string file, pattern;
  bool regex = false;
  bool case_sensitive = false;
  bool accent_sensitive = true;
  int64_t context = 40;
  OutputOptions output;
  // autocode
  std::string code, scope = "hit", coder, out;
  bool dry_run = false, in_place = false;
};

SearchOptions Options(const SearchArgs& args) {
  return {.regex = args.regex,
          .case_sensitive = args.case_sensitive,
          .accent_sensitive = args.accent_sensitive,
          .context = args.context};
}

void AddMatchFlags(CLI::App& app, SearchArgs& args) {
  app.add_option("FILE", args.file, "a project file (any format)")->required();
  app.add_flag("--regex", args.regex, "PATTERN is an RE2 regular expression (linear time)");
  app.add_flag("--case-sensitive,--case_sensitive", args.case_sensitive, "match case");
  app.add_flag("--accent-sensitive,!--no-accent-sensitive,!--accent_insensitive", args.accent_sensitive,
               "cafe does not find café (--no-accent-sensitive: it does)");
}

int RunSearch(const SearchArgs& args) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  absl::StatusOr<std::vector<SearchHit>> hits = Search(in->project, args.pattern, Options(args));
  if (!hits.ok()) return Fail(hits.status());
  Table t({"document", "start", "end", "before", "hit", "after"});
  for (const SearchHit& h : *hits) {
    t.AddRow({in->project.FindDocument(h.document_id)->name, absl::StrCat(h.span.start), absl::StrCat(h.span.end),
              h.before, h.text, h.after});
  }
  if (absl::Status s = t.Emit(args.output); !s.ok()) return Fail(s);
  return kExitOk;
}

int RunAutocode(const SearchArgs& args) {
  const int targets = (args.dry_run ? 1 : 0) + (args.in_place ? 1 : 0) + (args.out.empty() ? 0 : 1);
  if (targets != 1) return Usage("autocode", "give exactly one of --dry-run, --in-place and --out FILE");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  Project& p = in->project;
  absl::StatusOr<const Code*> code = FindCode(p, args.code);
  if (!code.ok()) return Fail(code.status());
  const std::string code_id = (*code)->id;
  std::string coder;
  if (!args.coder.empty()) {
    absl::StatusOr<const Coder*> c = FindCoder(p, args.coder);
    if (!c.ok()) return Fail(c.status());
    coder = (*c)->id;
  }
  absl::StatusOr<AutocodeResult> result;
  if (args.scope == "speaker") {
    result = AutocodeSpeaker(p, args.pattern, code_id, coder);
  } else {
    const AutocodeScope s = ParseAutocodeScope(args.scope).value();  // --scope is checked by CLI11.
    result = Autocode(p, args.pattern, code_id, s, Options(args), coder);
  }
  if (!result.ok()) return Fail(result.status());
  const std::string path = p.codebook().Path(code_id, "/");
  if (args.dry_run) {
    Table t({"document", "start", "end", "text", "code"});
    for (const std::string& id : result->excerpt_ids) {
      const Excerpt* e = p.FindExcerpt(id);
      t.AddRow({p.FindDocument(e->document_id)->name, absl::StrCat(e->span.start), absl::StrCat(e->span.end),
                std::string(p.DocumentText(e->document_id, e->span).value()), path});
    }
    if (absl::Status s = t.Emit(args.output); !s.ok()) return Fail(s);
    std::cerr << "would code " << result->excerpt_ids.size() << " excerpts with \"" << path << "\" ("
              << result->already_coded << " already coded); nothing written\n";
    return kExitOk;
  }
  const std::string out = args.in_place ? args.file : args.out;
  if (absl::Status s = WriteProjectFile(p, out); !s.ok()) return Fail(s);
  std::cout << "coded " << result->excerpt_ids.size() << " excerpts with \"" << args.code << "\" ("
            << result->already_coded << " already coded";
  if (args.scope == "turn") std::cout << ", " << result->outside_turns << " hits outside speaker turns";
  std::cout << "); wrote " << out << "\n";
  return kExitOk;
}

const CommandRegistrar kSearch({
    .name = "search",
    .summary = "text search with keyword in context (literal or RE2)",
    .example = "thematica search study.thematica 'bridge' --context 30\n"
               "  thematica search study.thematica 'trust(ed|ing)?' --regex --format csv --out hits.csv",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<SearchArgs>();
      AddMatchFlags(app, *args);
      app.add_option("PATTERN", args->pattern, "the text (or with --regex the expression) to find")->required();
      app.add_option("--context", args->context, "code points of context on each side");
      AddOutputFlags(app, args->output);
      return [args] { return RunSearch(*args); };
    }});

const CommandRegistrar kAutocode({
    .name = "autocode",
    .summary = "code every hit (or its sentence, paragraph, turn; or a speaker's turns); "
               "--dry-run shows what it would code",
    .example = "thematica autocode study.thematica 'trust' --code Trust --scope sentence --coder Ana --dry-run\n"
               "  thematica autocode study.thematica 'trust' --code Trust --scope sentence --coder Ana --in-place",
    .setup = [](CLI::App& app) -> Runner {
      auto args = std::make_shared<SearchArgs>();
      AddMatchFlags(app, *args);
      app.add_option("PATTERN", args->pattern, "the text to find (with --scope speaker: the speaker label)")
          ->required();
      app.add_option("--code", args->code, "the code to apply, by name or path")->required();
      app.add_option("--scope", args->scope, "what a hit codes: hit, sentence, paragraph, turn or speaker")
          ->check(CLI::IsMember({"hit", "sentence", "paragraph", "turn", "speaker"}));
      app.add_option("--coder", args->coder, "the coder to record, by name");
      app.add_flag("--dry-run", args->dry_run, "show what would be coded (a table; see --format) and write nothing");
      app.add_flag("--in-place", args->in_place, "save the coded project over FILE");
      app.add_option("--out", args->out, "save the coded project to this file (any format)");
      app.add_option("--format", args->output.format, "--dry-run's table: text, csv or json")
          ->check(CLI::IsMember({"text", "csv", "json"}));
      return [args] { return RunAutocode(*args); };
    }});

}  // namespace
}  // namespace thematica::cli
