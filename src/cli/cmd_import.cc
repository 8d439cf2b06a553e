// Getting data into a study from the command line:
//   thematica new STUDY --title …
//   thematica import STUDY FILE... [--speakers auto|none|REGEX] [--case NAME] [--interviewer NAME,...]
//   thematica add-code STUDY "Parent/Child" [--description …]
//   thematica code STUDY DOC "phrase" --code NAME [--occurrence all|K] [--coder NAME]
// Each reads STUDY (any project file by extension), changes it, and saves it
// atomically; on any error nothing is written.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "thematica/import.h"
#include "thematica/phrase.h"
#include "thematica/project.h"
#include "thematica/project_file.h"
#include "thematica/text.h"

ABSL_FLAG(std::string, speakers, "auto",
          "import: speaker turns from auto (P4: …, [00:01:02] P4: …, VTT voices), none, or a regex "
          "with a group named speaker");
ABSL_FLAG(std::string, case, "", "import: the documents' case (participant), by name");
ABSL_FLAG(std::string, interviewer, "Interviewer,I,Q",
          "import: speaker labels of the interviewer(s), comma-separated; their turns get no case");
ABSL_FLAG(std::string, encoding, "", "import: encoding of text files without a BOM (e.g. latin-1)");
ABSL_FLAG(bool, create_cases, true, "import: speaker labels that are not cases become cases");
ABSL_FLAG(std::string, text, "answer", "import-table: the text column(s), comma-separated");
ABSL_FLAG(std::string, name, "id", "import-table: the column naming each document (empty: row N)");
ABSL_FLAG(std::string, attributes, "", "import-table: columns that become case attributes, comma-separated");
ABSL_FLAG(std::string, case_column, "id", "import-table: the column naming each row's case (empty: none)");
ABSL_FLAG(std::string, types, "", "import-table: attribute types to use instead of inferred ones, e.g. age=text");
ABSL_FLAG(std::string, title, "", "new: the study's title");
ABSL_FLAG(std::string, description, "", "add-code: the code's definition");
ABSL_FLAG(std::string, occurrence, "",
          "code: which occurrence of the phrase to code when it occurs several times: K (1-based) or all");
// Shared with autocode (cmd_search.cc), which defines them.
ABSL_DECLARE_FLAG(std::string, code);
ABSL_DECLARE_FLAG(std::string, coder);

