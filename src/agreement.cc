#include "thematica/agreement.h"

#include "thematica/interrupt.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "thematica/status_macros.h"

namespace thematica::agreement {
namespace {

absl::Status CheckWeights(const std::vector<double>& weights, int q) {
  if (weights.empty()) return absl::OkStatus();
  if (weights.size() != static_cast<size_t>(q) * q) {
    return absl::InvalidArgumentError(absl::StrCat(
        "weight matrix has ", weights.size(), " entries; a ", q, "×", q, " table needs ", q * q));
  }
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0 || w > 1) {
      return absl::InvalidArgumentError(absl::StrCat("weight ", w, " is not in [0, 1]"));
    }
  }
  return absl::OkStatus();
}

struct Margins {
  double n = 0;
  std::vector<double> rows, cols;  // Proportions.
};

absl::StatusOr<Margins> MarginsOf(const SquareTable& t) {
  Margins m;
  m.n = t.total();
  if (m.n <= 0) return absl::FailedPreconditionError("the table is empty: no unit was rated by both coders");
  m.rows.assign(t.q(), 0);
  m.cols.assign(t.q(), 0);
  for (int i = 0; i < t.q(); ++i) {
    for (int j = 0; j < t.q(); ++j) {
      m.rows[i] += t.at(i, j) / m.n;
      m.cols[j] += t.at(i, j) / m.n;
    }
  }
  return m;
}

double Observed(const SquareTable& t, const std::vector<double>& w, double n) {
  double sum = 0;
  for (int i = 0; i < t.q(); ++i) {
    for (int j = 0; j < t.q(); ++j) sum += w[static_cast<size_t>(i) * t.q() + j] * t.at(i, j);
  }
  return sum / n;
}

absl::StatusOr<Coefficient> Corrected(double observed, double expected, absl::string_view name) {
  if (std::abs(1 - expected) < 1e-15) {
    return absl::FailedPreconditionError(absl::StrCat(
        name, " is undefined: chance agreement is 1 (every judgement falls in one category)"));
  }
  return Coefficient{(observed - expected) / (1 - expected), observed, expected};
}

// Shared by the table coefficients: checks, resolves default weights,
// computes margins and observed agreement.
struct Prepared {
  std::vector<double> w;
  Margins m;
  double observed = 0;
};

absl::StatusOr<Prepared> Prepare(const SquareTable& t, const std::vector<double>& weights) {
  THEMATICA_RETURN_IF_ERROR(CheckWeights(weights, t.q()));
  Prepared p;
  p.w = weights.empty() ? MakeWeights(Weights::kIdentity, t.q()) : weights;
  THEMATICA_ASSIGN_OR_RETURN(p.m, MarginsOf(t));
  p.observed = Observed(t, p.w, p.m.n);
  return p;
}

double SumOf(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }


}  // namespace

absl::StatusOr<SquareTable> SquareTable::FromRows(const std::vector<std::vector<double>>& rows) {
  SquareTable t;
  t.q_ = static_cast<int>(rows.size());
  if (t.q_ == 0) return absl::InvalidArgumentError("a table needs at least one category");
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != rows.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the table is not square: row ", i, " has ", rows[i].size(), " entries, not ", rows.size()));
    }
    for (double x : rows[i]) {
      if (!std::isfinite(x) || x < 0) {
        return absl::InvalidArgumentError(absl::StrCat("count ", x, " in row ", i, " is not a non-negative number"));
      }
      t.counts_.push_back(x);
    }
  }
  return t;
}

absl::StatusOr<SquareTable> SquareTable::FromRatings(const std::vector<int>& a, const std::vector<int>& b,
                                                     int q) {
  if (a.size() != b.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the two coders rated different numbers of units (", a.size(), " and ", b.size(), ")"));
  }
  if (q < 1) return absl::InvalidArgumentError("a table needs at least one category");
  SquareTable t;
  t.q_ = q;
  t.counts_.assign(static_cast<size_t>(q) * q, 0);
  for (size_t u = 0; u < a.size(); ++u) {
    if (a[u] < 0 || b[u] < 0) continue;  // Missing for one coder: not comparable.
    if (a[u] >= q || b[u] >= q) {
      return absl::InvalidArgumentError(absl::StrCat("category index out of range at unit ", u));
    }
    t.counts_[static_cast<size_t>(a[u]) * q + b[u]] += 1;
  }
  return t;
}

double SquareTable::total() const { return SumOf(counts_); }

std::vector<double> MakeWeights(Weights kind, int q) {
  std::vector<double> w(static_cast<size_t>(q) * q, 0);
  for (int i = 0; i < q; ++i) {
    for (int j = 0; j < q; ++j) {
      const double d = q > 1 ? std::abs(i - j) / static_cast<double>(q - 1) : 0;
      double value = i == j ? 1 : 0;
      if (kind == Weights::kLinear) value = 1 - d;
      if (kind == Weights::kQuadratic) value = 1 - d * d;
      w[static_cast<size_t>(i) * q + j] = value;
    }
  }
  return w;
}

