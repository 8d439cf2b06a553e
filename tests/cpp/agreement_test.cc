// Published values, each test naming its original source (tests/data/SOURCES.md).
// Precision: the number of decimals printed there.
#include "thematica/agreement.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica::agreement {
namespace {

const double kNA = RatingMatrix::Missing();

RatingMatrix FromRows(const std::vector<std::vector<double>>& rows) {
  std::vector<double> values;
  for (const auto& r : rows) values.insert(values.end(), r.begin(), r.end());
  return RatingMatrix(static_cast<int>(rows.size()), static_cast<int>(rows[0].size()), values);
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4
// observers × 12 units with missing values.
RatingMatrix Krippendorff2011() {
  return FromRows({{1, 2, 3, 3, 2, 1, 4, 1, 2, kNA, kNA, kNA},
                   {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, kNA, 3},
                   {kNA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, kNA},
                   {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, kNA}});
}

TEST(KrippendorffAlphaTest, PublishedFourObserverExample) {
  const RatingMatrix data = Krippendorff2011();
  // Krippendorff (2011): nominal 0.743 (exactly 0.743421052632), ordinal
  // 0.815, interval 0.849, ratio 0.797.
  EXPECT_NEAR(KrippendorffAlpha(data, Metric::kNominal).value(), 0.743421052632, 1e-12);
  EXPECT_NEAR(KrippendorffAlpha(data, Metric::kOrdinal).value(), 0.815, 5e-4);
  EXPECT_NEAR(KrippendorffAlpha(data, Metric::kInterval).value(), 0.849, 5e-4);
  EXPECT_NEAR(KrippendorffAlpha(data, Metric::kRatio).value(), 0.797, 5e-4);
}

TEST(KrippendorffAlphaTest, PublishedBinaryAndNominalExamples) {
  // Krippendorff (2011), binary data, 2 × 10: α = 0.095.
  EXPECT_NEAR(KrippendorffAlpha(FromRows({{0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
                                          {1, 1, 1, 0, 0, 1, 0, 0, 0, 0}}),
                                Metric::kNominal)
                  .value(),
              0.095, 5e-4);
  // Krippendorff (2011), nominal, 2 × 12 (a..e as 0..4): α = 0.692.
  EXPECT_NEAR(KrippendorffAlpha(FromRows({{0, 0, 1, 1, 3, 2, 2, 2, 4, 3, 3, 0},
                                          {1, 0, 1, 1, 1, 2, 2, 2, 4, 3, 3, 3}}),
                                Metric::kNominal)
                  .value(),
              0.692, 5e-4);
  // String labels (a widely used implementation's tests), pos/neg/neu as 0/1/2: 0.722222.
  EXPECT_NEAR(KrippendorffAlpha(FromRows({{0, 1, 2, kNA}, {0, 1, 2, 0}, {0, 1, 0, 0}}),
                                Metric::kNominal)
                  .value(),
              0.722222, 5e-7);
}

TEST(KrippendorffAlphaTest, DegenerateInputIsAnErrorNotNaN) {
  EXPECT_STATUS(KrippendorffAlpha(FromRows({{1, 1, 1}, {1, 1, 1}}), Metric::kNominal),
                absl::StatusCode::kFailedPrecondition, "all pairable values are equal");
  EXPECT_STATUS(KrippendorffAlpha(FromRows({{1, kNA}, {kNA, 2}}), Metric::kInterval),
                absl::StatusCode::kFailedPrecondition, "nothing is pairable");
  EXPECT_STATUS(KrippendorffAlpha(RatingMatrix(2, 3, {1, 2}), Metric::kNominal),
                absl::StatusCode::kInvalidArgument, "2 values for 2 coders × 3 units");
}

TEST(KrippendorffAlphaTest, IdenticalCodersGiveOne) {
  EXPECT_DOUBLE_EQ(KrippendorffAlpha(FromRows({{1, 2, 3, 1}, {1, 2, 3, 1}}), Metric::kOrdinal).value(), 1.0);
}

TEST(KrippendorffAlphaTest, BootstrapIsReproducibleAndBracketsAlpha) {
  const RatingMatrix data = Krippendorff2011();
  ASSERT_OK_AND_ASSIGN(AlphaBootstrap a, BootstrapAlpha(data, Metric::kNominal, 2000, 7));
  ASSERT_OK_AND_ASSIGN(AlphaBootstrap b, BootstrapAlpha(data, Metric::kNominal, 2000, 7));
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.probability_below, b.probability_below);
  EXPECT_NEAR(a.alpha, 0.743421052632, 1e-12);
  EXPECT_LT(a.low, a.alpha);
  EXPECT_GT(a.high, a.alpha);
  ASSERT_EQ(a.probability_below.size(), 2u);  // 0.667 and 0.8 by default.
  EXPECT_LT(a.probability_below[0], a.probability_below[1]);
  EXPECT_GT(a.probability_below[1], 0.5);  // α = 0.743 sits below 0.8.
}

// The scikit-learn tests' 3×3 table and the textbook 2×2 one.
TEST(CohenKappaTest, PublishedTables) {
  ASSERT_OK_AND_ASSIGN(SquareTable t, SquareTable::FromRows({{20, 5}, {10, 15}}));
  ASSERT_OK_AND_ASSIGN(Coefficient k, CohenKappa(t));
  EXPECT_NEAR(k.observed, 0.70, 1e-12);
  EXPECT_NEAR(k.expected, 0.50, 1e-12);
  EXPECT_NEAR(k.value, 0.4, 1e-12);
  ASSERT_OK_AND_ASSIGN(SquareTable s, SquareTable::FromRows({{46, 0, 0}, {4, 40, 0}, {0, 0, 10}}));
  EXPECT_NEAR(CohenKappa(s)->value, 0.9315, 5e-5);
  EXPECT_NEAR(CohenKappa(s, MakeWeights(Weights::kLinear, 3))->value, 0.9412, 5e-5);
  EXPECT_NEAR(CohenKappa(s, MakeWeights(Weights::kQuadratic, 3))->value, 0.9541, 5e-5);
}

// Gwet (2008) / the irrCAC package's example table.
TEST(ChanceCorrectedTest, GwetPublishedTable) {
  ASSERT_OK_AND_ASSIGN(SquareTable t, SquareTable::FromRows({{13, 0, 0}, {0, 20, 7}, {0, 4, 56}}));
  EXPECT_NEAR(PercentAgreement(t).value(), 0.89, 5e-3);
  EXPECT_NEAR(ScottPi(t)->value, 0.7962397, 5e-8);
  EXPECT_NEAR(GwetAc(t)->value, 0.8493305, 5e-8);
  EXPECT_NEAR(BrennanPrediger(t)->value, 0.835, 5e-4);
  EXPECT_NEAR(CohenKappa(t)->value, 0.7964094, 5e-8);
  const std::vector<double> quadratic = MakeWeights(Weights::kQuadratic, 3);
  EXPECT_NEAR(CohenKappa(t, quadratic)->value, 0.8921569, 5e-8);
  EXPECT_NEAR(ScottPi(t, quadratic)->value, 0.8921093, 5e-8);
  EXPECT_NEAR(GwetAc(t, quadratic)->value, 0.9402369, 5e-8);
  EXPECT_NEAR(BrennanPrediger(t, quadratic)->value, 0.9175, 5e-5);
  // Krippendorff's alpha of the same judgements: nominal 0.7972585, and with
  // quadratic weights (interval metric on the category indices) 0.8926487.
  std::vector<double> a, b;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      for (int n = 0; n < static_cast<int>(t.at(i, j)); ++n) {
        a.push_back(i);
        b.push_back(j);
      }
    }
  }
  std::vector<double> values = a;
  values.insert(values.end(), b.begin(), b.end());
  const RatingMatrix data(2, static_cast<int>(a.size()), values);
  EXPECT_NEAR(KrippendorffAlpha(data, Metric::kNominal).value(), 0.7972585, 5e-8);
  EXPECT_NEAR(KrippendorffAlpha(data, Metric::kInterval).value(), 0.8926487, 5e-8);
}

