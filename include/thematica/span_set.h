// SpanSet: a set of code points of one text, held as sorted, disjoint,
// non-empty half-open spans, with the set algebra that queries, agreement
// and reports need (union, intersection, difference, proximity, measure).
//
//   thematica::SpanSet a = thematica::SpanSet::FromSpans({{0, 5}, {5, 9}, {20, 30}});
//   // a.spans() == {[0, 9), [20, 30)}: touching spans merge.
//   thematica::SpanSet b = thematica::SpanSet::FromSpans({{8, 22}});
//   a.Intersection(b).Measure();   // 3: [8, 9) and [20, 22)
//   a.Near(b, 0).spans();          // {[0, 30)}: every piece touches b
//
// The touching rule, stated once for the whole library: two spans [a, b) and
// [b, c) share no code point (Span::Overlaps is false), and a SpanSet holds
// their union as ONE span [a, c) — the canonical form. Every operation below
// returns the canonical form. A caller that must keep the pieces apart (a
// coder's two adjacent segments are two units for unitized alpha) builds the
// set with Touching::kKeepApart: overlapping spans still merge, touching ones
// stay separate pieces; the code points held are the same either way.
//
// Unit: Unicode code points, like Span. Empty spans are dropped.
// Complexity: operations are linear in the number of pieces of both sides;
// FromSpans sorts (O(n log n)) unless its input is already sorted.
#ifndef THEMATICA_SPAN_SET_H_
#define THEMATICA_SPAN_SET_H_

#include <cstdint>
#include <vector>

#include "thematica/span.h"

namespace thematica {

class SpanSet {
 public:
  // Whether two touching spans ([a, b) and [b, c)) become one piece.
  enum class Touching { kMerge, kKeepApart };

  SpanSet() = default;
  // The set covering `span` (empty when the span is).
  explicit SpanSet(Span span);

  // The code points of any of `spans` (any order, overlaps allowed).
  static SpanSet FromSpans(std::vector<Span> spans, Touching touching = Touching::kMerge);

  // The pieces, sorted by start, disjoint and non-empty.
  const std::vector<Span>& spans() const { return spans_; }
  std::vector<Span>::const_iterator begin() const { return spans_.begin(); }
  std::vector<Span>::const_iterator end() const { return spans_.end(); }
  size_t size() const { return spans_.size(); }
  bool empty() const { return spans_.empty(); }

  // Number of code points held (the total length of the pieces).
  int64_t Measure() const;
  // Number of code points held by both (Intersection(other).Measure()
  // without building the intersection).
  int64_t IntersectionMeasure(const SpanSet& other) const;

  SpanSet Union(const SpanSet& other) const;
  SpanSet Intersection(const SpanSet& other) const;
  // The part of this set inside `window` (Intersection(SpanSet(window)) in
  // O(log n) plus the pieces it returns).
  SpanSet Clip(Span window) const;
  // The code points of this set that `other` does not hold.
  SpanSet Difference(const SpanSet& other) const;
  // The pieces of this set that lie within `distance` code points of a piece
  // of `other`, and the pieces of `other` within `distance` of a piece of
  // this set, united. Pieces at distance 0 touch or overlap; `distance` >= 0.
  SpanSet Near(const SpanSet& other, int64_t distance) const;

  friend bool operator==(const SpanSet&, const SpanSet&) = default;

 private:
  std::vector<Span> spans_;
};

}  // namespace thematica

#endif  // THEMATICA_SPAN_SET_H_
