// Krippendorff's alpha: nominal to ratio metrics over a coincidence matrix,
// from a square table or a rating matrix with missing values, with a bootstrap.
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

// Ordinal and ratio expected disagreement compare every pair of distinct
// values; beyond this many the O(V²) sum is refused rather than left to run.
constexpr size_t kMaxPairwiseValues = 20000;

// --- Krippendorff's alpha --------------------------------------------------------

// Numbers the distinct values of the data: first as seen, then (Finish) in
// value order.
class Categories {
 public:
  int32_t Add(double v) {
    if (v >= 0 && v < kDirect && v == std::floor(v)) {
      const size_t i = static_cast<size_t>(v);
      if (i >= direct_.size()) direct_.resize(i + 1, -1);
      if (direct_[i] < 0) {
        direct_[i] = static_cast<int32_t>(first_seen_.size());
        first_seen_.push_back(v);
      }
      return direct_[i];
    }
    auto [it, inserted] = seen_.try_emplace(v, static_cast<int32_t>(first_seen_.size()));
    if (inserted) first_seen_.push_back(v);
    return it->second;
  }
  // After Finish: the rank of a value already added.
  int32_t Rank(double v) const {
    if (v >= 0 && v < kDirect && v == std::floor(v)) return rank_[direct_[static_cast<size_t>(v)]];
    return rank_[seen_.at(v)];
  }
  int32_t RankOf(int32_t first_seen_id) const { return rank_[first_seen_id]; }
  const std::vector<double>& first_seen() const { return first_seen_; }
  // Sorted distinct values.
  std::vector<double> Finish() {
    std::vector<int32_t> order(first_seen_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int32_t x, int32_t y) { return first_seen_[x] < first_seen_[y]; });
    rank_.assign(order.size(), 0);
    std::vector<double> sorted;
    for (size_t i = 0; i < order.size(); ++i) {
      rank_[order[i]] = static_cast<int32_t>(i);
      sorted.push_back(first_seen_[order[i]]);
    }
    return sorted;
  }

 private:
  // Small non-negative integers (category codes, ratings) skip the hash.
  static constexpr double kDirect = 1 << 16;
  absl::flat_hash_map<double, int32_t> seen_;
  std::vector<int32_t> direct_;
  std::vector<double> first_seen_;
  std::vector<int32_t> rank_;
};

// Calls `each(values)` with the values of every pairable unit in [begin, end).
template <typename Each>
absl::Status ForEachPairableUnit(const RatingMatrix& data, int begin, int end, Each&& each) {
  std::vector<double> unit;
  for (int u = begin; u < end; ++u) {
    unit.clear();
    for (int c = 0; c < data.coders(); ++c) {
      const double v = data.at(c, u);
      if (std::isnan(v)) continue;
      if (!std::isfinite(v)) {
        return absl::InvalidArgumentError(absl::StrCat("value ", v, " of unit ", u, " is not finite"));
      }
      unit.push_back(v);
    }
    if (unit.size() >= 2) each(unit);
  }
  return absl::OkStatus();
}

// The distinct values of the pairable data and their counts; with few
// distinct values also the coincidences o_ck (the first pass gathers them,
// so the observed disagreement needs no second pass over the data).
struct Pairable {
  std::vector<double> distinct;  // Sorted.
  std::vector<double> counts;    // n_c per distinct value.
  double n = 0;
  Categories categories;
  // V×V in sorted order, or empty when there were too many values.
  std::vector<double> coincidences;
};

// Coincidences are gathered while a range has at most this many values.
constexpr int32_t kCoincidenceLimit = 256;

