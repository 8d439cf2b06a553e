#include "thematica/unitized_alpha.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "internal/lookup.h"
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

// The coincidences of all pairs of coders: ℓ_ck (v × v, values and φ, over
// m - 1), W_c (|S|² for valued segments, |S| for gaps) and W*_c (from the
// valued pieces' overlaps with other coders' valued pieces).
struct Coincidences {
  int v = 0;  // Values and φ.
  std::vector<double> l, w, w_star;
  double at(int c, int k) const { return l[static_cast<size_t>(c) * v + k]; }
};

Coincidences Count(const std::vector<std::vector<Piece>>& parts, int values) {
  const size_t m = parts.size();
  const int v = values + 1;
  const int phi = values;
  Coincidences out;
  out.v = v;
  std::vector<double>& l = out.l;
  l.assign(static_cast<size_t>(v) * v, 0);
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
  out.w.assign(v, 0);
  out.w_star.assign(values, 0);
  for (size_t i = 0; i < m; ++i) {
    for (size_t k = 0; k < parts[i].size(); ++k) {
      const Piece& p = parts[i][k];
      const double size = static_cast<double>(p.end - p.start);
      out.w[p.value] += p.value == phi ? size : size * size;
      if (p.value != phi) {
        const double c = valued_overlap[i][k] * scale;
        out.w_star[p.value] += c * c;
      }
    }
  }
  return out;
}

// The margins of the first `n` rows and columns of ℓ (n = v: uα and |uα;
// n = values: the valued-by-valued part, cuα and (k)uα) with their weights,
// and the expected coincidences from them.
struct Margins {
  std::vector<double> of;
  double total = 0, weights_total = 0;
  const std::vector<double>* weights = nullptr;
  double Denominator() const { return total * total - weights_total; }
  double Expected(int c, int k) const {
    return total * (of[c] * of[k] - (c == k ? (*weights)[c] : 0)) / Denominator();
  }
};

Margins MarginsOf(const Coincidences& t, int n, const std::vector<double>& weights) {
  Margins out;
  out.of.assign(n, 0);
  out.weights = &weights;
  for (int c = 0; c < n; ++c) {
    for (int k = 0; k < n; ++k) out.of[c] += t.at(c, k);
    out.total += out.of[c];
    out.weights_total += weights[c];
  }
  return out;
}

// uα (all values and φ) and |uα (valued against φ).
absl::Status OverallAlphas(const Coincidences& t, const Margins& all, int phi, UnitizedAlphaResult& result) {
  double observed_off = 0, expected_off = 0, observed_binary = 0, expected_binary = 0;
  for (int c = 0; c < t.v; ++c) {
    for (int k = 0; k < t.v; ++k) {
      if (c == k) continue;
      observed_off += t.at(c, k);
      expected_off += all.Expected(c, k);
      if (c == phi || k == phi) {
        observed_binary += t.at(c, k);
        expected_binary += all.Expected(c, k);
      }
    }
  }
  if (expected_off <= 0 || expected_binary <= 0) {
    return absl::FailedPreconditionError(
        "unitized alpha is undefined: no variation (nothing coded, or everything coded alike)");
  }
  result.u_alpha = 1 - Ratio(observed_off, expected_off);
  result.binary_alpha = 1 - Ratio(observed_binary, expected_binary);
  return absl::OkStatus();
}

// cuα and (k)uα, on the valued-by-valued part (`valued`, with a total and a
// denominator above 0).
void ValuedAlphas(const Coincidences& t, const Margins& all, const Margins& valued, int values,
                  UnitizedAlphaResult& result) {
  double observed_star = 0, expected_star_off = 0;
  for (int c = 0; c < values; ++c) {
    for (int k = 0; k < values; ++k) {
      if (c == k) continue;
      observed_star += t.at(c, k);
      expected_star_off += valued.Expected(c, k);
    }
  }
  if (expected_star_off > 0) result.cu_alpha = 1 - Ratio(observed_star, expected_star_off);
  for (int k = 0; k < values; ++k) {
    UnitizedAlphaResult::PerValue& r = result.per_value[k];
    r.coverage = all.of[k] > 0 ? valued.of[k] / all.of[k] : 0;
    if (valued.of[k] <= 0) continue;
    const double disagreement = valued.of[k] - t.at(k, k);
    if (disagreement <= 0) {
      r.alpha = 1.0;  // Within its coverage, k is always paired with k.
      continue;
    }
    double expected_k = 0;
    for (int c = 0; c < values; ++c) expected_k += valued.Expected(k, c);
    const double expected_disagreement = expected_k - valued.Expected(k, k);
    if (expected_disagreement > 0) {
      r.alpha = 1 - (expected_k / valued.of[k]) * disagreement / expected_disagreement;
    }
  }
}

}  // namespace

absl::StatusOr<UnitizedAlphaResult> UnitizedAlphas(
    int64_t length, int values, const std::vector<std::vector<ValuedSegment>>& records) {
  const size_t m = records.size();
  if (m < 2) return absl::InvalidArgumentError("unitized alpha needs at least two coders");
  if (length <= 0) return absl::FailedPreconditionError("unitized alpha is undefined on an empty continuum");
  if (values < 1) return absl::InvalidArgumentError("unitized alpha needs at least one value");
  std::vector<std::vector<Piece>> parts;
  for (size_t i = 0; i < m; ++i) {
    THEMATICA_ASSIGN_OR_RETURN(std::vector<Piece> p, Partition(length, values, records[i], i));
    parts.push_back(std::move(p));
  }
  const Coincidences t = Count(parts, values);
  const Margins all = MarginsOf(t, t.v, t.w);
  UnitizedAlphaResult result;
  THEMATICA_RETURN_IF_ERROR(OverallAlphas(t, all, /*phi=*/values, result));
  const Margins valued = MarginsOf(t, values, t.w_star);
  result.cu_coverage = valued.total / all.total;
  result.per_value.resize(values);
  if (valued.total > 0 && valued.Denominator() > 0) ValuedAlphas(t, all, valued, values, result);
  return result;
}

absl::StatusOr<UnitizedAlphaResult> UnitizedAlphas(const Project& project,
                                                   const std::vector<std::string>& coder_ids,
                                                   const std::vector<std::string>& code_ids) {
  if (coder_ids.size() < 2) return absl::InvalidArgumentError("unitized alpha needs at least two coders");
  if (code_ids.empty()) return absl::InvalidArgumentError("unitized alpha needs at least one code");
  absl::flat_hash_map<std::string, size_t> coder_index;
  for (const std::string& id : coder_ids) {
    if (project.FindCoder(id) == nullptr) return internal::NotFound("coder", id);
    if (!coder_index.emplace(id, coder_index.size()).second) {
      return absl::InvalidArgumentError(absl::StrCat("coder ", project.FindCoder(id)->name, " is given twice"));
    }
  }
  absl::flat_hash_map<std::string, int> value;
  for (const std::string& id : code_ids) {
    if (project.FindCode(id) == nullptr) return internal::NotFound("code", id);
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