namespace thematica::cli {
namespace {

int RunNew(const std::vector<std::string>& args);
int RunImport(const std::vector<std::string>& args);
int RunAddCode(const std::vector<std::string>& args);
int RunImportTable(const std::vector<std::string>& args);
int RunCode(const std::vector<std::string>& args);

const Command kNew = {.name = "new",
                      .usage = "new STUDY --title TITLE",
                      .summary = "create an empty study (.thematica, .json or .qdpx)",
                      .run = RunNew};
const Command kImport = {
    .name = "import",
    .usage = "import STUDY FILE... [--speakers auto|none|REGEX] [--case NAME] [--interviewer NAME,...]",
    .summary = "import transcripts (.txt .md .docx .odt .rtf .html .pdf .vtt .srt) as documents, "
               "speaker turns linked to cases; creates STUDY if missing",
    .run = RunImport};
const Command kImportTable = {
    .name = "import-table",
    .usage = "import-table STUDY FILE.csv|.tsv [--text answer] [--name id] [--attributes age,group] "
             "[--case_column id] [--types age=text]",
    .summary = "import survey answers: a document per row, a case per respondent with typed "
               "attributes; creates STUDY if missing",
    .run = RunImportTable};
const Command kAddCode = {.name = "add-code",
                          .usage = "add-code STUDY \"Parent/Child\" [--description TEXT]",
                          .summary = "add a code (and any missing parents) to the codebook",
                          .run = RunAddCode};
const Command kCode = {
    .name = "code",
    .usage = "code STUDY DOC \"phrase\" --code NAME [--occurrence all|K] [--coder NAME]",
    .summary = "code a phrase of a document (matched leniently: spaces, quotes, dashes, case)",
    .run = RunCode};
const CommandRegistrar kRegisterNew(kNew);
const CommandRegistrar kRegisterImport(kImport);
const CommandRegistrar kRegisterAddCode(kAddCode);
const CommandRegistrar kRegisterImportTable(kImportTable);
const CommandRegistrar kRegisterCode(kCode);

absl::StatusOr<Project> Load(const std::string& path) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(path);
  if (!in.ok()) return in.status();
  for (const std::string& warning : in->warnings) std::cerr << "warning: " << warning << "\n";
  return std::move(in->project);
}

int RunNew(const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage(kNew, "expected STUDY");
  if (std::filesystem::exists(args[0])) {
    return Fail(absl::AlreadyExistsError(absl::StrCat(args[0], " already exists")));
  }
  std::string title = absl::GetFlag(FLAGS_title);
  if (title.empty()) title = std::filesystem::path(args[0]).stem().string();
  Project p(title);
  if (absl::Status s = WriteProjectFile(p, args[0]); !s.ok()) return Fail(s);
  std::cout << "created " << args[0] << " (\"" << title << "\")\n";
  return kExitOk;
}

// STUDY, or a new project titled by its file name when it does not exist.
absl::StatusOr<Project> LoadOrCreate(const std::string& study) {
  if (!std::filesystem::exists(study)) return Project(std::filesystem::path(study).stem().string());
  return Load(study);
}

int RunImport(const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage(kImport, "expected STUDY and at least one FILE");
  const std::string& study = args[0];
  const bool exists = std::filesystem::exists(study);
  absl::StatusOr<Project> loaded = LoadOrCreate(study);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  ImportOptions options;
  options.speakers = absl::GetFlag(FLAGS_speakers);
  options.case_name = absl::GetFlag(FLAGS_case);
  options.interviewer = absl::StrSplit(absl::GetFlag(FLAGS_interviewer), ',', absl::SkipWhitespace());
  options.encoding = absl::GetFlag(FLAGS_encoding);
  options.create_cases = absl::GetFlag(FLAGS_create_cases);
  const size_t cases_before = p.cases().size();
  const std::vector<std::string> files(args.begin() + 1, args.end());
  absl::StatusOr<std::vector<std::string>> ids = ImportFiles(p, files, options);
  if (!ids.ok()) return Fail(ids.status());
  if (absl::Status s = WriteProjectFile(p, study); !s.ok()) return Fail(s);
  for (size_t k = 0; k < ids->size(); ++k) {
    const Document& d = *p.FindDocument((*ids)[k]);
    std::vector<std::string> speakers;
    for (const SpeakerTurn& t : d.speaker_turns) {
      if (!t.speaker.empty() &&
          std::find(speakers.begin(), speakers.end(), t.speaker) == speakers.end()) {
        speakers.push_back(t.speaker);
      }
    }
    std::cout << "imported " << files[k] << " as \"" << d.name << "\": " << CodePointCount(d.text)
              << " characters, " << d.speaker_turns.size() << " turns";
    if (!speakers.empty()) std::cout << " (" << absl::StrJoin(speakers, ", ") << ")";
    if (!d.case_id.empty()) std::cout << ", case " << p.FindCase(d.case_id)->name;
    std::cout << "\n";
  }
  std::vector<std::string> new_cases;
  for (size_t k = cases_before; k < p.cases().size(); ++k) new_cases.push_back(p.cases()[k].name);
  if (!new_cases.empty()) std::cout << "new cases: " << absl::StrJoin(new_cases, ", ") << "\n";
  std::cout << (exists ? "saved " : "created ") << study << "\n";
  return kExitOk;
}

int RunImportTable(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kImportTable, "expected STUDY and FILE");
  const std::string& study = args[0];
  const bool exists = std::filesystem::exists(study);
  absl::StatusOr<Project> loaded = LoadOrCreate(study);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  absl::StatusOr<Table> table = ReadTable(args[1], absl::GetFlag(FLAGS_encoding));
  if (!table.ok()) return Fail(table.status());
  TableImportOptions options;
  options.text = absl::StrSplit(absl::GetFlag(FLAGS_text), ',', absl::SkipWhitespace());
  options.name = absl::GetFlag(FLAGS_name);
  options.attributes = absl::StrSplit(absl::GetFlag(FLAGS_attributes), ',', absl::SkipWhitespace());
  options.case_column = absl::GetFlag(FLAGS_case_column);
  options.create_cases = absl::GetFlag(FLAGS_create_cases);
  for (absl::string_view pair : absl::StrSplit(absl::GetFlag(FLAGS_types), ',', absl::SkipWhitespace())) {
    const std::vector<std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.size() != 2) return Usage(kImportTable, absl::StrCat("--types: expected NAME=TYPE, not ", pair));
    options.types[kv[0]] = kv[1];
  }
  const size_t cases_before = p.cases().size();
  absl::StatusOr<std::vector<std::string>> ids = ImportTable(p, *table, options);
  if (!ids.ok()) return Fail(ids.status());
  if (absl::Status s = WriteProjectFile(p, study); !s.ok()) return Fail(s);
  std::cout << "imported " << ids->size() << " documents from " << args[1] << " ("
            << table->rows.size() << " rows), " << p.cases().size() - cases_before << " new cases";
  if (!options.attributes.empty()) {
    std::vector<std::string> typed;
    for (const std::string& a : options.attributes) {
      typed.push_back(absl::StrCat(a, " (", AttributeTypeName(p.FindAttributeByName(a)->type), ")"));
    }
    std::cout << "; attributes " << absl::StrJoin(typed, ", ");
  }
  std::cout << "\n" << (exists ? "saved " : "created ") << study << "\n";
  return kExitOk;
}

// A code by path "Parent/Child" or by a name that only one code has.
absl::StatusOr<const Code*> FindCode(const Project& p, const std::string& key) {
  const std::vector<std::string> path = absl::StrSplit(key, '/');
  if (path.size() > 1) {
    if (const Code* c = p.codebook().FindByPath(path)) return c;
  }
  const Code* found = nullptr;
  for (const Code& c : p.codebook().codes()) {
    if (c.name != key) continue;
    if (found != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("several codes are named \"", key, "\": give the path, e.g. \"",
                       p.codebook().Path(c.id, "/"), "\""));
    }
    found = &c;
  }
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("no code \"", key, "\" (add it with thematica add-code)"));
  }
  return found;
}