// Splits the units into contiguous ranges, one per worker thread (one
// thread for small data), runs `work(range, begin, end)` on each and returns
// the first error in unit order.
template <typename Work>
absl::Status InParallel(const RatingMatrix& data, int ranges, Work&& work) {
  std::vector<absl::Status> status(ranges);
  std::vector<std::thread> threads;
  for (int r = 0; r < ranges; ++r) {
    const int begin = static_cast<int>(static_cast<int64_t>(data.units()) * r / ranges);
    const int end = static_cast<int>(static_cast<int64_t>(data.units()) * (r + 1) / ranges);
    if (r + 1 == ranges) {
      status[r] = work(r, begin, end);
    } else {
      threads.emplace_back([&, r, begin, end] { status[r] = work(r, begin, end); });
    }
  }
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : status) THEMATICA_RETURN_IF_ERROR(s);
  return absl::OkStatus();
}

int RangesFor(const RatingMatrix& data, bool parallel) {
  constexpr int kUnitsPerThread = 200000;
  if (!parallel) return 1;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::clamp(data.units() / kUnitsPerThread, 1, std::min(cores, 8));
}

// One range's pass over its units: its own numbering of the values, their
// counts, and the coincidences by local ids while the range has at most
// kCoincidenceLimit values.
struct RangeTally {
  Categories categories;
  std::vector<double> counts;  // Per local id.
  std::vector<double> pairs;   // kCoincidenceLimit² by local ids.
  bool pairs_ok = true;

  void Add(const std::vector<double>& unit, std::vector<int32_t>& ids) {
    constexpr int32_t kLimit = kCoincidenceLimit;
    ids.clear();
    for (double v : unit) {
      const int32_t c = categories.Add(v);
      if (static_cast<size_t>(c) >= counts.size()) counts.resize(c + 1, 0);
      counts[c] += 1;
      ids.push_back(c);
    }
    if (!pairs_ok) return;
    const double weight = 1.0 / static_cast<double>(ids.size() - 1);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] >= kLimit) {
        pairs_ok = false;
        return;
      }
      for (size_t j = i + 1; j < ids.size(); ++j) {
        if (ids[j] >= kLimit) {
          pairs_ok = false;
          return;
        }
        pairs[static_cast<size_t>(ids[i]) * kLimit + ids[j]] += weight;
      }
    }
  }
};

absl::StatusOr<std::vector<RangeTally>> TallyRanges(const RatingMatrix& data, int ranges) {
  std::vector<RangeTally> tallies(ranges);
  THEMATICA_RETURN_IF_ERROR(InParallel(data, ranges, [&](int r, int begin, int end) {
    std::vector<int32_t> ids;
    RangeTally& tally = tallies[r];
    tally.pairs.assign(static_cast<size_t>(kCoincidenceLimit) * kCoincidenceLimit, 0);
    return ForEachPairableUnit(data, begin, end,
                               [&](const std::vector<double>& unit) { tally.Add(unit, ids); });
  }));
  return tallies;
}

// Numbers the values of every range in p.categories (first as seen) and sums
// their counts into p.n and, per first-seen id, `first_seen_counts`. Returns,
// per range, its local ids' first-seen ids.
std::vector<std::vector<int32_t>> MergeNumberings(const std::vector<RangeTally>& tallies, Pairable& p,
                                                  std::vector<double>& first_seen_counts) {
  std::vector<std::vector<int32_t>> global_id(tallies.size());
  for (size_t r = 0; r < tallies.size(); ++r) {
    for (size_t c = 0; c < tallies[r].counts.size(); ++c) {
      const int32_t g = p.categories.Add(tallies[r].categories.first_seen()[c]);
      global_id[r].push_back(g);
      if (static_cast<size_t>(g) >= first_seen_counts.size()) first_seen_counts.resize(g + 1, 0);
      first_seen_counts[g] += tallies[r].counts[c];
      p.n += tallies[r].counts[c];
    }
  }
  return global_id;
}

