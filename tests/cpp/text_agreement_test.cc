// Project-level agreement on small projects whose answers are worked out by
// hand in the comments.
#include "thematica/text_agreement.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;

class TextAgreementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = p_.AddCoder({.name = "A"}).value();
    b_ = p_.AddCoder({.name = "B"}).value();
    c_ = p_.AddCoder({.name = "C"}).value();
    d1_ = p_.AddDocument({.name = "d1", .text = "abcdefghij"}).value();   // 10 characters
    d2_ = p_.AddDocument({.name = "d2", .text = "ünïcödé😀xy"}).value();  // 10 code points
    x_ = p_.AddCode({.name = "X"}).value();
    y_ = p_.AddCode({.name = "Y"}).value();
  }
  void Code(const std::string& coder, const std::string& doc, Span span, const std::string& code) {
    ASSERT_OK(p_.AddExcerpt({.document_id = doc, .span = span, .code_ids = {code}, .coder_id = coder}));
  }
  Project p_;
  std::string a_, b_, c_, d1_, d2_, x_, y_;
};

TEST_F(TextAgreementTest, CharacterLevelPerDocumentAndPooled) {
  Code(a_, d1_, {0, 5}, x_);
  Code(b_, d1_, {3, 8}, x_);
  ASSERT_OK_AND_ASSIGN(auto rows, CharacterAgreement(p_, {{a_}, {b_}}));
  ASSERT_EQ(rows.size(), 2u);  // d1 for X, then X pooled.
  // d1: both [3,5) = 2, A only 3, B only 3, neither 2 of 10 → 40%.
  // p_A = p_B = 0.5, p_e = 0.25 + 0.25 = 0.5 → κ = (0.4 − 0.5)/0.5 = −0.2.
  EXPECT_EQ(rows[0].document_id, d1_);
  EXPECT_EQ(rows[0].both, 2);
  EXPECT_EQ(rows[0].neither, 2);
  EXPECT_DOUBLE_EQ(rows[0].percent, 0.4);
  EXPECT_NEAR(rows[0].kappa, -0.2, 1e-12);
  // Pooled over d1 and the uncoded d2 (20 characters): neither 12 → 70%;
  // p_A = p_B = 0.25, p_e = 0.0625 + 0.5625 = 0.625 → κ = 0.075/0.375 = 0.2.
  EXPECT_EQ(rows[1].document_id, "");
  EXPECT_EQ(rows[1].total, 20);
  EXPECT_DOUBLE_EQ(rows[1].percent, 0.7);
  EXPECT_NEAR(rows[1].kappa, 0.2, 1e-12);
}

TEST_F(TextAgreementTest, NvivoDocumentationExample) {
  // NVivo's help: 1000 characters, 50 coded by both, 150 by one only, 800 by
  // neither → 85% agreement.
  ASSERT_OK_AND_ASSIGN(std::string doc, p_.AddDocument({.name = "long", .text = std::string(1000, 'x')}));
  Code(a_, doc, {0, 150}, x_);
  Code(b_, doc, {100, 200}, x_);
  ASSERT_OK_AND_ASSIGN(auto rows, CharacterAgreement(p_, {{a_}, {b_}}, {x_}));
  EXPECT_EQ(rows[0].both, 50);
  EXPECT_EQ(rows[0].only_a + rows[0].only_b, 150);
  EXPECT_EQ(rows[0].neither, 800);
  EXPECT_DOUBLE_EQ(rows[0].percent, 0.85);
}

TEST_F(TextAgreementTest, GroupsOverlapsAndNonAsciiPositions) {
  // A group (A, C) has coded a character when either member did; overlapping
  // codings of one side count once. In d2 positions are code points: 😀 is 7.
  Code(a_, d2_, {0, 4}, y_);
  Code(c_, d2_, {2, 8}, y_);
  Code(b_, d2_, {6, 8}, y_);
  ASSERT_OK_AND_ASSIGN(auto rows, CharacterAgreement(p_, {{a_, c_}, {b_}}, {y_}));
  // Group covers [0,8) = 8, B [6,8) = 2 → both 2, group only 6, neither 2.
  EXPECT_EQ(rows[0].both, 2);
  EXPECT_EQ(rows[0].only_a, 6);
  EXPECT_EQ(rows[0].only_b, 0);
  EXPECT_EQ(rows[0].neither, 2);
}

TEST_F(TextAgreementTest, NobodyCodedAnythingIsFullAgreement) {
  ASSERT_OK_AND_ASSIGN(auto rows, CharacterAgreement(p_, {{a_}, {b_}}, {x_}));
  ASSERT_EQ(rows.size(), 1u);  // Only the pooled row.
  EXPECT_DOUBLE_EQ(rows[0].percent, 1.0);
  EXPECT_DOUBLE_EQ(rows[0].kappa, 1.0);  // NVivo's convention.
}

