// Listing commands, each a table (--format text|csv|json, --out FILE):
//   thematica codes STUDY       the codebook: paths, definitions, counts
//   thematica themes STUDY      themes, their parents, codes and support
//   thematica cases STUDY       participants and their attribute values
//   thematica documents STUDY   documents, their cases, length and codings
//   thematica quotes STUDY [--theme X] [--code Y] [--attribute role]
//                               excerpts attributed as papers print them
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/suggest.h"
#include "cli/table.h"
#include "thematica/project_file.h"
#include "thematica/report.h"
#include "thematica/text.h"

namespace thematica::cli {
namespace {

struct ListArgs {
  std::string file;
  std::string theme, code, attribute;
  bool include_descendants = true;
  OutputOptions output;
};

using TableFn = absl::StatusOr<Table> (*)(const Project&, const ListArgs&);

int Run(const ListArgs& args, TableFn body) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  absl::StatusOr<Table> table = body(in->project, args);
  if (!table.ok()) return Fail(table.status());
  if (absl::Status s = table->Emit(args.output); !s.ok()) return Fail(s);
  return kExitOk;
}

std::shared_ptr<ListArgs> Common(CLI::App& app) {
  auto args = std::make_shared<ListArgs>();
  app.add_option("STUDY", args->file, "a project file (any format)")->required();
  AddOutputFlags(app, args->output);
  return args;
}

std::string Path(const Project& p, const std::string& code) { return p.codebook().Path(code, "/"); }

absl::StatusOr<Table> CodesTable(const Project& p, const ListArgs&) {
  Table t({"code", "description", "codable", "excerpts", "documents", "cases"});
  std::vector<CodeCount> counts = p.CodeCounts();
  for (const Code& c : p.codebook().codes()) {
    auto n = std::find_if(counts.begin(), counts.end(), [&](const CodeCount& k) { return k.code_id == c.id; });
    const CodeCount zero;
    const CodeCount& k = n == counts.end() ? zero : *n;
    t.AddRow({Path(p, c.id), c.description, c.codable ? "yes" : "no (folder)", absl::StrCat(k.excerpts),
              absl::StrCat(k.documents), absl::StrCat(k.cases)});
  }
  return t;
}

absl::StatusOr<Table> ThemesTable(const Project& p, const ListArgs&) {
  Table t({"theme", "parent", "codes", "excerpts", "cases", "description"});
  for (const Theme& theme : p.themes()) {
    const std::vector<std::string> ids = p.ThemeCodeIds(theme.id, /*include_subthemes=*/true);
    const absl::flat_hash_set<std::string> set(ids.begin(), ids.end());
    std::set<std::string> cases;
    int64_t excerpts = 0;
    for (const Excerpt& e : p.excerpts()) {
      if (std::none_of(e.code_ids.begin(), e.code_ids.end(), [&](const std::string& c) { return set.contains(c); })) {
        continue;
      }
      ++excerpts;
      for (std::string& c : p.ExcerptCaseIds(e)) cases.insert(std::move(c));
    }
    std::vector<std::string> codes;
    for (const std::string& c : theme.code_ids) codes.push_back(Path(p, c));
    const Theme* parent = theme.parent_id.empty() ? nullptr : p.FindTheme(theme.parent_id);
    t.AddRow({theme.name, parent == nullptr ? "" : parent->name, absl::StrJoin(codes, "; "), absl::StrCat(excerpts),
              absl::StrCat(cases.size()), theme.description});
  }
  return t;
}

absl::StatusOr<Table> CasesTable(const Project& p, const ListArgs&) {
  std::vector<std::string> header = {"case"};
  for (const AttributeDefinition& a : p.attributes()) header.push_back(a.name);
  header.push_back("documents");
  Table t(header);
  for (const Case& c : p.cases()) {
    std::vector<std::string> row = {c.name};
    for (const AttributeDefinition& a : p.attributes()) {
      const AttributeValue* v = p.CaseAttribute(c.id, a.id);
      row.push_back(v == nullptr ? "" : v->ToString());
    }
    row.push_back(absl::StrCat(std::count_if(p.documents().begin(), p.documents().end(),
                                             [&](const Document& d) { return d.case_id == c.id; })));
    t.AddRow(std::move(row));
  }
  return t;
}

absl::StatusOr<Table> DocumentsTable(const Project& p, const ListArgs&) {
  Table t({"document", "case", "characters", "turns", "excerpts"});
  for (const Document& d : p.documents()) {
    const Case* c = d.case_id.empty() ? nullptr : p.FindCase(d.case_id);
    const int64_t excerpts = std::count_if(p.excerpts().begin(), p.excerpts().end(),
                                           [&](const Excerpt& e) { return e.document_id == d.id; });
    t.AddRow({d.name, c == nullptr ? "" : c->name, absl::StrCat(CodePointCount(d.text)),
              absl::StrCat(d.speaker_turns.size()), absl::StrCat(excerpts)});
  }
  return t;
}

absl::StatusOr<Table> QuotesTable(const Project& p, const ListArgs& args) {
  // The codes asked for: a theme's (with its sub-themes'), a code (with its
  // sub-codes unless told otherwise), or every code.
  std::vector<std::string> wanted;
  if (!args.theme.empty()) {
    absl::StatusOr<const Theme*> theme = FindTheme(p, args.theme);
    if (!theme.ok()) return theme.status();
    wanted = p.ThemeCodeIds((*theme)->id, /*include_subthemes=*/true);
  }
  if (!args.code.empty()) {
    absl::StatusOr<const Code*> code = FindCode(p, args.code);
    if (!code.ok()) return code.status();
    std::vector<std::string> ids = {(*code)->id};
    if (args.include_descendants) {
      for (const Code& c : p.codebook().codes()) {
        for (std::string up = c.parent_id; !up.empty(); up = p.codebook().Find(up)->parent_id) {
          if (up == (*code)->id) {
            ids.push_back(c.id);
            break;
          }
        }
      }
    }
    if (args.theme.empty()) {
      wanted = ids;
    } else {  // Both: the theme's codes among these.
      std::erase_if(wanted, [&](const std::string& c) { return std::find(ids.begin(), ids.end(), c) == ids.end(); });
    }
  }
  const AttributeDefinition* attribute = nullptr;
  if (!args.attribute.empty()) {
    absl::StatusOr<const AttributeDefinition*> a = FindAttribute(p, args.attribute);
    if (!a.ok()) return a.status();
    attribute = *a;
  }
  const absl::flat_hash_set<std::string> set(wanted.begin(), wanted.end());
  const bool all = args.theme.empty() && args.code.empty();
  Table t({"quote", "attribution", "document", "codes"});
  for (const Excerpt& e : p.excerpts()) {
    if (!all && std::none_of(e.code_ids.begin(), e.code_ids.end(), [&](const std::string& c) { return set.contains(c); })) {
      continue;
    }
    std::vector<std::string> codes;
    for (const std::string& c : e.code_ids) codes.push_back(Path(p, c));
    t.AddRow({std::string(p.DocumentText(e.document_id, e.span).value()), Attribution(p, e, attribute),
              p.FindDocument(e.document_id)->name, absl::StrJoin(codes, "; ")});
  }
  return t;
}

const CommandRegistrar kCodes({
    .name = "codes",
    .summary = "list the codebook: code paths, definitions and how often each is used",
    .example = "thematica codes study.thematica --format csv --out codebook.csv",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      return [args] { return Run(*args, CodesTable); };
    }});