// o_ck in sorted order from the ranges' coincidences: both orders of every
// pair, each with weight 1/(m_u − 1).
std::vector<double> MergeCoincidences(const std::vector<RangeTally>& tallies,
                                      const std::vector<std::vector<int32_t>>& global_id,
                                      const Categories& categories, size_t v) {
  std::vector<double> out(v * v, 0);
  for (size_t r = 0; r < tallies.size(); ++r) {
    const size_t n = tallies[r].counts.size();
    for (size_t a = 0; a < n; ++a) {
      for (size_t b = 0; b < n; ++b) {
        const double x = tallies[r].pairs[a * kCoincidenceLimit + b];
        if (x == 0) continue;
        const size_t c = categories.RankOf(global_id[r][a]);
        const size_t k = categories.RankOf(global_id[r][b]);
        out[c * v + k] += x;
        out[k * v + c] += x;
      }
    }
  }
  return out;
}

absl::StatusOr<Pairable> PairableValues(const RatingMatrix& data, int ranges) {
  if (data.coders() < 1 || data.units() < 0 ||
      data.size() != static_cast<size_t>(data.coders()) * data.units()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reliability data: ", data.size(), " values for ", data.coders(), " coders × ", data.units(),
        " units"));
  }
  // Each range numbers and counts its values and gathers coincidences in its
  // own numbering; the numberings merge after.
  THEMATICA_ASSIGN_OR_RETURN(const std::vector<RangeTally> tallies, TallyRanges(data, ranges));
  Pairable p;
  std::vector<double> first_seen_counts;
  const std::vector<std::vector<int32_t>> global_id = MergeNumberings(tallies, p, first_seen_counts);
  if (p.n < 2) {
    return absl::FailedPreconditionError(
        "alpha is undefined: no unit has two or more values (nothing is pairable)");
  }
  p.distinct = p.categories.Finish();
  p.counts.assign(p.distinct.size(), 0);
  for (size_t c = 0; c < first_seen_counts.size(); ++c) {
    p.counts[p.categories.RankOf(static_cast<int32_t>(c))] = first_seen_counts[c];
  }
  if (std::all_of(tallies.begin(), tallies.end(), [](const RangeTally& t) { return t.pairs_ok; })) {
    p.coincidences = MergeCoincidences(tallies, global_id, p.categories, p.distinct.size());
  }
  return p;
}

// δ² between categories (positions in the sorted distinct values).
class Distance {
 public:
  Distance(const Pairable& p, Metric metric) : p_(p), metric_(metric) {
    if (metric == Metric::kOrdinal) {
      prefix_.assign(p.counts.size() + 1, 0);
      for (size_t i = 0; i < p.counts.size(); ++i) prefix_[i + 1] = prefix_[i] + p.counts[i];
    }
    // Few categories (the usual case): a V×V table makes each pair a lookup.
    const size_t v = p.distinct.size();
    if (v <= kTableLimit) {
      table_.resize(v * v);
      for (size_t c = 0; c < v; ++c) {
        for (size_t k = 0; k < v; ++k) table_[c * v + k] = Compute(static_cast<int>(c), static_cast<int>(k));
      }
    }
  }
  double operator()(int c, int k) const {
    return table_.empty() ? Compute(c, k) : table_[static_cast<size_t>(c) * p_.distinct.size() + k];
  }

 private:
  static constexpr size_t kTableLimit = 1024;
  double Compute(int c, int k) const {
    const double a = p_.distinct[c], b = p_.distinct[k];
    switch (metric_) {
      case Metric::kNominal:
        return c == k ? 0.0 : 1.0;
      case Metric::kInterval:
        return (a - b) * (a - b);
      case Metric::kRatio: {
        const double s = a + b;
        return s == 0 ? 0.0 : ((a - b) / s) * ((a - b) / s);
      }
      case Metric::kOrdinal: {
        if (c > k) std::swap(c, k);
        const double g = prefix_[k + 1] - prefix_[c] - (p_.counts[c] + p_.counts[k]) / 2;
        return g * g;
      }
    }
    return 0;
  }
  const Pairable& p_;
  Metric metric_;
  std::vector<double> prefix_;
  std::vector<double> table_;
};

