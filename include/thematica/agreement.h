// Inter-coder agreement on units: percent agreement, Cohen's kappa (any
// weights), Scott's pi, Gwet's AC1/AC2, Brennan–Prediger, Fleiss' kappa,
// many-rater Fleiss, Gwet and Conger coefficients, and
// Krippendorff's alpha (nominal, ordinal, interval, ratio) with a bootstrap
// confidence interval. Definitions and conventions follow the reference
// values in the README; every statistic is tested against published values.
//
//   // Two coders, a q×q table (rows coder A, columns coder B):
//   auto table = thematica::agreement::SquareTable::FromRows({{20, 5}, {10, 15}});
//   double kappa = thematica::agreement::CohenKappa(*table).value().value;  // 0.4
//
//   // Coders × units, NaN for a missing value:
//   thematica::agreement::RatingMatrix data(4, 12, values);
//   double a = thematica::agreement::KrippendorffAlpha(data, Metric::kNominal).value();
//
// Conventions: category indices (0..q-1) order the categories for weights;
// unused categories kept in a table count in q (for Gwet and Brennan–Prediger
// chance agreement and for weights), so pass the label set you mean. A
// statistic that is undefined for the data (no variation, fewer than two
// pairable values, an empty table) is a FailedPrecondition error, never NaN.
#ifndef THEMATICA_AGREEMENT_H_
#define THEMATICA_AGREEMENT_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thematica::agreement {

// A q×q contingency table of two coders' judgements: counts[i*q + j] units
// that coder A put in category i and coder B in category j.
class SquareTable {
 public:
  // InvalidArgument unless rows are square, finite and non-negative.
  static absl::StatusOr<SquareTable> FromRows(const std::vector<std::vector<double>>& rows);
  // From two coders' category indices per unit (-1 = missing: the unit is
  // left out); q categories.
  static absl::StatusOr<SquareTable> FromRatings(const std::vector<int>& a,
                                                 const std::vector<int>& b, int q);

  int q() const { return q_; }
  double at(int i, int j) const { return counts_[static_cast<size_t>(i) * q_ + j]; }
  double total() const;

 private:
  int q_ = 0;
  std::vector<double> counts_;
};

// Agreement weights w[i*q + j] in [0, 1], 1 on the diagonal.
enum class Weights { kIdentity, kLinear, kQuadratic };
// "identity", "linear", "quadratic"; Parse: InvalidArgument for other names.
absl::string_view WeightsName(Weights kind);
absl::StatusOr<Weights> ParseWeights(absl::string_view name);
std::vector<double> MakeWeights(Weights kind, int q);

// A chance-corrected coefficient with its parts.
struct Coefficient {
  double value = 0;     // (p_a - p_e) / (1 - p_e)
  double observed = 0;  // p_a: weighted observed agreement
  double expected = 0;  // p_e: weighted chance agreement
};

// Weighted percent agreement p_a = Σ w_ij t_ij / N.
absl::StatusOr<double> PercentAgreement(const SquareTable& table,
                                        const std::vector<double>& weights = {});
// Cohen (1960, 1968): p_e = Σ w_ij r_i c_j. Empty weights: identity.
absl::StatusOr<Coefficient> CohenKappa(const SquareTable& table,
                                       const std::vector<double>& weights = {});
// Scott (1955): p_e = Σ w_kl π_k π_l, π_k = (r_k + c_k)/2.
absl::StatusOr<Coefficient> ScottPi(const SquareTable& table,
                                    const std::vector<double>& weights = {});
// Gwet (2008) AC1 (identity weights) / AC2 (other weights):
// p_e = T_w Σ π_k(1 − π_k) / (q(q − 1)), T_w = Σ w_kl.
absl::StatusOr<Coefficient> GwetAc(const SquareTable& table,
                                   const std::vector<double>& weights = {});
// Brennan & Prediger (1981): p_e = T_w / q².
absl::StatusOr<Coefficient> BrennanPrediger(const SquareTable& table,
                                            const std::vector<double>& weights = {});

// Fleiss (1971) on counts[i*k + c]: raters of subject i who chose category c
// (subjects may have different numbers of raters, at least 2 each).
struct FleissResult {
  double value = 0;
  double mean_agreement = 0;    // P̄
  double chance_agreement = 0;  // P̄_e
};
absl::StatusOr<FleissResult> FleissKappa(const std::vector<double>& counts, int subjects,
                                         int categories);

// Many raters (Gwet 2014, "Handbook of Inter-Rater Reliability", ch. 2; the
// conventions of the irrCAC package): counts[i*categories + k] is the number
// of raters who put subject i in category k. Observed agreement averages
// p_i = Σ_k x_ik (x*_ik − 1) / (r_i (r_i − 1)), x*_ik = Σ_l w_kl x_il, over
// subjects with r_i ≥ 2 ratings; the category shares π_k average x_ik / r_i
// over every subject with at least one rating (subjects nobody rated are
// ignored). Raters may differ per subject. Empty weights: identity.
//
// Fleiss (1971), generalized: p_e = Σ_kl w_kl π_k π_l.
absl::StatusOr<Coefficient> FleissKappaMulti(const std::vector<double>& counts, int subjects,
                                             int categories, const std::vector<double>& weights = {});
