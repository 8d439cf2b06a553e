#include "thematica/unitized_alpha.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "thematica/span_set.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

// A coder's record as a partition of [0, L): valued segments and gaps.
struct Piece {
  int64_t start, end;
  int value;  // 0..V-1, or V for a gap (φ).
};

absl::StatusOr<std::vector<Piece>> Partition(int64_t length, int values,
                                             std::vector<ValuedSegment> segments, size_t coder) {
  std::sort(segments.begin(), segments.end(),
            [](const ValuedSegment& a, const ValuedSegment& b) { return a.start < b.start; });
  std::vector<Piece> pieces;
  int64_t at = 0;
  for (const ValuedSegment& s : segments) {
    if (s.start < 0 || s.end > length || s.end <= s.start) {
      return absl::InvalidArgumentError(absl::StrCat("coder ", coder, ": segment [", s.start, ", ", s.end,
                                                     ") is not a non-empty part of [0, ", length, ")"));
    }
    if (s.value < 0 || s.value >= values) {
      return absl::InvalidArgumentError(absl::StrCat("coder ", coder, ": value ", s.value, " out of range"));
    }
    if (s.start < at) {
      return absl::InvalidArgumentError(absl::StrCat(
          "coder ", coder, ": segments overlap at ", s.start,
          "; unitized alpha needs each coder's segments to exclude each other"));
    }
    if (s.start > at) pieces.push_back({at, s.start, values});
    pieces.push_back({s.start, s.end, s.value});
    at = s.end;
  }
  if (at < length) pieces.push_back({at, length, values});
  return pieces;
}

double Ratio(double numerator, double denominator) { return numerator / denominator; }

}  // namespace

absl::StatusOr<UnitizedAlphaResult> UnitizedAlphas(
    int64_t length, int values, const std::vector<std::vector<ValuedSegment>>& records) {
  const size_t m = records.size();
  if (m < 2) return absl::InvalidArgumentError("unitized alpha needs at least two coders");
  if (length <= 0) return absl::FailedPreconditionError("unitized alpha is undefined on an empty continuum");
  if (values < 1) return absl::InvalidArgumentError("unitized alpha needs at least one value");
  const int v = values + 1;  // Values and φ.
  const int phi = values;
  std::vector<std::vector<Piece>> parts;
  for (size_t i = 0; i < m; ++i) {
    THEMATICA_ASSIGN_OR_RETURN(std::vector<Piece> p, Partition(length, values, records[i], i));
    parts.push_back(std::move(p));
  }
  // ℓ_ck and, per valued piece, its overlap with other coders' valued pieces.
  std::vector<double> l(static_cast<size_t>(v) * v, 0);
  std::vector<std::vector<double>> valued_overlap(m);
  for (size_t i = 0; i < m; ++i) valued_overlap[i].assign(parts[i].size(), 0);
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < m; ++j) {
      if (i == j) continue;
      size_t a = 0, b = 0;
      while (a < parts[i].size() && b < parts[j].size()) {
        const Piece& x = parts[i][a];
        const Piece& y = parts[j][b];
        const int64_t shared = std::min(x.end, y.end) - std::max(x.start, y.start);
        if (shared > 0) {
          l[static_cast<size_t>(x.value) * v + y.value] += static_cast<double>(shared);
          if (x.value != phi && y.value != phi) valued_overlap[i][a] += static_cast<double>(shared);
        }
        if (x.end < y.end) ++a; else ++b;
      }
    }
  }
  const double scale = 1.0 / static_cast<double>(m - 1);
  for (double& x : l) x *= scale;
  // W_c: |S|² for valued segments, |S| for gaps; W*_c from valued overlaps.
  std::vector<double> w(v, 0), w_star(values, 0);
  for (size_t i = 0; i < m; ++i) {
    for (size_t k = 0; k < parts[i].size(); ++k) {
      const Piece& p = parts[i][k];
      const double size = static_cast<double>(p.end - p.start);
      w[p.value] += p.value == phi ? size : size * size;
      if (p.value != phi) {
        const double c = valued_overlap[i][k] * scale;
        w_star[p.value] += c * c;
      }
    }
  }
  auto at = [&](const std::vector<double>& matrix, int width, int c, int k) {
    return matrix[static_cast<size_t>(c) * width + k];
  };
  // uα and |uα.
  std::vector<double> margin(v, 0);
  double total = 0, w_total = 0;
  for (int c = 0; c < v; ++c) {
    for (int k = 0; k < v; ++k) margin[c] += at(l, v, c, k);
    total += margin[c];
    w_total += w[c];
  }
  auto expected = [&](int c, int k) {
    return total * (margin[c] * margin[k] - (c == k ? w[c] : 0)) / (total * total - w_total);
  };
  double observed_off = 0, expected_off = 0, observed_binary = 0, expected_binary = 0;
  for (int c = 0; c < v; ++c) {
    for (int k = 0; k < v; ++k) {
      if (c == k) continue;
      observed_off += at(l, v, c, k);
      expected_off += expected(c, k);
      if (c == phi || k == phi) {
        observed_binary += at(l, v, c, k);
        expected_binary += expected(c, k);
      }
    }
  }
  if (expected_off <= 0 || expected_binary <= 0) {
    return absl::FailedPreconditionError(
        "unitized alpha is undefined: no variation (nothing coded, or everything coded alike)");
  }
  UnitizedAlphaResult result;
  result.u_alpha = 1 - Ratio(observed_off, expected_off);
  result.binary_alpha = 1 - Ratio(observed_binary, expected_binary);
  // cuα and (k)uα on the valued-by-valued part.
  std::vector<double> star_margin(values, 0);
  double star_total = 0, w_star_total = 0;
  for (int c = 0; c < values; ++c) {
    for (int k = 0; k < values; ++k) star_margin[c] += at(l, v, c, k);
    star_total += star_margin[c];
    w_star_total += w_star[c];
  }
  result.cu_coverage = star_total / total;
  result.per_value.resize(values);
  const double star_denominator = star_total * star_total - w_star_total;
  auto expected_star = [&](int c, int k) {
    return star_total * (star_margin[c] * star_margin[k] - (c == k ? w_star[c] : 0)) / star_denominator;
  };
  if (star_total > 0 && star_denominator > 0) {
    double observed_star = 0, expected_star_off = 0;
    for (int c = 0; c < values; ++c) {
      for (int k = 0; k < values; ++k) {
        if (c == k) continue;
        observed_star += at(l, v, c, k);
        expected_star_off += expected_star(c, k);
      }
    }
    if (expected_star_off > 0) result.cu_alpha = 1 - Ratio(observed_star, expected_star_off);
    for (int k = 0; k < values; ++k) {
      UnitizedAlphaResult::PerValue& r = result.per_value[k];
      r.coverage = margin[k] > 0 ? star_margin[k] / margin[k] : 0;
      if (star_margin[k] <= 0) continue;
      const double disagreement = star_margin[k] - at(l, v, k, k);
      if (disagreement <= 0) {
        r.alpha = 1.0;  // Within its coverage, k is always paired with k.
        continue;
      }
      double expected_k = 0;
      for (int c = 0; c < values; ++c) expected_k += expected_star(k, c);
      const double expected_disagreement = expected_k - expected_star(k, k);
      if (expected_disagreement > 0) {
        r.alpha = 1 - (expected_k / star_margin[k]) * disagreement / expected_disagreement;
      }
    }
  }
  return result;
}

