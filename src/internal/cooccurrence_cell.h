// Private: the co-occurrence formulas, shared by Analysis::Cooccurrence
// (analysis.cc) and partials::FinalizeCooccurrence (partials_finalize.cc) so
// that one machine and a merged cluster give the same doubles.
#ifndef THEMATICA_SRC_INTERNAL_COOCCURRENCE_CELL_H_
#define THEMATICA_SRC_INTERNAL_COOCCURRENCE_CELL_H_

#include "thematica/analysis.h"

namespace thematica::internal {

// The diagonal cell of a code: its own count, or 1 when it occurs at all.
inline double CooccurrenceDiagonal(Measure measure, double own) {
  return measure == Measure::kCount ? own : (own > 0 ? 1 : 0);
}

// Whether a cell reads `involved` (the Jaccard of excerpts): only then is it
// counted.
inline bool UsesInvolved(Measure measure, Unit unit) { return measure == Measure::kJaccard && unit == Unit::kExcerpts; }

// An off-diagonal cell from the codes' own counts, the pair's count and (for
// the Jaccard of excerpts) the codings of either code that overlap the other.
inline double CooccurrenceCell(Measure measure, Unit unit, double own_a, double own_b, double pair,
                               double involved) {
  switch (measure) {
    case Measure::kCount:
      return pair;
    case Measure::kJaccard:
      if (unit == Unit::kExcerpts) {
        const double total = own_a + own_b;
        return total > 0 ? involved / total : 0;
      } else {
        const double either = own_a + own_b - pair;
        return either > 0 ? pair / either : 0;
      }
    case Measure::kC: {
      const double denominator = own_a + own_b - pair;
      return denominator > 0 ? pair / denominator : 0;
    }
  }
  return 0;
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_COOCCURRENCE_CELL_H_
