// The analysis engine: the questions researchers ask of a coded corpus —
// code co-occurrence, codes × attribute crosstabs (matrix coding),
// saturation, word frequencies, code retrieval — answered from an index kept
// in step with the project, fast enough for 10^5 documents and 10^6 codings.
//
//   thematica::Analysis analysis(project);
//   auto matrix = analysis.Cooccurrence(Unit::kCases, Measure::kJaccard);
//   auto table = analysis.Crosstab(role_attribute_id, Unit::kCases);
//
// The index follows the project incrementally: every call first applies the
// excerpts added, changed or removed since the last call (the project's
// excerpt journal, Project::ExcerptChangesSince), in time proportional to
// those excerpts' codings and their documents' codings — so a query right
// after an edit of a 10^6-excerpt project answers in milliseconds (see
// bench/incremental_bench.cc). A change to codes, documents (speaker turns
// included), cases or attributes (Project::structure_revision()), or more
// changes than the journal keeps, rebuilds it whole (O(codings log
// codings)). The answers are the same either way. The Analysis holds a
// pointer to the project, which must outlive it.
//
// Definitions. Two codings overlap when their ranges share a code point
// (touching ranges do not); codings of one excerpt overlap each other.
// A coding speaks for the cases of its excerpt (Project::ExcerptCaseIds).
#ifndef THEMATICA_ANALYSIS_H_
#define THEMATICA_ANALYSIS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

namespace internal {
class AnalysisIndex;
}

// What is counted.
enum class Unit {
  kExcerpts,   // Codings (one per excerpt and code).
  kDocuments,  // Distinct documents.
  kCases,      // Distinct cases.
};

enum class Measure {
  // Co-occurrences: overlapping coding pairs (excerpts), or documents /
  // cases holding both codes. The diagonal holds each code's own count.
  kCount,
  // Documents/cases: |A ∩ B| / |A ∪ B|. Excerpts: the share of the two
  // codes' codings that overlap a coding of the other code.
  kJaccard,
  // ATLAS.ti's c-coefficient n12 / (n1 + n2 − n12) with the counts above.
  kC,
};

// "excerpts", "documents", "cases" (Unit); "count", "jaccard", "c"
// (Measure); "project", "document", "case", "code" (WordGroup). Parse*
// takes those names; InvalidArgument naming the valid ones for anything else.
absl::string_view UnitName(Unit unit);
absl::StatusOr<Unit> ParseUnit(absl::string_view name);
absl::string_view MeasureName(Measure measure);
absl::StatusOr<Measure> ParseMeasure(absl::string_view name);

// A square code × code table; values[i * n + j].
struct CodeMatrix {
  std::vector<std::string> code_ids;
  std::vector<double> values;
  double at(size_t i, size_t j) const { return values[i * code_ids.size() + j]; }
};

// Codes × attribute values; counts[i * columns.size() + j].
struct Crosstab {
  std::vector<std::string> code_ids;
  std::vector<std::string> columns;  // Values as text; "(missing)" last when any.
  std::vector<int64_t> counts;
  std::vector<int64_t> column_totals;  // Units (cases, documents, codings) per column.
  int64_t at(size_t i, size_t j) const { return counts[i * columns.size() + j]; }
};

// New codes per document in a reading order, and the running total.
struct SaturationStep {
  std::string document_id;
  std::vector<std::string> new_code_ids;
  int64_t cumulative = 0;
};

struct WordCount {
  std::string group_id;  // Document, case or code id ("" for the whole project).
  std::string word;
  int64_t count = 0;
};
enum class WordGroup { kProject, kDocument, kCase, kCode };
absl::string_view WordGroupName(WordGroup group);
absl::StatusOr<WordGroup> ParseWordGroup(absl::string_view name);

class Analysis {
 public:
  explicit Analysis(const Project& project);
  ~Analysis();
  Analysis(Analysis&&) noexcept;
  Analysis& operator=(Analysis&&) noexcept;

  const Project& project() const { return *project_; }

  // Code × code co-occurrence of `code_ids` (every code when empty).
  absl::StatusOr<CodeMatrix> Cooccurrence(Unit unit, Measure measure,
                                          const std::vector<std::string>& code_ids = {});
  // Codes × values of an attribute; with `include_descendants` a code's row
  // also counts its descendants' codings (each unit once).
  absl::StatusOr<Crosstab> CrossTab(absl::string_view attribute_id, Unit unit,
                                    bool include_descendants = false);
  // Documents in `order` (ids; every document in project order when empty):
  // which codes each introduced.
  absl::StatusOr<std::vector<SaturationStep>> Saturation(
      const std::vector<std::string>& order = {});
  // Word counts (Unicode-aware words, lower-cased, apostrophes inside words
  // kept), per group, most frequent first; `stopwords` are left out; for
  // kCode the words of the codings' text.
  absl::StatusOr<std::vector<WordCount>> WordFrequencies(WordGroup group,
                                                         const std::vector<std::string>& stopwords = {},
                                                         size_t top = 0);
  // Code retrieval from the index: the ids of the excerpts coded with
  // `code_id` (id; with `include_descendants` also with any descendant), in
  // project order — Project::Excerpts with only code_id set, without a pass
  // over every excerpt. NotFound for an unknown code.
  absl::StatusOr<std::vector<std::string>> CodedExcerpts(absl::string_view code_id,
                                                         bool include_descendants = false);
  // Project::CodeCounts, from the index's postings.
  std::vector<CodeCount> CodeCounts(bool include_descendants = false);

 private:
  const internal::AnalysisIndex& Index();
  const Project* project_;
  std::unique_ptr<internal::AnalysisIndex> index_;
};

// A short English stop-word list (articles, pronouns, auxiliaries, …).
const std::vector<std::string>& EnglishStopwords();

// Words of `text` as WordFrequencies sees them (lower-cased).
std::vector<std::string> Words(absl::string_view text);

}  // namespace thematica

#endif  // THEMATICA_ANALYSIS_H_