// The standard encyclopedia example: 10 subjects, 14 raters, 5 categories.
TEST(FleissKappaTest, PublishedExample) {
  const std::vector<double> counts = {0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0,
                                      2, 2, 8, 1, 1, 7, 7, 0, 0, 0, 3, 2, 6, 3, 0, 2, 5, 3, 2, 2,
                                      6, 5, 2, 1, 0, 0, 2, 2, 3, 7};
  ASSERT_OK_AND_ASSIGN(FleissResult r, FleissKappa(counts, 10, 5));
  EXPECT_NEAR(r.mean_agreement, 0.378, 5e-4);
  EXPECT_NEAR(r.chance_agreement, 0.213, 5e-4);
  EXPECT_NEAR(r.value, 0.210, 5e-4);
  EXPECT_STATUS(FleissKappa({1, 0}, 1, 2), absl::StatusCode::kInvalidArgument, "at least 2 per subject");
}

TEST(TableTest, ValidationAndDegenerateCases) {
  EXPECT_STATUS(SquareTable::FromRows({{1, 2}, {3}}), absl::StatusCode::kInvalidArgument, "not square");
  EXPECT_STATUS(SquareTable::FromRows({{1, -2}, {3, 4}}), absl::StatusCode::kInvalidArgument, "non-negative");
  ASSERT_OK_AND_ASSIGN(SquareTable empty, SquareTable::FromRows({{0, 0}, {0, 0}}));
  EXPECT_STATUS(CohenKappa(empty), absl::StatusCode::kFailedPrecondition, "the table is empty");
  ASSERT_OK_AND_ASSIGN(SquareTable one, SquareTable::FromRows({{5, 0}, {0, 0}}));
  EXPECT_STATUS(CohenKappa(one), absl::StatusCode::kFailedPrecondition, "chance agreement is 1");
  ASSERT_OK_AND_ASSIGN(SquareTable t, SquareTable::FromRatings({0, 1, -1, 1}, {0, 1, 0, 0}, 2));
  EXPECT_EQ(t.total(), 3);  // The unit missing for coder A is left out.
  EXPECT_STATUS(CohenKappa(t, {1, 0, 0}), absl::StatusCode::kInvalidArgument, "needs 4");
}


