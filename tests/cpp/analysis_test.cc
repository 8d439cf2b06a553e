// The analysis engine on projects small enough to count on paper.
#include "thematica/analysis.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "internal/unicode.h"
#include "test_util.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;

class AnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    role_ = p_.AddAttribute({.name = "role"}).value();
    p1_ = p_.AddCase({.name = "P1", .attributes = {{role_, AttributeValue("patient")}}}).value();
    p2_ = p_.AddCase({.name = "P2", .attributes = {{role_, AttributeValue("patient")}}}).value();
    p3_ = p_.AddCase({.name = "P3", .attributes = {{role_, AttributeValue("HCP")}}}).value();
    p4_ = p_.AddCase({.name = "P4"}).value();  // No role: "(missing)".
    d1_ = p_.AddDocument({.name = "d1", .text = std::string(20, 'x'), .case_id = p1_}).value();
    d2_ = p_.AddDocument({.name = "d2", .text = std::string(20, 'y'), .case_id = p2_}).value();
    d3_ = p_.AddDocument({.name = "d3", .text = std::string(20, 'z'), .case_id = p3_}).value();
    d4_ = p_.AddDocument({.name = "d4", .text = "Café CAFÉ cafe\u0301 don’t stop", .case_id = p4_}).value();
    parent_ = p_.AddCode({.name = "parent"}).value();
    a_ = p_.AddCode({.name = "A", .parent_id = parent_}).value();
    b_ = p_.AddCode({.name = "B"}).value();
    c_ = p_.AddCode({.name = "C"}).value();
    // d1: A [0,5), B [5,10) touch but do not overlap; C [3,7) overlaps both.
    Code(d1_, {0, 5}, {a_});
    Code(d1_, {5, 10}, {b_});
    Code(d1_, {3, 7}, {c_});
    // d2: one excerpt with A and B (identical ranges overlap); B nested in it.
    Code(d2_, {0, 10}, {a_, b_});
    Code(d2_, {2, 4}, {b_});
    // d3: B only.
    Code(d3_, {0, 4}, {b_});
  }
  void Code(const std::string& doc, Span span, std::vector<std::string> codes) {
    ASSERT_OK(p_.AddExcerpt({.document_id = doc, .span = span, .code_ids = std::move(codes)}));
  }
  size_t Row(const CodeMatrix& m, const std::string& id) {
    return std::find(m.code_ids.begin(), m.code_ids.end(), id) - m.code_ids.begin();
  }
  Project p_;
  std::string role_, p1_, p2_, p3_, p4_, d1_, d2_, d3_, d4_, parent_, a_, b_, c_;
};

TEST_F(AnalysisTest, CooccurrenceOfExcerptsCountsOverlappingPairs) {
  Analysis analysis(p_);
  ASSERT_OK_AND_ASSIGN(CodeMatrix m, analysis.Cooccurrence(Unit::kExcerpts, Measure::kCount, {a_, b_, c_}));
  // A–B: d1 touching → 0; d2 same excerpt → 1, A [0,10) with B [2,4) → 1. Total 2.
  EXPECT_EQ(m.at(0, 1), 2);
  EXPECT_EQ(m.at(1, 0), 2);
  // A–C: d1 [0,5) ∩ [3,7) → 1. B–C: d1 [5,10) ∩ [3,7) → 1.
  EXPECT_EQ(m.at(0, 2), 1);
  EXPECT_EQ(m.at(1, 2), 1);
  // Diagonal: codings per code (A 2, B 4, C 1).
  EXPECT_EQ(m.at(0, 0), 2);
  EXPECT_EQ(m.at(1, 1), 4);
  // c-coefficient A–B: 2 / (2 + 4 − 2) = 0.5.
  ASSERT_OK_AND_ASSIGN(CodeMatrix c, analysis.Cooccurrence(Unit::kExcerpts, Measure::kC, {a_, b_, c_}));
  EXPECT_DOUBLE_EQ(c.at(0, 1), 0.5);
  // Jaccard A–B: A's codings meeting B: the d2 one (1 of 2); B's meeting A:
  // both d2 ones (2 of 4) → (1 + 2) / (2 + 4) = 0.5.
  ASSERT_OK_AND_ASSIGN(CodeMatrix j, analysis.Cooccurrence(Unit::kExcerpts, Measure::kJaccard, {a_, b_, c_}));
  EXPECT_DOUBLE_EQ(j.at(0, 1), 0.5);
}

