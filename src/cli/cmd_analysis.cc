// Analysis subcommands printing tables (--format text|csv|json, --out FILE):
//   thematica cooccurrence FILE [--unit excerpts|documents|cases] [--measure count|jaccard|c]
//   thematica crosstab FILE --attribute role [--unit cases|documents|excerpts] [--include-descendants]
//   thematica saturation FILE [--order doc1,doc2,…]
//   thematica words FILE [--by project|document|case|code] [--top N] [--stopwords english|none]
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/suggest.h"
#include "cli/table.h"
#include "thematica/analysis.h"
#include "thematica/project_file.h"

namespace thematica::cli {
namespace {

struct AnalysisArgs {
  std::string file;
  std::string unit;
  std::string measure = "count";
  std::string attribute;
  bool include_descendants = false;
  std::vector<std::string> order;
  std::string by = "project";
  int top = 20;
  std::string stopwords = "english";
  OutputOptions output;
};

using TableFn = absl::StatusOr<Table> (*)(const Project&, Analysis&, const AnalysisArgs&);

// --unit (checked by CLI11), or `fallback` when not given.
Unit UnitOr(const std::string& unit, Unit fallback) { return unit.empty() ? fallback : ParseUnit(unit).value(); }

// Loads FILE (any format), makes the table and emits it.
int Run(const AnalysisArgs& args, TableFn body) {
  absl::StatusOr<ImportResult> in = ReadProjectFile(args.file);
  if (!in.ok()) return Fail(in.status());
  Analysis analysis(in->project);
  absl::StatusOr<Table> table = body(in->project, analysis, args);
  if (!table.ok()) return Fail(table.status());
  if (absl::Status s = table->Emit(args.output); !s.ok()) return Fail(s);
  return kExitOk;
}

// The file argument and output flags every analysis command has.
std::shared_ptr<AnalysisArgs> Common(CLI::App& app) {
  auto args = std::make_shared<AnalysisArgs>();
  app.add_option("FILE", args->file, "a project file (any format)")->required();
  AddOutputFlags(app, args->output);
  return args;
}

std::string Path(const Project& p, const std::string& code) { return p.codebook().Path(code, "/"); }

absl::StatusOr<Table> CooccurrenceTable(const Project& p, Analysis& a, const AnalysisArgs& args) {
  const Unit unit = UnitOr(args.unit, Unit::kExcerpts);
  const Measure measure = ParseMeasure(args.measure).value();  // --measure is checked by CLI11.
  absl::StatusOr<CodeMatrix> matrix = a.Cooccurrence(unit, measure);
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
}

absl::StatusOr<Table> CrosstabTable(const Project& p, Analysis& a, const AnalysisArgs& args) {
  absl::StatusOr<const AttributeDefinition*> attribute = FindAttribute(p, args.attribute);
  if (!attribute.ok()) return attribute.status();
  absl::StatusOr<Crosstab> x = a.CrossTab((*attribute)->id, UnitOr(args.unit, Unit::kCases),
                                          args.include_descendants);
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
}

absl::StatusOr<Table> SaturationTable(const Project& p, Analysis& a, const AnalysisArgs& args) {
  absl::StatusOr<std::vector<SaturationStep>> steps = a.Saturation(args.order);
  if (!steps.ok()) return steps.status();
  Table t({"document", "new", "cumulative", "new codes"});
  for (const SaturationStep& s : *steps) {
    std::vector<std::string> names;
    for (const std::string& c : s.new_code_ids) names.push_back(Path(p, c));
    t.AddRow({p.FindDocument(s.document_id)->name, absl::StrCat(s.new_code_ids.size()), absl::StrCat(s.cumulative),
              absl::StrJoin(names, "; ")});
  }
  return t;
}

absl::StatusOr<Table> WordsTable(const Project& p, Analysis& a, const AnalysisArgs& args) {
  const WordGroup group = ParseWordGroup(args.by).value();  // --by is checked by CLI11.
  absl::StatusOr<std::vector<WordCount>> words = a.WordFrequencies(
      group, args.stopwords == "english" ? EnglishStopwords() : std::vector<std::string>{},
      args.top > 0 ? args.top : 0);
  if (!words.ok()) return words.status();
  Table t({args.by, "word", "count"});
  for (const WordCount& w : *words) {
    std::string name = "(all)";
    if (group == WordGroup::kDocument) name = p.FindDocument(w.group_id)->name;
    if (group == WordGroup::kCase) name = p.FindCase(w.group_id)->name;
    if (group == WordGroup::kCode) name = Path(p, w.group_id);
    t.AddRow({name, w.word, absl::StrCat(w.count)});
  }
  return t;
}

const CommandRegistrar kCooccurrence({
    .name = "cooccurrence",
    .summary = "code × code co-occurrence matrix",
    .example = "thematica cooccurrence study.thematica --unit cases --measure jaccard --format csv",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      app.add_option("--unit", args->unit, "what co-occurs: excerpts (overlapping codings), documents or cases")
          ->default_str("excerpts")
          ->check(CLI::IsMember({"excerpts", "documents", "cases"}));
      app.add_option("--measure", args->measure, "count, jaccard or c (c-coefficient)")
          ->check(CLI::IsMember({"count", "jaccard", "c"}));
      return [args] { return Run(*args, CooccurrenceTable); };
    }});

const CommandRegistrar kCrosstab({
    .name = "crosstab",
    .summary = "codes × attribute values (how many cases of each value were coded with each code)",
    .example = "thematica crosstab study.thematica --attribute role --unit cases",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      app.add_option("--attribute", args->attribute, "the case attribute whose values are the columns")
          ->required();
      app.add_option("--unit", args->unit, "what is counted: cases, documents or excerpts")
          ->default_str("cases")
          ->check(CLI::IsMember({"excerpts", "documents", "cases"}));
      app.add_flag("--include-descendants,--descendants", args->include_descendants,
                   "a code's row also counts its sub-codes");
      return [args] { return Run(*args, CrosstabTable); };
    }});

const CommandRegistrar kSaturation({
    .name = "saturation",
    .summary = "new codes per document and the cumulative curve",
    .example = "thematica saturation study.thematica --order P4,P5,P13",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      app.add_option("--order", args->order, "document names in reading order, comma-separated (default: project order)")
          ->delimiter(',')->allow_extra_args(false);
      return [args] { return Run(*args, SaturationTable); };
    }});

const CommandRegistrar kWords({
    .name = "words",
    .summary = "word frequencies",
    .example = "thematica words study.thematica --by case --top 10",
    .setup = [](CLI::App& app) -> Runner {
      auto args = Common(app);
      app.add_option("--by", args->by, "count per project, document, case or code")
          ->check(CLI::IsMember({"project", "document", "case", "code"}));
      app.add_option("--top", args->top, "the most frequent N per group (0: all)");
      app.add_option("--stopwords", args->stopwords, "english or none")
          ->check(CLI::IsMember({"english", "none"}));
      return [args] { return Run(*args, WordsTable); };
    }});

}  // namespace
}  // namespace thematica::cli