TEST_F(TextAgreementTest, SegmentsAgreeAboveTheOverlapThreshold) {
  Code(a_, d1_, {0, 5}, x_);
  Code(b_, d1_, {3, 8}, x_);  // Overlap 2 of a combined 8: 25%.
  Code(a_, d1_, {0, 4}, y_);
  Code(b_, d1_, {0, 4}, y_);
  ASSERT_OK_AND_ASSIGN(auto strict, SegmentAgreement(p_, {{a_}, {b_}}, 0.9));
  // Rows: d1 X, d1 Y, pooled X, pooled Y. k = 2 codes → κ = (P − 0.5)/0.5.
  ASSERT_EQ(strict.size(), 4u);
  EXPECT_EQ(strict[0].code_id, x_);
  EXPECT_DOUBLE_EQ(strict[0].percent, 0.0);
  EXPECT_DOUBLE_EQ(strict[0].kappa, -1.0);
  EXPECT_DOUBLE_EQ(strict[1].percent, 1.0);
  EXPECT_DOUBLE_EQ(strict[1].kappa, 1.0);
  ASSERT_OK_AND_ASSIGN(auto loose, SegmentAgreement(p_, {{a_}, {b_}}, 0.25));
  EXPECT_DOUBLE_EQ(loose[0].percent, 1.0);
  EXPECT_STATUS(SegmentAgreement(p_, {{a_}, {b_}}, 0), absl::StatusCode::kInvalidArgument, "not in (0, 1]");
}

TEST_F(TextAgreementTest, DisagreementsListWhereCodesDiffer) {
  Code(a_, d1_, {0, 5}, x_);
  Code(b_, d1_, {3, 8}, x_);
  Code(a_, d1_, {0, 4}, y_);
  Code(b_, d1_, {0, 4}, y_);
  ASSERT_OK_AND_ASSIGN(auto rows, Disagreements(p_, {{a_}, {b_}}));
  // [0,3): A {X, Y}, B {Y}; [3,5) both agree; [5,8): A {}, B {X}.
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].span, (Span{0, 3}));
  EXPECT_THAT(rows[0].codes_a, ElementsAre(x_, y_));
  EXPECT_THAT(rows[0].codes_b, ElementsAre(y_));
  EXPECT_EQ(rows[1].span, (Span{5, 8}));
  EXPECT_TRUE(rows[1].codes_a.empty());
  EXPECT_THAT(rows[1].codes_b, ElementsAre(x_));
}

TEST_F(TextAgreementTest, BadCoderSetsAreRefused) {
  EXPECT_STATUS(CharacterAgreement(p_, {{a_}, {}}), absl::StatusCode::kInvalidArgument, "each non-empty");
  EXPECT_STATUS(CharacterAgreement(p_, {{a_}, {a_}}), absl::StatusCode::kInvalidArgument,
                "coder \"A\" is on both sides");
  EXPECT_STATUS(CharacterAgreement(p_, {{a_}, {"nope"}}), absl::StatusCode::kNotFound, "coder nope not found");
}


TEST_F(TextAgreementTest, PooledAcrossCodesOverDoubleCodedDocuments) {
  // d1: X by A [0,5) and B [3,8); Y by A [0,2) and B [0,2). d2: only A codes X.
  Code(a_, d1_, {0, 5}, x_);
  Code(b_, d1_, {3, 8}, x_);
  Code(a_, d1_, {0, 2}, y_);
  Code(b_, d1_, {0, 2}, y_);
  Code(a_, d2_, {0, 4}, x_);
  ASSERT_OK_AND_ASSIGN(PooledAgreement pooled, PooledCharacterAgreement(p_, {{a_}, {b_}}));
  // Only d1 is double-coded: X both 2, A 3, B 3, neither 2; Y both 2, neither 8.
  EXPECT_THAT(pooled.document_ids, ElementsAre(d1_));
  EXPECT_EQ(pooled.characters, 10);
  EXPECT_EQ(pooled.codes, 2);
  EXPECT_EQ(pooled.both, 4);
  EXPECT_EQ(pooled.only_a, 3);
  EXPECT_EQ(pooled.only_b, 3);
  EXPECT_EQ(pooled.neither, 10);
  EXPECT_DOUBLE_EQ(pooled.percent, 0.7);
  // Table [[4, 3], [3, 10]] of 20: p_o 0.7; p_A = p_B = 0.35, p_e = 0.1225 + 0.4225 = 0.545
  // → κ = 0.155/0.455. Alpha: n = 40, n_coded = 14, n_not = 26, disagreements 12 →
  // 1 − 39·12/(2·14·26).
  EXPECT_NEAR(pooled.kappa, 0.155 / 0.455, 1e-12);
  EXPECT_NEAR(pooled.alpha, 1 - 39.0 * 12 / (2 * 14 * 26), 1e-12);
  // Every document: d2 adds 10 characters per code, A alone coded 4 of them.
  ASSERT_OK_AND_ASSIGN(PooledAgreement all,
                       PooledCharacterAgreement(p_, {{a_}, {b_}}, {}, DocumentScope::kAll));
  EXPECT_EQ(all.characters, 20);
  EXPECT_EQ(all.only_a, 7);
  EXPECT_DOUBLE_EQ(all.percent, (4.0 + 26) / 40);
  // The per-code pooled rows follow the same choice.
  ASSERT_OK_AND_ASSIGN(auto rows, CharacterAgreement(p_, {{a_}, {b_}}, {x_}, DocumentScope::kDoubleCoded));
  EXPECT_EQ(rows.back().total, 10);
  EXPECT_DOUBLE_EQ(rows.back().percent, 0.4);
}

}  // namespace
}  // namespace thematica