TEST_F(AnalysisTest, CooccurrenceOfDocumentsAndCases) {
  Analysis analysis(p_);
  ASSERT_OK_AND_ASSIGN(CodeMatrix m, analysis.Cooccurrence(Unit::kDocuments, Measure::kCount));
  // A in d1, d2; B in d1, d2, d3 → both in 2 documents.
  EXPECT_EQ(m.at(Row(m, a_), Row(m, b_)), 2);
  ASSERT_OK_AND_ASSIGN(CodeMatrix j, analysis.Cooccurrence(Unit::kCases, Measure::kJaccard));
  // Cases: A {P1, P2}, B {P1, P2, P3} → 2/3.
  EXPECT_NEAR(j.at(Row(j, a_), Row(j, b_)), 2.0 / 3, 1e-12);
  EXPECT_EQ(j.at(Row(j, parent_), Row(j, parent_)), 0);  // Never coded.
}

TEST_F(AnalysisTest, CrosstabCodesByRole) {
  Analysis analysis(p_);
  ASSERT_OK_AND_ASSIGN(Crosstab t, analysis.CrossTab(role_, Unit::kCases));
  EXPECT_THAT(t.columns, ElementsAre("HCP", "patient", "(missing)"));
  EXPECT_THAT(t.column_totals, ElementsAre(1, 2, 1));
  const size_t a = 1, b = 2;  // Rows follow the codebook: parent, A, B, C.
  EXPECT_EQ(t.at(a, 1), 2);   // A: both patients.
  EXPECT_EQ(t.at(b, 0), 1);   // B: the HCP…
  EXPECT_EQ(t.at(b, 1), 2);   // …and both patients.
  ASSERT_OK_AND_ASSIGN(Crosstab deep, analysis.CrossTab("role", Unit::kCases, /*include_descendants=*/true));
  EXPECT_EQ(deep.at(0, 1), 2);  // parent counts A's patients.
  ASSERT_OK_AND_ASSIGN(Crosstab excerpts, analysis.CrossTab(role_, Unit::kExcerpts));
  EXPECT_EQ(excerpts.at(b, 1), 3);  // B codings by patients: d1 one, d2 two.
  EXPECT_STATUS(analysis.CrossTab("age", Unit::kCases), absl::StatusCode::kNotFound, "attribute age not found");
}

TEST_F(AnalysisTest, EditsAreReflectedInTheNextQuery) {
  Analysis analysis(p_);
  ASSERT_OK_AND_ASSIGN(Crosstab before, analysis.CrossTab(role_, Unit::kCases));
  EXPECT_EQ(before.at(3, 0), 0);  // C: no HCP.
  Code(d3_, {0, 2}, {c_});
  ASSERT_OK_AND_ASSIGN(Crosstab after, analysis.CrossTab(role_, Unit::kCases));
  EXPECT_EQ(after.at(3, 0), 1);
}

TEST_F(AnalysisTest, SaturationInAChosenOrder) {
  Analysis analysis(p_);
  ASSERT_OK_AND_ASSIGN(auto steps, analysis.Saturation({d3_, "d1", d2_}));
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_THAT(steps[0].new_code_ids, ElementsAre(b_));
  EXPECT_THAT(steps[1].new_code_ids, ElementsAre(a_, c_));
  EXPECT_TRUE(steps[2].new_code_ids.empty());
  EXPECT_EQ(steps[2].cumulative, 3);
  EXPECT_STATUS(analysis.Saturation({d1_, d1_}), absl::StatusCode::kInvalidArgument, "listed twice");
}

TEST_F(AnalysisTest, WordsAreUnicodeAware) {
  EXPECT_THAT(internal::LowercaseWords("Café CAFÉ don’t 😀 naïve—end"),
              ElementsAre("café", "café", "don't", "naïve", "end"));
  Analysis analysis(p_);
  ASSERT_OK_AND_ASSIGN(auto words, analysis.WordFrequencies(WordGroup::kCase, EnglishStopwords()));
  // P4's document: café ×2, cafe + combining accent, stop; "don’t" is a stop word.
  std::vector<std::pair<std::string, int64_t>> p4;
  for (const auto& w : words) {
    if (w.group_id == p4_) p4.push_back({w.word, w.count});
  }
  EXPECT_THAT(p4, ElementsAre(std::pair<std::string, int64_t>{"café", 2},
                              std::pair<std::string, int64_t>{"cafe\u0301", 1},
                              std::pair<std::string, int64_t>{"stop", 1}));
}

TEST(FoldTest, CaseAndAccentsFoldWithOffsetsInCodePoints) {
  const internal::FoldedText f = internal::Fold("Ça 😀 É\u0301", /*fold_case=*/true, /*fold_accents=*/true);
  EXPECT_EQ(f.text, "ca \xF0\x9F\x98\x80 e");
  // "e" came from code point 5 (the combining mark, 6, is dropped).
  EXPECT_EQ(f.code_point[f.text.size() - 1], 5);
  EXPECT_EQ(f.code_point.back(), 7);
}

}  // namespace
}  // namespace thematica