int RunAddCode(const std::vector<std::string>& args) {
  if (args.size() != 2) return Usage(kAddCode, "expected STUDY and the code's path");
  absl::StatusOr<Project> loaded = Load(args[0]);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  const std::vector<std::string> path = absl::StrSplit(args[1], '/');
  std::string parent;
  std::vector<std::string> prefix;
  for (size_t k = 0; k < path.size(); ++k) {
    prefix.push_back(path[k]);
    const Code* existing = p.codebook().FindByPath(prefix);
    if (existing != nullptr && k + 1 < path.size()) {
      parent = existing->id;
      continue;
    }
    if (existing != nullptr) {
      return Fail(absl::AlreadyExistsError(absl::StrCat("the code \"", args[1], "\" already exists")));
    }
    Code code;
    code.name = path[k];
    code.parent_id = parent;
    if (k + 1 == path.size()) code.description = absl::GetFlag(FLAGS_description);
    absl::StatusOr<std::string> id = p.AddCode(std::move(code));
    if (!id.ok()) return Fail(id.status());
    parent = *id;
  }
  if (absl::Status s = WriteProjectFile(p, args[0]); !s.ok()) return Fail(s);
  std::cout << "added code " << args[1] << "\n";
  return kExitOk;
}

int RunCode(const std::vector<std::string>& args) {
  if (args.size() != 3) return Usage(kCode, "expected STUDY, DOC and the phrase");
  if (absl::GetFlag(FLAGS_code).empty()) return Usage(kCode, "--code is required");
  absl::StatusOr<Project> loaded = Load(args[0]);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  const Document* doc = p.FindDocument(args[1]);
  if (doc == nullptr) doc = p.FindDocumentByName(args[1]);
  if (doc == nullptr) return Fail(absl::NotFoundError(absl::StrCat("no document \"", args[1], "\"")));
  absl::StatusOr<const Code*> code = FindCode(p, absl::GetFlag(FLAGS_code));
  if (!code.ok()) return Fail(code.status());
  std::string coder;
  if (const std::string name = absl::GetFlag(FLAGS_coder); !name.empty()) {
    if (const Coder* c = p.FindCoderByName(name)) {
      coder = c->id;
    } else {
      absl::StatusOr<std::string> id = p.AddCoder({.name = name});
      if (!id.ok()) return Fail(id.status());
      coder = *id;
    }
  }
  const std::string& phrase = args[2];
  absl::StatusOr<PhraseMatches> found = FindPhrase(doc->text, phrase);
  if (!found.ok()) return Fail(found.status());
  const std::vector<Span>& spans = found->occurrences;
  if (spans.empty()) {
    std::string message = absl::StrCat("\"", phrase, "\" does not occur in \"", doc->name, "\"");
    if (found->closest) {
      absl::StrAppend(&message, "; the closest passage is: ", PhraseContext(doc->text, *found->closest));
    }
    return Fail(absl::NotFoundError(message));
  }
  std::vector<Span> chosen;
  const std::string occurrence = absl::GetFlag(FLAGS_occurrence);
  int k = 0;
  if (occurrence == "all") {
    chosen = spans;
  } else if (occurrence.empty() && spans.size() == 1) {
    chosen = spans;
  } else if (occurrence.empty()) {
    std::string message = absl::StrCat("\"", phrase, "\" occurs ", spans.size(), " times in \"",
                                       doc->name, "\"; choose with --occurrence K or --occurrence all:");
    for (size_t i = 0; i < spans.size(); ++i) {
      absl::StrAppend(&message, "\n  ", i + 1, ": [", spans[i].start, ", ", spans[i].end, ") ",
                      PhraseContext(doc->text, spans[i]));
    }
    return Fail(absl::InvalidArgumentError(message));
  } else if (absl::SimpleAtoi(occurrence, &k) && k >= 1 && static_cast<size_t>(k) <= spans.size()) {
    chosen = {spans[static_cast<size_t>(k - 1)]};
  } else {
    return Fail(absl::InvalidArgumentError(absl::StrCat(
        "--occurrence ", occurrence, ": expected all or 1 to ", spans.size())));
  }
  for (const Span& s : chosen) {
    Excerpt e;
    e.document_id = doc->id;
    e.span = s;
    e.code_ids = {(*code)->id};
    e.coder_id = coder;
    if (absl::StatusOr<std::string> id = p.AddExcerpt(std::move(e)); !id.ok()) return Fail(id.status());
  }
  if (absl::Status s = WriteProjectFile(p, args[0]); !s.ok()) return Fail(s);
  for (const Span& s : chosen) {
    std::cout << "coded [" << s.start << ", " << s.end << ") " << PhraseContext(doc->text, s, 20)
              << " with " << p.codebook().Path((*code)->id, "/") << "\n";
  }
  return kExitOk;
}

}  // namespace
}  // namespace thematica::cli