// Gwet's AC1 (identity weights) / AC2: p_e = T_w Σ π_k(1 − π_k) / (q(q − 1)).
absl::StatusOr<Coefficient> GwetAcMulti(const std::vector<double>& counts, int subjects, int categories,
                                        const std::vector<double>& weights = {});

// Coders × units of numeric values (category indices or measurements),
// NaN for a missing value, row-major: value of coder c for unit u at
// c * units + u. Owns its values, or views a caller's buffer (View) that
// must outlive it.
class RatingMatrix {
 public:
  RatingMatrix() = default;
  RatingMatrix(int coders, int units, std::vector<double> values)
      : coders_(coders), units_(units), owned_(std::move(values)), data_(owned_.data()),
        size_(owned_.size()) {}
  static RatingMatrix View(int coders, int units, const double* values) {
    RatingMatrix m;
    m.coders_ = coders;
    m.units_ = units;
    m.data_ = values;
    m.size_ = static_cast<size_t>(coders) * units;
    return m;
  }
  RatingMatrix(const RatingMatrix& other) { *this = other; }
  RatingMatrix& operator=(const RatingMatrix& other) {
    coders_ = other.coders_;
    units_ = other.units_;
    owned_ = other.owned_;
    data_ = other.data_ == other.owned_.data() ? owned_.data() : other.data_;
    size_ = other.size_;
    return *this;
  }

  int coders() const { return coders_; }
  int units() const { return units_; }
  size_t size() const { return size_; }
  double at(int coder, int unit) const { return data_[static_cast<size_t>(coder) * units_ + unit]; }
  static double Missing() { return std::numeric_limits<double>::quiet_NaN(); }

 private:
  int coders_ = 0;
  int units_ = 0;
  std::vector<double> owned_;
  const double* data_ = nullptr;
  size_t size_ = 0;
};

// Subjects × categories counts (as above) from coders × units category
// indices 0..categories−1 (NaN missing): subject i is unit i.
absl::StatusOr<std::vector<double>> CountsFromRatings(const RatingMatrix& data, int categories);

// Conger (1980) kappa for many raters from coders × units category indices
// (NaN missing), as irrCAC's conger.kappa.raw: the observed agreement as for
// Fleiss; chance agreement from each rater's own category shares p_gk,
// p_e = Σ_kl w_kl (p̄_k p̄_l − s²_kl / r), s²_kl their covariance over raters.
// With two raters it is Cohen's kappa.
absl::StatusOr<Coefficient> CongerKappa(const RatingMatrix& data, int categories,
                                        const std::vector<double>& weights = {});

enum class Metric { kNominal, kOrdinal, kInterval, kRatio };
// "nominal", "ordinal", "interval", "ratio" (the level of measurement);
// Parse: InvalidArgument for other names.
absl::string_view MetricName(Metric metric);
absl::StatusOr<Metric> ParseMetric(absl::string_view name);

// Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability"): units with fewer than two values are not pairable and
// are dropped; missing is never a category. Runs in O(values · log values)
// for nominal and interval data, plus O(V²) in the number V of distinct
// values for ordinal and ratio.
absl::StatusOr<double> KrippendorffAlpha(const RatingMatrix& data, Metric metric);

// Nominal Krippendorff's alpha of two coders with no missing value, from
// their q×q table (the coincidences are the table plus its transpose).
absl::StatusOr<double> KrippendorffAlpha(const SquareTable& table);

// Bootstrap distribution of alpha (Hayes & Krippendorff 2007): the expected
// disagreement is held at its observed value, and each replicate draws as
// many pairable-value pairs as the data have, with replacement, from the
// observed pairs (each unit's pairs weighted 1/(m_u − 1)). Reproducible for
// a given seed.
struct AlphaBootstrap {
  double alpha = 0;
  double low = 0;   // Lower bound of the two-sided confidence interval.
  double high = 0;  // Upper bound.
  double confidence = 0.95;
  // Share of replicates below each requested minimum, in order.
  std::vector<double> probability_below;
  std::vector<double> minimums;
  int replicates = 0;
};
absl::StatusOr<AlphaBootstrap> BootstrapAlpha(const RatingMatrix& data, Metric metric,
                                              int replicates = 1000, uint64_t seed = 1,
                                              double confidence = 0.95,
                                              std::vector<double> minimums = {0.667, 0.8});

}  // namespace thematica::agreement

#endif  // THEMATICA_AGREEMENT_H_
