// Every public enum that crosses into Python or the CLI as a string has one
// XName and one ParseX: each value round-trips, and an unknown name is
// refused with a message naming every valid one.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "thematica/thematica.h"

namespace thematica {
namespace {

using ::testing::HasSubstr;

// Round-trips `values` through name/parse; the names are distinct and
// non-empty; "no-such-name" is InvalidArgument naming every valid name.
template <typename E, typename NameFn, typename ParseFn>
void CheckEnum(const std::vector<E>& values, NameFn name, ParseFn parse) {
  std::vector<std::string> names;
  for (E v : values) {
    const std::string n(name(v));
    ASSERT_FALSE(n.empty());
    for (const std::string& seen : names) EXPECT_NE(seen, n);
    names.push_back(n);
    auto back = parse(n);
    ASSERT_TRUE(back.ok()) << n << ": " << back.status();
    EXPECT_TRUE(*back == v) << n;
  }
  auto bad = parse("no-such-name");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("no-such-name"));
  for (const std::string& n : names) EXPECT_THAT(std::string(bad.status().message()), HasSubstr(n));
}

TEST(EnumNamesTest, AnalysisEnums) {
  CheckEnum<Unit>({Unit::kExcerpts, Unit::kDocuments, Unit::kCases}, UnitName, ParseUnit);
  CheckEnum<Measure>({Measure::kCount, Measure::kJaccard, Measure::kC}, MeasureName, ParseMeasure);
  CheckEnum<WordGroup>({WordGroup::kProject, WordGroup::kDocument, WordGroup::kCase, WordGroup::kCode},
                       WordGroupName, ParseWordGroup);
  CheckEnum<DocumentScope>({DocumentScope::kAll, DocumentScope::kDoubleCoded}, DocumentScopeName,
                           ParseDocumentScope);
  CheckEnum<AutocodeScope>({AutocodeScope::kHit, AutocodeScope::kSentence, AutocodeScope::kParagraph,
                            AutocodeScope::kTurn},
                           AutocodeScopeName, ParseAutocodeScope);
}

TEST(EnumNamesTest, AgreementEnums) {
  using agreement::Metric;
  using agreement::Weights;
  CheckEnum<Weights>({Weights::kIdentity, Weights::kLinear, Weights::kQuadratic}, agreement::WeightsName,
                     agreement::ParseWeights);
  CheckEnum<Metric>({Metric::kNominal, Metric::kOrdinal, Metric::kInterval, Metric::kRatio},
                    agreement::MetricName, agreement::ParseMetric);
}

TEST(EnumNamesTest, FormatAndModelEnums) {
  CheckEnum<ReportFormat>({ReportFormat::kMarkdown, ReportFormat::kHtml, ReportFormat::kCsv}, ReportFormatName,
                          ParseReportFormat);
  EXPECT_TRUE(*ParseReportFormat("md") == ReportFormat::kMarkdown);  // The one alias.
  CheckEnum<NativeFormat>({NativeFormat::kBinary, NativeFormat::kJson, NativeFormat::kCompact},
                          NativeFormatName, NativeFormatByName);
  CheckEnum<PositionConvention>({PositionConvention::kCodePoints, PositionConvention::kUtf16CodeUnits,
                                 PositionConvention::kCodePointsCrlfAsOne, PositionConvention::kUtf8Bytes},
                                PositionConventionName, ParsePositionConvention);
  CheckEnum<ExportTarget>({ExportTarget::kRefi, ExportTarget::kNvivo, ExportTarget::kAtlasTi,
                           ExportTarget::kMaxqda, ExportTarget::kQualCoder},
                          ExportTargetName, ParseExportTarget);
  CheckEnum<RelationDirection>({RelationDirection::kOneWay, RelationDirection::kBidirectional,
                                RelationDirection::kAssociative},
                               RelationDirectionName, ParseRelationDirection);
  CheckEnum<AttributeType>({AttributeType::kText, AttributeType::kNumber, AttributeType::kBoolean,
                            AttributeType::kDate},
                           AttributeTypeName, ParseAttributeType);
}

TEST(EnumNamesTest, MessagesKeepTheirWording) {
  EXPECT_EQ(ParseUnit("x").status().message(), "unknown unit \"x\" (expected excerpts, documents or cases)");
  EXPECT_EQ(ParseMeasure("x").status().message(), "unknown measure \"x\" (expected count, jaccard or c)");
  EXPECT_EQ(ParseWordGroup("x").status().message(),
            "unknown grouping \"x\" (expected project, document, case or code)");
  EXPECT_EQ(agreement::ParseMetric("x").status().message(),
            "unknown level of measurement \"x\" (expected nominal, ordinal, interval or ratio)");
  EXPECT_EQ(ParseReportFormat("x").status().message(), "unknown format \"x\" (expected markdown, html or csv)");
  EXPECT_EQ(ParseDocumentScope("x").status().message(), "unknown documents=\"x\" (expected \"double-coded\" or \"all\")");
  EXPECT_EQ(ParsePositionConvention("x").status().message(),
            "unknown position convention \"x\" (expected \"Unicode code points\", \"UTF-16 code units\", "
            "\"code points, CRLF counted as one\" or \"UTF-8 bytes\")");
}

}  // namespace
}  // namespace thematica