absl::StatusOr<double> PercentAgreement(const SquareTable& table, const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(table, weights));
  return p.observed;
}

absl::StatusOr<Coefficient> CohenKappa(const SquareTable& table, const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(table, weights));
  double expected = 0;
  const int q = table.q();
  for (int i = 0; i < q; ++i) {
    for (int j = 0; j < q; ++j) expected += p.w[static_cast<size_t>(i) * q + j] * p.m.rows[i] * p.m.cols[j];
  }
  return Corrected(p.observed, expected, "Cohen's kappa");
}

absl::StatusOr<Coefficient> ScottPi(const SquareTable& table, const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(table, weights));
  const int q = table.q();
  double expected = 0;
  for (int k = 0; k < q; ++k) {
    for (int l = 0; l < q; ++l) {
      const double pk = (p.m.rows[k] + p.m.cols[k]) / 2, pl = (p.m.rows[l] + p.m.cols[l]) / 2;
      expected += p.w[static_cast<size_t>(k) * q + l] * pk * pl;
    }
  }
  return Corrected(p.observed, expected, "Scott's pi");
}

absl::StatusOr<Coefficient> GwetAc(const SquareTable& table, const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(table, weights));
  const int q = table.q();
  if (q < 2) return absl::FailedPreconditionError("Gwet's AC needs at least two categories");
  double spread = 0;
  for (int k = 0; k < q; ++k) {
    const double pk = (p.m.rows[k] + p.m.cols[k]) / 2;
    spread += pk * (1 - pk);
  }
  const double expected = SumOf(p.w) * spread / (q * (q - 1.0));
  return Corrected(p.observed, expected, "Gwet's AC");
}

absl::StatusOr<Coefficient> BrennanPrediger(const SquareTable& table, const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(table, weights));
  const double q = table.q();
  return Corrected(p.observed, SumOf(p.w) / (q * q), "Brennan–Prediger");
}

absl::StatusOr<FleissResult> FleissKappa(const std::vector<double>& counts, int subjects, int categories) {
  if (subjects < 1 || categories < 1 || counts.size() != static_cast<size_t>(subjects) * categories) {
    return absl::InvalidArgumentError(absl::StrCat("Fleiss' kappa: ", counts.size(), " counts for ",
                                                   subjects, " subjects × ", categories, " categories"));
  }
  FleissResult r;
  std::vector<double> category_totals(categories, 0);
  double all = 0;
  for (int i = 0; i < subjects; ++i) {
    double raters = 0, pairs = 0;
    for (int c = 0; c < categories; ++c) {
      const double x = counts[static_cast<size_t>(i) * categories + c];
      if (!std::isfinite(x) || x < 0) {
        return absl::InvalidArgumentError(absl::StrCat("count ", x, " of subject ", i, " is not a non-negative number"));
      }
      raters += x;
      pairs += x * (x - 1);
      category_totals[c] += x;
    }
    if (raters < 2) {
      return absl::InvalidArgumentError(absl::StrCat("subject ", i, " has ", raters,
                                                     " ratings; Fleiss' kappa needs at least 2 per subject"));
    }
    r.mean_agreement += pairs / (raters * (raters - 1));
    all += raters;
  }
  r.mean_agreement /= subjects;
  for (double t : category_totals) r.chance_agreement += (t / all) * (t / all);
  if (std::abs(1 - r.chance_agreement) < 1e-15) {
    return absl::FailedPreconditionError("Fleiss' kappa is undefined: every rating is in one category");
  }
  r.value = (r.mean_agreement - r.chance_agreement) / (1 - r.chance_agreement);
  return r;
}

namespace {

// What Fleiss, Gwet and Conger share for many raters: the weights, the
// observed agreement and the category shares π_k.
struct MultiRater {
  std::vector<double> w;
  std::vector<double> pi;  // π_k.
  double observed = 0;
};

absl::StatusOr<MultiRater> PrepareMulti(const std::vector<double>& counts, int subjects, int categories,
                                        const std::vector<double>& weights) {
  if (subjects < 1 || categories < 1 || counts.size() != static_cast<size_t>(subjects) * categories) {
    return absl::InvalidArgumentError(absl::StrCat("many-rater agreement: ", counts.size(), " counts for ",
                                                   subjects, " subjects × ", categories, " categories"));
  }
  THEMATICA_RETURN_IF_ERROR(CheckWeights(weights, categories));
  MultiRater m;
  m.w = weights.empty() ? MakeWeights(Weights::kIdentity, categories) : weights;
  m.pi.assign(categories, 0);
  int rated = 0, paired = 0;
  for (int i = 0; i < subjects; ++i) {
    const double* x = &counts[static_cast<size_t>(i) * categories];
    double raters = 0;
    for (int k = 0; k < categories; ++k) {
      if (!std::isfinite(x[k]) || x[k] < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("count ", x[k], " of subject ", i, " is not a non-negative number"));
      }
      raters += x[k];
    }
    if (raters <= 0) continue;
    ++rated;
    for (int k = 0; k < categories; ++k) m.pi[k] += x[k] / raters;
    if (raters < 2) continue;
    ++paired;
    double agree = 0;
    for (int k = 0; k < categories; ++k) {
      double weighted = 0;
      for (int l = 0; l < categories; ++l) weighted += m.w[static_cast<size_t>(k) * categories + l] * x[l];
      agree += x[k] * (weighted - 1);
    }
    m.observed += agree / (raters * (raters - 1));
  }
  if (paired == 0) {
    return absl::FailedPreconditionError("agreement is undefined: no subject has two or more ratings");
  }
  m.observed /= paired;
  for (double& p : m.pi) p /= rated;
  return m;
}

}  // namespace