const CommandRegistrar kThemes({
    .name = "themes",
    .summary = "list the themes: parent, codes, excerpts and cases supporting each",
    .example = "thematica themes study.thematica",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      return [args] { return Run(*args, ThemesTable); };
    }});

const CommandRegistrar kCases({
    .name = "cases",
    .summary = "list the cases (participants) with their attribute values",
    .example = "thematica cases study.thematica --format json",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      return [args] { return Run(*args, CasesTable); };
    }});

const CommandRegistrar kDocuments({
    .name = "documents",
    .summary = "list the documents with their case, length, speaker turns and excerpts",
    .example = "thematica documents study.thematica",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      return [args] { return Run(*args, DocumentsTable); };
    }});

const CommandRegistrar kQuotes({
    .name = "quotes",
    .summary = "list excerpts of a theme or code with their attribution, \"(P13, peer worker)\"",
    .example = "thematica quotes study.thematica --theme \"Rebuilding trust\" --attribute role",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      app.add_option("--theme", args->theme, "only excerpts of this theme (and its sub-themes), by name");
      app.add_option("--code", args->code, "only excerpts of this code, by name or path");
      app.add_flag("--include-descendants,!--no-include-descendants", args->include_descendants,
                   "--code also stands for its sub-codes");
      app.add_option("--attribute", args->attribute,
                     "the case attribute shown in the attribution, e.g. role: \"(P13, peer worker)\"");
      return [args] { return Run(*args, QuotesTable); };
    }});

}  // namespace
}  // namespace thematica::cli
