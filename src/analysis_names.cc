// The names of the analysis enums (Unit, Measure, WordGroup, the agreement
// Weights and Metric, DocumentScope), as the CLI and Python spell them.
#include "internal/enum_names.h"
#include "thematica/agreement.h"
#include "thematica/analysis.h"
#include "thematica/text_agreement.h"

namespace thematica {
namespace {

using internal::EnumName;

constexpr EnumName<Unit> kUnits[] = {
    {Unit::kExcerpts, "excerpts"}, {Unit::kDocuments, "documents"}, {Unit::kCases, "cases"}};
constexpr EnumName<Measure> kMeasures[] = {
    {Measure::kCount, "count"}, {Measure::kJaccard, "jaccard"}, {Measure::kC, "c"}};
constexpr EnumName<WordGroup> kWordGroups[] = {{WordGroup::kProject, "project"},
                                               {WordGroup::kDocument, "document"},
                                               {WordGroup::kCase, "case"},
                                               {WordGroup::kCode, "code"}};
constexpr EnumName<agreement::Weights> kWeights[] = {{agreement::Weights::kIdentity, "identity"},
                                                     {agreement::Weights::kLinear, "linear"},
                                                     {agreement::Weights::kQuadratic, "quadratic"}};
constexpr EnumName<agreement::Metric> kMetrics[] = {{agreement::Metric::kNominal, "nominal"},
                                                    {agreement::Metric::kOrdinal, "ordinal"},
                                                    {agreement::Metric::kInterval, "interval"},
                                                    {agreement::Metric::kRatio, "ratio"}};
constexpr EnumName<DocumentScope> kScopes[] = {{DocumentScope::kAll, "all"},
                                               {DocumentScope::kDoubleCoded, "double-coded"}};

}  // namespace

absl::string_view UnitName(Unit unit) { return internal::NameIn(kUnits, unit); }
absl::StatusOr<Unit> ParseUnit(absl::string_view name) { return internal::ParseIn(kUnits, name, "unit"); }

absl::string_view MeasureName(Measure measure) { return internal::NameIn(kMeasures, measure); }
absl::StatusOr<Measure> ParseMeasure(absl::string_view name) {
  return internal::ParseIn(kMeasures, name, "measure");
}

absl::string_view WordGroupName(WordGroup group) { return internal::NameIn(kWordGroups, group); }
absl::StatusOr<WordGroup> ParseWordGroup(absl::string_view name) {
  return internal::ParseIn(kWordGroups, name, "grouping");
}

absl::string_view DocumentScopeName(DocumentScope scope) { return internal::NameIn(kScopes, scope); }
absl::StatusOr<DocumentScope> ParseDocumentScope(absl::string_view name) {
  // Worded as Python's documents= argument has always been refused.
  if (absl::StatusOr<DocumentScope> scope = internal::ParseIn(kScopes, name, "documents"); scope.ok()) return scope;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown documents=\"", name, "\" (expected \"double-coded\" or \"all\")"));
}

namespace agreement {

absl::string_view WeightsName(Weights kind) { return internal::NameIn(kWeights, kind); }
absl::StatusOr<Weights> ParseWeights(absl::string_view name) {
  return internal::ParseIn(kWeights, name, "weights");
}

absl::string_view MetricName(Metric metric) { return internal::NameIn(kMetrics, metric); }
absl::StatusOr<Metric> ParseMetric(absl::string_view name) {
  return internal::ParseIn(kMetrics, name, "level of measurement");
}

}  // namespace agreement
}  // namespace thematica
