// Getting data into a study from the command line:
//   thematica new STUDY --title …
//   thematica import STUDY FILE... [--speakers auto|none|REGEX] [--case NAME] [--interviewer NAME,...]
//   thematica add-code STUDY "Parent/Child" [--description …]
//   thematica code STUDY DOC "phrase" --code NAME [--occurrence all|K] [--coder NAME]
// Each reads STUDY (any project file by extension), changes it, and saves it
// atomically; on any error nothing is written.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "cli/suggest.h"
#include "thematica/import.h"
#include "thematica/phrase.h"
#include "thematica/project.h"
#include "thematica/project_file.h"
#include "thematica/text.h"

namespace thematica::cli {
namespace {

struct ImportArgs {
  std::string study;
  std::vector<std::string> files;
  // import
  std::string speakers = "auto", case_name, interviewer = "Interviewer,I,Q", encoding;
  bool create_cases = true;
  // import-table
  std::string text = "answer", name = "id", attributes, case_column = "id", types;
  // new
  std::string title;
  // add-code
  std::string code_path, description;
  // code
  std::string document, phrase, code, coder, occurrence;
};

absl::StatusOr<Project> Load(const std::string& path) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(path);
  if (!in.ok()) return in.status();
  for (const std::string& warning : in->warnings) std::cerr << "warning: " << warning << "\n";
  return std::move(in->project);
}

int RunNew(const ImportArgs& args) {
  if (std::filesystem::exists(args.study)) {
    return Fail(absl::AlreadyExistsError(absl::StrCat(args.study, " already exists")));
  }
  std::string title = args.title;
  if (title.empty()) title = std::filesystem::path(args.study).stem().string();
  Project p(title);
  if (absl::Status s = WriteProjectFile(p, args.study); !s.ok()) return Fail(s);
  std::cout << "created " << args.study << " (\"" << title << "\")\n";
  return kExitOk;
}

// STUDY, or a new project titled by its file name when it does not exist.
absl::StatusOr<Project> LoadOrCreate(const std::string& study) {
  if (!std::filesystem::exists(study)) return Project(std::filesystem::path(study).stem().string());
  return Load(study);
}

int RunImport(const ImportArgs& args) {
  const std::string& study = args.study;
  const bool exists = std::filesystem::exists(study);
  absl::StatusOr<Project> loaded = LoadOrCreate(study);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  ImportOptions options;
  options.speakers = args.speakers;
  options.case_name = args.case_name;
  options.interviewer = absl::StrSplit(args.interviewer, ',', absl::SkipWhitespace());
  options.encoding = args.encoding;
  options.create_cases = args.create_cases;
  const size_t cases_before = p.cases().size();
  const std::vector<std::string>& files = args.files;
  // File by file for the progress bar; all or nothing all the same, as
  // nothing is saved unless every file imported.
  const ProgressFn progress = TerminalProgress();
  std::vector<std::string> ids_in_order;
  for (size_t k = 0; k < files.size(); ++k) {
    absl::StatusOr<std::string> id = ImportFile(p, files[k], options);
    if (!id.ok()) return Fail(id.status());
    ids_in_order.push_back(*id);
    progress(static_cast<int>(k + 1), static_cast<int>(files.size()));
  }
  const std::vector<std::string>* ids = &ids_in_order;
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

int RunImportTable(const ImportArgs& args) {
  const std::string& study = args.study;
  const std::string& file = args.files.front();
  const bool exists = std::filesystem::exists(study);
  absl::StatusOr<Project> loaded = LoadOrCreate(study);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  absl::StatusOr<Table> table = ReadTable(file, args.encoding);
  if (!table.ok()) return Fail(table.status());
  TableImportOptions options;
  options.text = absl::StrSplit(args.text, ',', absl::SkipWhitespace());
  options.name = args.name;
  options.attributes = absl::StrSplit(args.attributes, ',', absl::SkipWhitespace());
  options.case_column = args.case_column;
  options.create_cases = args.create_cases;
  for (absl::string_view pair : absl::StrSplit(args.types, ',', absl::SkipWhitespace())) {
    const std::vector<std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (kv.size() != 2) return Usage("import-table", absl::StrCat("--types: expected NAME=TYPE, not ", pair));
    options.types[kv[0]] = kv[1];
  }
  const size_t cases_before = p.cases().size();
  absl::StatusOr<std::vector<std::string>> ids = ImportTable(p, *table, options);
  if (!ids.ok()) return Fail(ids.status());
  if (absl::Status s = WriteProjectFile(p, study); !s.ok()) return Fail(s);
  std::cout << "imported " << ids->size() << " documents from " << file << " ("
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

int RunAddCode(const ImportArgs& args) {
  absl::StatusOr<Project> loaded = Load(args.study);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  const std::vector<std::string> path = absl::StrSplit(args.code_path, '/');
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
      return Fail(absl::AlreadyExistsError(absl::StrCat("the code \"", args.code_path, "\" already exists")));
    }
    Code code;
    code.name = path[k];
    code.parent_id = parent;
    if (k + 1 == path.size()) code.description = args.description;
    absl::StatusOr<std::string> id = p.AddCode(std::move(code));
    if (!id.ok()) return Fail(id.status());
    parent = *id;
  }
  if (absl::Status s = WriteProjectFile(p, args.study); !s.ok()) return Fail(s);
  std::cout << "added code " << args.code_path << "\n";
  return kExitOk;
}

int RunCode(const ImportArgs& args) {
  absl::StatusOr<Project> loaded = Load(args.study);
  if (!loaded.ok()) return Fail(loaded.status());
  Project& p = *loaded;
  absl::StatusOr<const Document*> found_doc = FindDocument(p, args.document);
  if (!found_doc.ok()) return Fail(found_doc.status());
  const Document* doc = *found_doc;
  absl::StatusOr<const Code*> code = FindCode(p, args.code);
  if (!code.ok()) {
    if (code.status().code() != absl::StatusCode::kNotFound) return Fail(code.status());
    return Fail(absl::NotFoundError(absl::StrCat(code.status().message(), "; add a code with thematica add-code")));
  }
  std::string coder;
  if (const std::string& name = args.coder; !name.empty()) {
    if (const Coder* c = p.FindCoderByName(name)) {
      coder = c->id;
    } else {
      absl::StatusOr<std::string> id = p.AddCoder({.name = name});
      if (!id.ok()) return Fail(id.status());
      coder = *id;
    }
  }
  const std::string& phrase = args.phrase;
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
  const std::string& occurrence = args.occurrence;
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
  if (absl::Status s = WriteProjectFile(p, args.study); !s.ok()) return Fail(s);
  for (const Span& s : chosen) {
    std::cout << "coded [" << s.start << ", " << s.end << ") " << PhraseContext(doc->text, s, 20)
              << " with " << p.codebook().Path((*code)->id, "/") << "\n";
  }
  return kExitOk;
}

Runner Setup(CLI::App& app, int (*run)(const ImportArgs&), void (*flags)(CLI::App&, ImportArgs&)) {
  auto args = std::make_shared<ImportArgs>();
  app.add_option("STUDY", args->study, "the study: .thematica, .json, .qdpx or .qdc")->required();
  flags(app, *args);
  return [args, run] { return run(*args); };
}

const CommandRegistrar kNew({
    .name = "new",
    .summary = "create an empty study (.thematica, .json or .qdpx)",
    .example = "thematica new study.thematica --title \"Peer support in hospital\"",
    .setup = [](CLI::App& app) {
      return Setup(app, RunNew, [](CLI::App& app, ImportArgs& args) {
        app.add_option("--title", args.title, "the study's title (default: the file name)");
      });
    }});

const CommandRegistrar kImport({
    .name = "import",
    .summary = "import transcripts (.txt .md .docx .odt .rtf .html .pdf .vtt .srt) as documents, "
               "speaker turns linked to cases; creates STUDY if missing",
    .example = "thematica import study.thematica interviews/*.docx zoom/*.vtt --interviewer \"Interviewer,Ana Souza\"",
    .setup = [](CLI::App& app) {
      return Setup(app, RunImport, [](CLI::App& app, ImportArgs& args) {
        app.add_option("FILE", args.files, "the files to import (all or none)")->required();
        app.add_option("--speakers", args.speakers,
                       "speaker turns from auto (P4: …, [00:01:02] P4: …, VTT voices), none, or a regex "
                       "with a group named speaker");
        app.add_option("--case", args.case_name, "the documents' case (participant), by name");
        app.add_option("--interviewer", args.interviewer,
                       "speaker labels of the interviewer(s), comma-separated; their turns get no case");
        app.add_option("--encoding", args.encoding, "encoding of text files without a BOM (e.g. latin-1)");
        app.add_flag("--create-cases,!--no-create-cases", args.create_cases,
                     "speaker labels that are not cases become cases");
      });
    }});

const CommandRegistrar kImportTable({
    .name = "import-table",
    .summary = "import survey answers: a document per row, a case per respondent with typed "
               "attributes; creates STUDY if missing",
    .example = "thematica import-table study.thematica survey.csv --text answer --attributes age,group --types age=text",
    .setup = [](CLI::App& app) {
      return Setup(app, RunImportTable, [](CLI::App& app, ImportArgs& args) {
        app.add_option("FILE", args.files, "the table: .csv or .tsv")->required()->expected(1);
        app.add_option("--text", args.text, "the text column(s), comma-separated");
        app.add_option("--name", args.name, "the column naming each document (empty: row N)");
        app.add_option("--attributes", args.attributes, "columns that become case attributes, comma-separated");
        app.add_option("--case-column,--case_column,--case", args.case_column,
                       "the column naming each row's case (empty: none)");
        app.add_option("--types", args.types, "attribute types instead of inferred ones, e.g. age=text");
        app.add_option("--encoding", args.encoding, "encoding of a file without a BOM (e.g. latin-1)");
        app.add_flag("--create-cases,!--no-create-cases", args.create_cases, "respondents become cases");
      });
    }});

const CommandRegistrar kAddCode({
    .name = "add-code",
    .summary = "add a code (and any missing parents) to the codebook",
    .example = "thematica add-code study.thematica \"The bridge/Bridge metaphor\" --description \"The peer worker as a bridge\"",
    .setup = [](CLI::App& app) {
      return Setup(app, RunAddCode, [](CLI::App& app, ImportArgs& args) {
        app.add_option("CODE", args.code_path, "the code's path, \"Parent/Child\"")->required();
        app.add_option("--description", args.description, "the code's definition");
      });
    }});

const CommandRegistrar kCode({
    .name = "code",
    .summary = "code a phrase of a document (matched leniently: spaces, quotes, dashes, case)",
    .example = "thematica code study.thematica P13 \"be that bridge\" --code \"Bridge metaphor\" --coder Ana",
    .setup = [](CLI::App& app) {
      return Setup(app, RunCode, [](CLI::App& app, ImportArgs& args) {
        app.add_option("DOC", args.document, "the document, by name")->required();
        app.add_option("PHRASE", args.phrase, "the text to code, as it reads in the document")->required();
        app.add_option("--code", args.code, "the code, by name or path")->required();
        app.add_option("--coder", args.coder, "the coder (added when new)");
        app.add_option("--occurrence", args.occurrence,
                       "which occurrence when the phrase occurs several times: K (1-based) or all");
      });
    }});

}  // namespace
}  // namespace thematica::cli
