// Analysis subcommands printing tables (CSV with --csv, or to --out):
//   thematica cooccurrence FILE [--unit excerpts|documents|cases] [--measure count|jaccard|c]
//   thematica crosstab FILE --attribute role [--unit cases|documents|excerpts] [--descendants]
//   thematica saturation FILE [--order doc1,doc2,…]
//   thematica words FILE [--by project|document|case|code] [--top N] [--stopwords english|none]
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/command.h"
#include "cli/table.h"
#include "thematica/analysis.h"
#include "thematica/project_file.h"

ABSL_FLAG(std::string, unit, "", "cooccurrence/crosstab: excerpts, documents or cases");
ABSL_FLAG(std::string, measure, "count", "cooccurrence: count, jaccard or c");
ABSL_FLAG(std::string, attribute, "", "crosstab/report: the case attribute, e.g. role");
ABSL_FLAG(bool, descendants, false, "crosstab: a code's row also counts its descendants");
ABSL_FLAG(std::string, order, "", "saturation: document names in reading order, comma-separated");
ABSL_FLAG(std::string, by, "project", "words: project, document, case or code");
ABSL_FLAG(int, top, 20, "words: the most frequent N per group (0: all)");
ABSL_FLAG(std::string, stopwords, "english", "words: english or none");

namespace thematica::cli {
namespace {

absl::StatusOr<Unit> ParseUnit(const std::string& unit, Unit fallback) {
  if (unit.empty()) return fallback;
  if (unit == "excerpts") return Unit::kExcerpts;
  if (unit == "documents") return Unit::kDocuments;
  if (unit == "cases") return Unit::kCases;
  return absl::InvalidArgumentError(absl::StrCat("unknown --unit ", unit, " (excerpts, documents or cases)"));
}

// Loads FILE (any format) and runs `body` on it.
template <typename Body>
int WithProject(const Command& command, const std::vector<std::string>& args, Body&& body) {
  if (args.size() != 1) return Usage(command, "expected one FILE");
  absl::StatusOr<ImportResult> in = ReadProjectFile(args[0]);
  if (!in.ok()) return Fail(in.status());
  Analysis analysis(in->project);
  absl::StatusOr<Table> table = body(in->project, analysis);
  if (!table.ok()) return Fail(table.status());
  if (absl::Status s = table->Emit(); !s.ok()) return Fail(s);
  return kExitOk;
}

std::string Path(const Project& p, const std::string& code) { return p.codebook().Path(code, "/"); }

int RunCooccurrence(const std::vector<std::string>& args);
int RunCrosstab(const std::vector<std::string>& args);
int RunSaturation(const std::vector<std::string>& args);
int RunWords(const std::vector<std::string>& args);

const Command kCooccurrence = {
    .name = "cooccurrence",
    .usage = "cooccurrence FILE [--unit excerpts|documents|cases] [--measure count|jaccard|c] [--csv]",
    .summary = "code × code co-occurrence matrix",
    .run = RunCooccurrence};
const Command kCrosstab = {
    .name = "crosstab",
    .usage = "crosstab FILE --attribute NAME [--unit cases|documents|excerpts] [--descendants] [--csv]",
    .summary = "codes × attribute values (how many cases of each value were coded with each code)",
    .run = RunCrosstab};
const Command kSaturation = {
    .name = "saturation",
    .usage = "saturation FILE [--order DOC,DOC,...] [--csv]",
    .summary = "new codes per document and the cumulative curve",
    .run = RunSaturation};
const Command kWords = {
    .name = "words",
    .usage = "words FILE [--by project|document|case|code] [--top N] [--stopwords english|none] [--csv]",
    .summary = "word frequencies",
    .run = RunWords};
const CommandRegistrar kRegisterCooccurrence(kCooccurrence);
const CommandRegistrar kRegisterCrosstab(kCrosstab);
const CommandRegistrar kRegisterSaturation(kSaturation);
const CommandRegistrar kRegisterWords(kWords);

int RunCooccurrence(const std::vector<std::string>& args) {
  return WithProject(kCooccurrence, args, [](const Project& p, Analysis& a) -> absl::StatusOr<Table> {
    absl::StatusOr<Unit> unit = ParseUnit(absl::GetFlag(FLAGS_unit), Unit::kExcerpts);
    if (!unit.ok()) return unit.status();
    const std::string m = absl::GetFlag(FLAGS_measure);
    Measure measure = Measure::kCount;
    if (m == "jaccard") measure = Measure::kJaccard;
    else if (m == "c") measure = Measure::kC;
    else if (m != "count") return absl::InvalidArgumentError(absl::StrCat("unknown --measure ", m));
    absl::StatusOr<CodeMatrix> matrix = a.Cooccurrence(*unit, measure);
    if (!matrix.ok()) return matrix.status();
    std::vector<std::string> header = {"code"};
    for (const std::string& id : matrix->code_ids) header.push_back(Path(p, id));
    Table t(header);
    for (size_t i = 0; i < matrix->code_ids.size(); ++i) {
      std::vector<std::string> row = {Path(p, matrix->code_ids[i])};
      for (size_t j = 0; j < matrix->code_ids.size(); ++j) {
        row.push_back(measure == Measure::kCount ? absl::StrCat(static_cast<int64_t>(matrix->at(i, j)))
                                                 : Fixed(matrix->at(i, j)));
      }
      t.AddRow(std::move(row));
    }
    return t;
  });
}

int RunCrosstab(const std::vector<std::string>& args) {
  if (absl::GetFlag(FLAGS_attribute).empty()) return Usage(kCrosstab, "--attribute is required");
  return WithProject(kCrosstab, args, [](const Project& p, Analysis& a) -> absl::StatusOr<Table> {
    absl::StatusOr<Unit> unit = ParseUnit(absl::GetFlag(FLAGS_unit), Unit::kCases);
    if (!unit.ok()) return unit.status();
    absl::StatusOr<Crosstab> x = a.CrossTab(absl::GetFlag(FLAGS_attribute), *unit, absl::GetFlag(FLAGS_descendants));
    if (!x.ok()) return x.status();
    std::vector<std::string> header = {"code"};
    for (size_t j = 0; j < x->columns.size(); ++j) {
      header.push_back(absl::StrCat(x->columns[j], " (n=", x->column_totals[j], ")"));
    }
    Table t(header);
    for (size_t i = 0; i < x->code_ids.size(); ++i) {
      std::vector<std::string> row = {Path(p, x->code_ids[i])};
      for (size_t j = 0; j < x->columns.size(); ++j) row.push_back(absl::StrCat(x->at(i, j)));
      t.AddRow(std::move(row));
    }
    return t;
  });
}

int RunSaturation(const std::vector<std::string>& args) {
  return WithProject(kSaturation, args, [](const Project& p, Analysis& a) -> absl::StatusOr<Table> {
    std::vector<std::string> order;
    if (!absl::GetFlag(FLAGS_order).empty()) order = absl::StrSplit(absl::GetFlag(FLAGS_order), ',');
    absl::StatusOr<std::vector<SaturationStep>> steps = a.Saturation(order);
    if (!steps.ok()) return steps.status();
    Table t({"document", "new", "cumulative", "new codes"});
    for (const SaturationStep& s : *steps) {
      std::vector<std::string> names;
      for (const std::string& c : s.new_code_ids) names.push_back(Path(p, c));
      t.AddRow({p.FindDocument(s.document_id)->name, absl::StrCat(s.new_code_ids.size()),
                absl::StrCat(s.cumulative), absl::StrJoin(names, "; ")});
    }
    return t;
  });
}

int RunWords(const std::vector<std::string>& args) {
  return WithProject(kWords, args, [](const Project& p, Analysis& a) -> absl::StatusOr<Table> {
    const std::string by = absl::GetFlag(FLAGS_by);
    WordGroup group = WordGroup::kProject;
    if (by == "document") group = WordGroup::kDocument;
    else if (by == "case") group = WordGroup::kCase;
    else if (by == "code") group = WordGroup::kCode;
    else if (by != "project") return absl::InvalidArgumentError(absl::StrCat("unknown --by ", by));
    const std::string stop = absl::GetFlag(FLAGS_stopwords);
    if (stop != "english" && stop != "none") {
      return absl::InvalidArgumentError(absl::StrCat("unknown --stopwords ", stop, " (english or none)"));
    }
    const int top = absl::GetFlag(FLAGS_top);
    absl::StatusOr<std::vector<WordCount>> words = a.WordFrequencies(
        group, stop == "english" ? EnglishStopwords() : std::vector<std::string>{}, top > 0 ? top : 0);
    if (!words.ok()) return words.status();
    Table t({by, "word", "count"});
    for (const WordCount& w : *words) {
      std::string name = "(all)";
      if (group == WordGroup::kDocument) name = p.FindDocument(w.group_id)->name;
      if (group == WordGroup::kCase) name = p.FindCase(w.group_id)->name;
      if (group == WordGroup::kCode) name = Path(p, w.group_id);
      t.AddRow({name, w.word, absl::StrCat(w.count)});
    }
    return t;
  });
}

}  // namespace
}  // namespace thematica::cli