// Σ_c Σ_k n_c n_k δ²(c, k).
absl::StatusOr<double> ExpectedSum(const Pairable& p, Metric metric, const Distance& delta) {
  const std::vector<double>& n = p.counts;
  const std::vector<double>& v = p.distinct;
  switch (metric) {
    case Metric::kNominal: {
      double squares = 0;
      for (double c : n) squares += c * c;
      return p.n * p.n - squares;
    }
    case Metric::kInterval: {
      // Σ n_c n_k (v_c − v_k)² = 2 N Σ n_c (v_c − mean)².
      double mean = 0;
      for (size_t i = 0; i < v.size(); ++i) mean += n[i] * v[i];
      mean /= p.n;
      double s2 = 0;
      for (size_t i = 0; i < v.size(); ++i) s2 += n[i] * (v[i] - mean) * (v[i] - mean);
      return 2 * p.n * s2;
    }
    case Metric::kOrdinal:
    case Metric::kRatio: {
      if (v.size() > kMaxPairwiseValues) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the data have ", v.size(), " distinct values; ordinal and ratio alpha compare every "
            "pair of them and are limited to ", kMaxPairwiseValues));
      }
      double sum = 0;
      for (size_t c = 0; c < v.size(); ++c) {
        for (size_t k = c + 1; k < v.size(); ++k) {
          sum += 2 * n[c] * n[k] * delta(static_cast<int>(c), static_cast<int>(k));
        }
      }
      return sum;
    }
  }
  return 0.0;
}

// Σ_u Σ_{i<j} 2 δ²(c_i, c_j) / (m_u − 1) over units [begin, end), calling
// `each(weight, δ²)` per unordered pair.
template <typename Each>
absl::Status ObservedSum(const RatingMatrix& data, int begin, int end, const Pairable& p,
                         const Distance& delta, double& sum, Each&& each) {
  std::vector<int32_t> ranks;
  double total = 0;  // Local: threads writing `sum` per unit would share a cache line.
  absl::Status status = ForEachPairableUnit(data, begin, end, [&](const std::vector<double>& unit) {
    ranks.clear();
    for (double v : unit) ranks.push_back(p.categories.Rank(v));
    const double weight = 2.0 / static_cast<double>(ranks.size() - 1);
    double within = 0;
    for (size_t i = 0; i < ranks.size(); ++i) {
      for (size_t j = i + 1; j < ranks.size(); ++j) {
        const double d = delta(ranks[i], ranks[j]);
        each(weight, d);
        within += d;
      }
    }
    total += weight * within;
  });
  sum = total;
  return status;
}

absl::Status NoVariation() {
  return absl::FailedPreconditionError(
      "alpha is undefined: all pairable values are equal (no variation to agree on)");
}


}  // namespace

absl::StatusOr<double> KrippendorffAlpha(const SquareTable& table) {
  const int q = table.q();
  const double pairs = table.total();
  if (pairs < 1) return absl::FailedPreconditionError("alpha is undefined: the table is empty");
  std::vector<double> n(q, 0);
  double disagreements = 0;
  for (int i = 0; i < q; ++i) {
    for (int j = 0; j < q; ++j) {
      n[i] += table.at(i, j);
      n[j] += table.at(i, j);
      if (i != j) disagreements += 2 * table.at(i, j);
    }
  }
  double expected = 0;
  for (int i = 0; i < q; ++i) {
    for (int j = 0; j < q; ++j) {
      if (i != j) expected += n[i] * n[j];
    }
  }
  if (expected <= 0) THEMATICA_RETURN_IF_ERROR(NoVariation());
  return 1 - (2 * pairs - 1) * disagreements / expected;
}