absl::StatusOr<Coefficient> FleissKappaMulti(const std::vector<double>& counts, int subjects, int categories,
                                             const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(MultiRater m, PrepareMulti(counts, subjects, categories, weights));
  double expected = 0;
  for (int k = 0; k < categories; ++k) {
    for (int l = 0; l < categories; ++l) expected += m.w[static_cast<size_t>(k) * categories + l] * m.pi[k] * m.pi[l];
  }
  return Corrected(m.observed, expected, "Fleiss' kappa");
}

absl::StatusOr<Coefficient> GwetAcMulti(const std::vector<double>& counts, int subjects, int categories,
                                        const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(MultiRater m, PrepareMulti(counts, subjects, categories, weights));
  if (categories < 2) return absl::FailedPreconditionError("Gwet's AC needs at least two categories");
  double spread = 0;
  for (double p : m.pi) spread += p * (1 - p);
  return Corrected(m.observed, SumOf(m.w) * spread / (categories * (categories - 1.0)), "Gwet's AC");
}

absl::StatusOr<std::vector<double>> CountsFromRatings(const RatingMatrix& data, int categories) {
  if (categories < 1 || data.size() != static_cast<size_t>(data.coders()) * data.units()) {
    return absl::InvalidArgumentError(absl::StrCat("ratings: ", data.size(), " values for ", data.coders(),
                                                   " coders × ", data.units(), " units, ", categories,
                                                   " categories"));
  }
  std::vector<double> counts(static_cast<size_t>(data.units()) * categories, 0);
  for (int c = 0; c < data.coders(); ++c) {
    for (int u = 0; u < data.units(); ++u) {
      const double v = data.at(c, u);
      if (std::isnan(v)) continue;
      if (v < 0 || v >= categories || v != std::floor(v)) {
        return absl::InvalidArgumentError(absl::StrCat("rating ", v, " of coder ", c, " for unit ", u,
                                                       " is not a category index in [0, ", categories, ")"));
      }
      counts[static_cast<size_t>(u) * categories + static_cast<size_t>(v)] += 1;
    }
  }
  return counts;
}

absl::StatusOr<Coefficient> CongerKappa(const RatingMatrix& data, int categories,
                                        const std::vector<double>& weights) {
  THEMATICA_ASSIGN_OR_RETURN(std::vector<double> counts, CountsFromRatings(data, categories));
  THEMATICA_ASSIGN_OR_RETURN(MultiRater m, PrepareMulti(counts, data.units(), categories, weights));
  const int r = data.coders();
  if (r < 2) return absl::InvalidArgumentError("Conger's kappa needs at least two raters");
  // p_gk: the share of rater g's ratings in category k.
  std::vector<double> share(static_cast<size_t>(r) * categories, 0);
  for (int g = 0; g < r; ++g) {
    double rated = 0;
    for (int u = 0; u < data.units(); ++u) {
      const double v = data.at(g, u);
      if (std::isnan(v)) continue;
      share[static_cast<size_t>(g) * categories + static_cast<size_t>(v)] += 1;
      rated += 1;
    }
    if (rated == 0) {
      return absl::InvalidArgumentError(absl::StrCat("rater ", g, " rated no unit"));
    }
    for (int k = 0; k < categories; ++k) share[static_cast<size_t>(g) * categories + k] /= rated;
  }
  std::vector<double> mean(categories, 0);
  for (int g = 0; g < r; ++g) {
    for (int k = 0; k < categories; ++k) mean[k] += share[static_cast<size_t>(g) * categories + k] / r;
  }
  double expected = 0;
  for (int k = 0; k < categories; ++k) {
    for (int l = 0; l < categories; ++l) {
      double cross = 0;
      for (int g = 0; g < r; ++g) {
        cross += share[static_cast<size_t>(g) * categories + k] * share[static_cast<size_t>(g) * categories + l];
      }
      const double covariance = (cross - r * mean[k] * mean[l]) / (r - 1);
      expected += m.w[static_cast<size_t>(k) * categories + l] * (mean[k] * mean[l] - covariance / r);
    }
  }
  return Corrected(m.observed, expected, "Conger's kappa");
}

}  // namespace thematica::agreement
