// Krippendorff's unitized alphas on continua small enough to work out by hand
// with the formulas of Krippendorff, Mathet, Bouvry & Widlöcher (2016); the
// arithmetic is in the comments.
#include "thematica/unitized_alpha.h"

#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica {
namespace {

TEST(UnitizedAlphaTest, OneValueWithAShiftedSegment) {
  // L = 10. A: c [0,4). B: c [2,6). ℓ_cc = 4, ℓ_cφ = ℓ_φc = 4, ℓ_φφ = 8;
  // margins c 8, φ 12; W = 16 + 16 (valued, |S|²) + 6 + 2 + 4 (gaps, |S|) = 44.
  // ε_cφ = 20·96/(400 − 44); uα = 1 − 8·356/3840 = 0.258333….
  ASSERT_OK_AND_ASSIGN(UnitizedAlphaResult r, UnitizedAlphas(10, 1, {{{0, 4, 0}}, {{2, 6, 0}}}));
  EXPECT_NEAR(r.u_alpha, 1 - 2848.0 / 3840.0, 1e-12);
  EXPECT_NEAR(r.binary_alpha, r.u_alpha, 1e-12);  // One value: binary is the same.
  EXPECT_FALSE(r.cu_alpha.has_value());           // cuα needs two values.
  ASSERT_TRUE(r.per_value[0].alpha.has_value());
  EXPECT_DOUBLE_EQ(*r.per_value[0].alpha, 1.0);   // Where c meets c, it is always c.
  EXPECT_DOUBLE_EQ(r.per_value[0].coverage, 0.5);  // ℓ*_c 4 of ℓ_c 8.
}

TEST(UnitizedAlphaTest, TwoValuesDisagreeingOnABoundary) {
  // L = 10. A: c [0,4), d [4,8). B: c [0,6), d [6,8).
  // ℓ: cc 8, cd 2, dc 2, dd 4, φφ 4. Margins c 10, d 6, φ 4.
  // W = 16 + 16 + 36 + 4 + 2 + 2 = 76; uα = 1 − 4·324/(2·(1200 + 800 + 480)) = 0.738710….
  // Valued part: ℓ*.. 16, margins 10 and 6; W* = 16 + 16 + 36 + 4 = 72;
  // cuα = 1 − 4·184/1920 = 0.616667…; (c)uα = 1 − (1728/1840)·(2·184/960) = 0.64.
  ASSERT_OK_AND_ASSIGN(UnitizedAlphaResult r,
                       UnitizedAlphas(10, 2, {{{0, 4, 0}, {4, 8, 1}}, {{0, 6, 0}, {6, 8, 1}}}));
  EXPECT_NEAR(r.u_alpha, 1 - 1296.0 / 4960.0, 1e-12);
  EXPECT_NEAR(r.binary_alpha, 1.0, 1e-12);  // Coded versus uncoded agree exactly.
  ASSERT_TRUE(r.cu_alpha.has_value());
  EXPECT_NEAR(*r.cu_alpha, 1 - 736.0 / 1920.0, 1e-12);
  EXPECT_NEAR(r.cu_coverage, 16.0 / 20.0, 1e-12);
  ASSERT_TRUE(r.per_value[0].alpha.has_value());
  EXPECT_NEAR(*r.per_value[0].alpha, 0.64, 1e-12);
  EXPECT_DOUBLE_EQ(r.per_value[0].coverage, 1.0);
}

TEST(UnitizedAlphaTest, IdenticalRecordsGiveOne) {
  const std::vector<ValuedSegment> record = {{1, 3, 0}, {5, 9, 1}, {9, 10, 0}};
  ASSERT_OK_AND_ASSIGN(UnitizedAlphaResult r, UnitizedAlphas(12, 2, {record, record, record}));
  EXPECT_DOUBLE_EQ(r.u_alpha, 1.0);
  EXPECT_DOUBLE_EQ(r.binary_alpha, 1.0);
  EXPECT_DOUBLE_EQ(*r.cu_alpha, 1.0);
}

TEST(UnitizedAlphaTest, RefusesWhatIsNotAPartition) {
  EXPECT_STATUS(UnitizedAlphas(10, 1, {{{0, 4, 0}, {3, 6, 0}}, {}}), absl::StatusCode::kInvalidArgument,
                "segments overlap at 3");
  EXPECT_STATUS(UnitizedAlphas(10, 1, {{{0, 11, 0}}, {}}), absl::StatusCode::kInvalidArgument,
                "is not a non-empty part of [0, 10)");
  EXPECT_STATUS(UnitizedAlphas(10, 1, {{}}), absl::StatusCode::kInvalidArgument, "at least two coders");
  EXPECT_STATUS(UnitizedAlphas(10, 1, {{}, {}}), absl::StatusCode::kFailedPrecondition, "no variation");
}

TEST(UnitizedAlphaTest, OnAProjectAcrossDocuments) {
  Project p;
  const std::string a = p.AddCoder({.name = "A"}).value(), b = p.AddCoder({.name = "B"}).value();
  // Two documents of 5 code points make the continuum [0, 10) of the first test.
  const std::string d1 = p.AddDocument({.name = "d1", .text = "ab\xC3\xA9" "de"}).value();
  const std::string d2 = p.AddDocument({.name = "d2", .text = "fghij"}).value();
  const std::string c = p.AddCode({.name = "c"}).value(), other = p.AddCode({.name = "other"}).value();
  ASSERT_OK(p.AddExcerpt({.document_id = d1, .span = {0, 4}, .code_ids = {c}, .coder_id = a}));
  ASSERT_OK(p.AddExcerpt({.document_id = d1, .span = {2, 5}, .code_ids = {c}, .coder_id = b}));
  ASSERT_OK(p.AddExcerpt({.document_id = d2, .span = {0, 1}, .code_ids = {c}, .coder_id = b}));  // [5, 6)
  ASSERT_OK(p.AddExcerpt({.document_id = d2, .span = {0, 1}, .code_ids = {other}, .coder_id = a}));
  // B's [2,5) and [5,6) are adjacent but separate segments; A's "other" is
  // outside the compared codes.
  ASSERT_OK_AND_ASSIGN(UnitizedAlphaResult r, UnitizedAlphas(p, {a, b}, {c}));
  // Same ℓ as the first test; W differs: B has 3² + 1² instead of 4².
  // W = 16 + 9 + 1 + 6 + 2 + 4 = 38 → uα = 1 − 8·362/3840.
  EXPECT_NEAR(r.u_alpha, 1 - 8.0 * 362 / 3840.0, 1e-12);
  ASSERT_OK(p.AddExcerpt({.document_id = d1, .span = {1, 2}, .code_ids = {other}, .coder_id = a}));
  EXPECT_STATUS(UnitizedAlphas(p, {a, b}, {c, other}), absl::StatusCode::kFailedPrecondition,
                "coder \"A\" coded the same text with \"c\" and \"other\"");
}

}  // namespace
}  // namespace thematica