absl::StatusOr<UnitizedAlphaResult> UnitizedAlphas(const Project& project,
                                                   const std::vector<std::string>& coder_ids,
                                                   const std::vector<std::string>& code_ids) {
  if (coder_ids.size() < 2) return absl::InvalidArgumentError("unitized alpha needs at least two coders");
  if (code_ids.empty()) return absl::InvalidArgumentError("unitized alpha needs at least one code");
  absl::flat_hash_map<std::string, size_t> coder_index;
  for (const std::string& id : coder_ids) {
    if (project.FindCoder(id) == nullptr) return absl::NotFoundError(absl::StrCat("coder ", id, " not found"));
    if (!coder_index.emplace(id, coder_index.size()).second) {
      return absl::InvalidArgumentError(absl::StrCat("coder ", project.FindCoder(id)->name, " is given twice"));
    }
  }
  absl::flat_hash_map<std::string, int> value;
  for (const std::string& id : code_ids) {
    if (project.FindCode(id) == nullptr) return absl::NotFoundError(absl::StrCat("code ", id, " not found"));
    value.emplace(id, static_cast<int>(value.size()));
  }
  absl::flat_hash_map<std::string, int64_t> offset;
  int64_t length = 0;
  for (const Document& d : project.documents()) {
    offset[d.id] = length;
    length += project.DocumentIndex(d.id)->length();
  }
  // Per coder and code, the union of its codings; then the coder's record.
  std::vector<std::vector<ValuedSegment>> records(coder_ids.size());
  std::vector<std::vector<std::vector<Span>>> spans(coder_ids.size(),
                                                    std::vector<std::vector<Span>>(code_ids.size()));
  for (const Excerpt& e : project.excerpts()) {
    auto coder = coder_index.find(e.coder_id);
    if (coder == coder_index.end()) continue;
    for (const std::string& c : e.code_ids) {
      auto k = value.find(c);
      if (k == value.end()) continue;
      const int64_t base = offset.at(e.document_id);
      spans[coder->second][k->second].push_back({base + e.span.start, base + e.span.end});
    }
  }
  for (size_t i = 0; i < coder_ids.size(); ++i) {
    for (size_t k = 0; k < code_ids.size(); ++k) {
      // Overlapping codings are one segment; touching ones stay two units.
      const SpanSet covered = SpanSet::FromSpans(std::move(spans[i][k]), SpanSet::Touching::kKeepApart);
      for (const Span& s : covered) records[i].push_back({s.start, s.end, static_cast<int>(k)});
    }
    std::vector<ValuedSegment>& r = records[i];
    std::sort(r.begin(), r.end(), [](const ValuedSegment& a, const ValuedSegment& b) { return a.start < b.start; });
    for (size_t n = 1; n < r.size(); ++n) {
      if (r[n].start < r[n - 1].end) {
        return absl::FailedPreconditionError(absl::StrCat(
            "coder \"", project.FindCoder(coder_ids[i])->name, "\" coded the same text with \"",
            project.FindCode(code_ids[r[n - 1].value])->name, "\" and \"",
            project.FindCode(code_ids[r[n].value])->name,
            "\"; unitized alpha compares codes that exclude each other: compare them separately"));
      }
    }
  }
  return UnitizedAlphas(length, static_cast<int>(code_ids.size()), records);
}

}  // namespace thematica