// irrCAC (Gwet 2014; the package's README): cac.raw4raters, 12 subjects × 4
// raters, here as raters × units with category indices 0..4 (values 1..5).
TEST(ManyRatersTest, IrrCacRawRatings) {
  const double n = RatingMatrix::Missing();
  const RatingMatrix data(4, 12, {0, 1, 2, 2, 1, 0, 3, 0, 1, n, n, n,
                                  0, 1, 2, 2, 1, 1, 3, 0, 1, 4, n, n,
                                  n, 2, 2, 2, 1, 2, 3, 1, 1, 4, 0, 2,
                                  0, 1, 2, 2, 1, 3, 3, 0, 1, 4, 0, n});
  ASSERT_OK_AND_ASSIGN(std::vector<double> counts, CountsFromRatings(data, 5));
  ASSERT_OK_AND_ASSIGN(Coefficient gwet, GwetAcMulti(counts, 12, 5));
  EXPECT_NEAR(gwet.observed, 0.8181818, 5e-8);
  EXPECT_NEAR(gwet.expected, 0.1903212, 5e-8);
  EXPECT_NEAR(gwet.value, 0.77544, 5e-6);
  ASSERT_OK_AND_ASSIGN(Coefficient fleiss, FleissKappaMulti(counts, 12, 5));
  EXPECT_NEAR(fleiss.expected, 0.2387153, 5e-8);
  EXPECT_NEAR(fleiss.value, 0.76117, 5e-6);
  ASSERT_OK_AND_ASSIGN(Coefficient conger, CongerKappa(data, 5));
  EXPECT_NEAR(conger.expected, 0.2334252, 5e-8);
  EXPECT_NEAR(conger.value, 0.76282, 5e-6);
  EXPECT_STATUS(CountsFromRatings(data, 4), absl::StatusCode::kInvalidArgument, "not a category index");
}

// irrCAC README: distrib.6raters, 15 subjects × 5 categories.
TEST(ManyRatersTest, IrrCacDistribution) {
  const std::vector<double> counts = {0, 0, 0, 6, 0, 0, 3, 0, 0, 3, 0, 1, 4, 0, 1, 0, 0, 0, 0, 6, 0, 3, 0, 3, 0,
                                      2, 0, 4, 0, 0, 0, 0, 4, 0, 2, 2, 0, 3, 1, 0, 2, 0, 0, 4, 0, 0, 0, 0, 0, 6,
                                      1, 0, 0, 5, 0, 1, 1, 0, 4, 0, 0, 3, 3, 0, 0, 1, 0, 0, 5, 0, 0, 2, 0, 3, 1};
  ASSERT_OK_AND_ASSIGN(Coefficient gwet, GwetAcMulti(counts, 15, 5));
  EXPECT_NEAR(gwet.value, 0.4448007, 5e-8);
  EXPECT_NEAR(gwet.observed, 0.5511111, 5e-8);
  ASSERT_OK_AND_ASSIGN(Coefficient fleiss, FleissKappaMulti(counts, 15, 5));
  EXPECT_NEAR(fleiss.value, 0.4139265, 5e-8);
  EXPECT_STATUS(FleissKappaMulti({1, 0, 0, 1}, 2, 2), absl::StatusCode::kFailedPrecondition,
                "no subject has two or more ratings");
}

// The irrCAC 3×3 table (Krippendorff's alpha 0.7972585) from the table form.
TEST(KrippendorffAlphaTest, FromTwoCoderTable) {
  ASSERT_OK_AND_ASSIGN(SquareTable t, SquareTable::FromRows({{13, 0, 0}, {0, 20, 7}, {0, 4, 56}}));
  EXPECT_NEAR(KrippendorffAlpha(t).value(), 0.7972585, 5e-8);
}

}  // namespace
}  // namespace thematica::agreement
