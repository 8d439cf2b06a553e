// Krippendorff's unitized alphas on the text continuum (Krippendorff,
// Mathet, Bouvry & Widlöcher 2016, Quality & Quantity 50; Krippendorff 2019,
// Content Analysis, 4th ed., §12.6): uα, the binary |uα, cuα and the per-code
// (k)uα with coverage — the family ATLAS.ti reports as "alpha binary",
// "cu-alpha" and "Cu-alpha".
//
//   auto r = thematica::UnitizedAlphas(project, {ana, ben}, {code_a, code_b});
//   double u = r->u_alpha;
//
// The continuum is the project's documents one after another, in code
// points. Each coder's codings with the compared codes (a semantic domain:
// codes that exclude each other) must not overlap one another; a coder's
// overlapping codings of the same code are merged first. Everything a coder
// left uncoded is a gap (φ).
#ifndef THEMATICA_UNITIZED_ALPHA_H_
#define THEMATICA_UNITIZED_ALPHA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "thematica/project.h"

namespace thematica {

// One valued segment of a coder's record: [start, end) with a value index
// (0-based); the gaps between segments are φ.
struct ValuedSegment {
  int64_t start = 0;
  int64_t end = 0;
  int value = 0;
};

struct UnitizedAlphaResult {
  double u_alpha = 0;       // uα over all values and gaps.
  double binary_alpha = 0;  // |uα: coded versus not coded.
  // cuα among the valued segments (no value when fewer than two values are
  // paired, or nothing valued overlaps), and its coverage ℓ*.. / ℓ..
  std::optional<double> cu_alpha;
  double cu_coverage = 0;
  struct PerValue {
    std::optional<double> alpha;  // (k)uα; no value when undefined.
    double coverage = 0;          // ℓ*_k / ℓ_k: share of k paired with valued segments.
  };
  std::vector<PerValue> per_value;  // Indexed like the values.
};

// The alphas of `records` (one per coder, at least two coders) of valued
// segments on [0, length), with `values` distinct values. Segments must lie
// inside the continuum and a coder's segments must not overlap.
absl::StatusOr<UnitizedAlphaResult> UnitizedAlphas(
    int64_t length, int values, const std::vector<std::vector<ValuedSegment>>& records);

// The same on a project: coders by id (at least two), codes by id (the
// values, in order); documents concatenated into one continuum.
absl::StatusOr<UnitizedAlphaResult> UnitizedAlphas(const Project& project,
                                                   const std::vector<std::string>& coder_ids,
                                                   const std::vector<std::string>& code_ids);

}  // namespace thematica

#endif  // THEMATICA_UNITIZED_ALPHA_H_
