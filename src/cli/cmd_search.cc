// `thematica search FILE PATTERN [--regex] [--case_sensitive]
//   [--accent_insensitive] [--context N] [--csv]`: keyword in context.
// `thematica autocode FILE PATTERN --code NAME [--scope hit|sentence|paragraph|turn|speaker]
//   [--coder NAME] [--regex] [--out FILE]`: codes the hits and saves the
// project (in place, atomically, unless --out names another file).
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/table.h"
#include "thematica/project_file.h"
#include "thematica/search.h"

ABSL_FLAG(bool, regex, false, "search/autocode: the pattern is an RE2 regular expression");
ABSL_FLAG(bool, case_sensitive, false, "search/autocode: match case");
ABSL_FLAG(bool, accent_insensitive, false, "search/autocode: cafe finds café");
ABSL_FLAG(int64_t, context, 40, "search: code points of context on each side");
ABSL_FLAG(std::string, code, "", "autocode: the code (name or path) to apply");
ABSL_FLAG(std::string, scope, "hit", "autocode: hit, sentence, paragraph, turn or speaker");
ABSL_FLAG(std::string, coder, "", "autocode: the coder (name) to record");

namespace thematica::cli {
namespace {

SearchOptions Options() {
  return {.regex = absl::GetFlag(FLAGS_regex),
          .case_sensitive = absl::GetFlag(FLAGS_case_sensitive),
          .accent_sensitive = !absl::GetFlag(FLAGS_accent_insensitive),
          .context = absl::GetFlag(FLAGS_context)};
}

int RunSearch(const std::vector<std::string>& args);
int RunAutocode(const std::vector<std::string>& args);

const Command kSearch = {
    .name = "search",
    .usage = "search FILE PATTERN [--regex] [--case_sensitive] [--accent_insensitive] [--context N] [--csv]",
    .summary = "text search with keyword in context (literal or RE2)",
    .run = RunSearch};
const Command kAutocode = {
    .name = "autocode",
    .usage = "autocode FILE PATTERN --code NAME [--scope hit|sentence|paragraph|turn|speaker] [--coder NAME] "
             "[--regex] [--out FILE]",
    .summary = "code every hit (or its sentence, paragraph, turn; or a speaker's turns) and save",
    .run = RunAutocode};
const CommandRegistrar kRegisterSearch(kSearch);
const CommandRegistrar kRegisterAutocode(kAutocode);

int RunSearch(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kSearch, "expected FILE and PATTERN");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  absl::StatusOr<std::vector<SearchHit>> hits = Search(in->project, args[1], Options());
  if (!hits.ok()) return Fail(hits.status());
  Table t({"document", "start", "end", "before", "hit", "after"});
  for (const SearchHit& h : *hits) {
    t.AddRow({in->project.FindDocument(h.document_id)->name, absl::StrCat(h.span.start), absl::StrCat(h.span.end),
              h.before, h.text, h.after});
  }
  if (absl::Status s = t.Emit(); !s.ok()) return Fail(s);
  return kExitOk;
}

int RunAutocode(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kAutocode, "expected FILE and PATTERN");
  if (absl::GetFlag(FLAGS_code).empty()) return Usage(kAutocode, "--code is required");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  Project& p = in->project;
  const std::string name = absl::GetFlag(FLAGS_code);
  const Code* code = nullptr;
  for (const Code& c : p.codebook().codes()) {
    if (c.name == name || p.codebook().Path(c.id, "/") == name) code = &c;
  }
  if (code == nullptr) return Fail(absl::NotFoundError(absl::StrCat("no code named \"", name, "\"")));
  std::string coder;
  if (!absl::GetFlag(FLAGS_coder).empty()) {
    const Coder* c = p.FindCoderByName(absl::GetFlag(FLAGS_coder));
    if (c == nullptr) return Fail(absl::NotFoundError(absl::StrCat("no coder named \"", absl::GetFlag(FLAGS_coder), "\"")));
    coder = c->id;
  }
  const std::string scope = absl::GetFlag(FLAGS_scope);
  absl::StatusOr<AutocodeResult> result;
  if (scope == "speaker") {
    result = AutocodeSpeaker(p, args[1], code->id, coder);
  } else {
    AutocodeScope s = AutocodeScope::kHit;
    if (scope == "sentence") s = AutocodeScope::kSentence;
    else if (scope == "paragraph") s = AutocodeScope::kParagraph;
    else if (scope == "turn") s = AutocodeScope::kTurn;
    else if (scope != "hit") return Usage(kAutocode, absl::StrCat("unknown --scope ", scope));
    result = Autocode(p, args[1], code->id, s, Options(), coder);
  }
  if (!result.ok()) return Fail(result.status());
  const std::string out = absl::GetFlag(FLAGS_out).empty() ? args[0] : absl::GetFlag(FLAGS_out);
  if (absl::Status s = WriteProjectFile(p, out); !s.ok()) return Fail(s);
  std::cout << "coded " << result->excerpt_ids.size() << " excerpts with \"" << name << "\" ("
            << result->already_coded << " already coded";
  if (scope == "turn") std::cout << ", " << result->outside_turns << " hits outside speaker turns";
  std::cout << "); wrote " << out << "\n";
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