absl::StatusOr<double> KrippendorffAlpha(const RatingMatrix& data, Metric metric) {
  const int ranges = RangesFor(data, /*parallel=*/true);
  THEMATICA_ASSIGN_OR_RETURN(Pairable p, PairableValues(data, ranges));
  if (p.distinct.size() < 2) return NoVariation();
  const Distance delta(p, metric);
  THEMATICA_ASSIGN_OR_RETURN(double expected, ExpectedSum(p, metric, delta));
  if (expected <= 0) return NoVariation();
  double observed = 0;
  if (!p.coincidences.empty()) {
    // Σ_ck o_ck δ²(c, k): the same sum as ObservedSum, from the coincidences.
    const int v = static_cast<int>(p.distinct.size());
    for (int c = 0; c < v; ++c) {
      for (int k = 0; k < v; ++k) observed += p.coincidences[static_cast<size_t>(c) * v + k] * delta(c, k);
    }
  } else {
    std::vector<double> sums(ranges, 0);
    THEMATICA_RETURN_IF_ERROR(InParallel(data, ranges, [&](int r, int begin, int end) {
      return ObservedSum(data, begin, end, p, delta, sums[r], [](double, double) {});
    }));
    observed = std::accumulate(sums.begin(), sums.end(), 0.0);
  }
  return 1 - (p.n - 1) * observed / expected;
}

absl::StatusOr<AlphaBootstrap> BootstrapAlpha(const RatingMatrix& data, Metric metric, int replicates,
                                              uint64_t seed, double confidence,
                                              std::vector<double> minimums) {
  if (replicates < 1) return absl::InvalidArgumentError("replicates must be at least 1");
  if (!(confidence > 0 && confidence < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("confidence ", confidence, " is not in (0, 1)"));
  }
  THEMATICA_ASSIGN_OR_RETURN(Pairable p, PairableValues(data, /*ranges=*/1));
  if (p.distinct.size() < 2) return NoVariation();
  const Distance delta(p, metric);
  THEMATICA_ASSIGN_OR_RETURN(double expected, ExpectedSum(p, metric, delta));
  if (expected <= 0) return NoVariation();
  std::vector<double> cumulative, deltas;
  double total_weight = 0, observed = 0;
  THEMATICA_RETURN_IF_ERROR(ObservedSum(data, 0, data.units(), p, delta, observed, [&](double weight, double d) {
    total_weight += weight;
    cumulative.push_back(total_weight);
    deltas.push_back(d);
  }));
  AlphaBootstrap out;
  out.alpha = 1 - (p.n - 1) * observed / expected;
  out.confidence = confidence;
  out.minimums = std::move(minimums);
  out.replicates = replicates;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, total_weight);
  const size_t pairs = deltas.size();
  std::vector<double> alphas;
  alphas.reserve(replicates);
  for (int r = 0; r < replicates; ++r) {
    THEMATICA_RETURN_IF_ERROR(CheckInterrupt("the bootstrap"));
    double sum = 0;
    for (size_t i = 0; i < pairs; ++i) {
      const size_t k = static_cast<size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), uniform(rng)) - cumulative.begin());
      sum += deltas[std::min(k, pairs - 1)];
    }
    // Each draw stands for total_weight / pairs of the observed sum's weight.
    alphas.push_back(1 - (p.n - 1) * (sum * total_weight / pairs) / expected);
  }
  std::sort(alphas.begin(), alphas.end());
  auto quantile = [&](double q) {
    const double pos = q * (alphas.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, alphas.size() - 1);
    return alphas[lo] + (pos - lo) * (alphas[hi] - alphas[lo]);
  };
  out.low = quantile((1 - confidence) / 2);
  out.high = quantile(1 - (1 - confidence) / 2);
  for (double minimum : out.minimums) {
    const size_t below = static_cast<size_t>(
        std::lower_bound(alphas.begin(), alphas.end(), minimum) - alphas.begin());
    out.probability_below.push_back(static_cast<double>(below) / alphas.size());
  }
  return out;
}

}  // namespace thematica::agreement
