// Span: a half-open range [start, end) of a document's text.
//
// Unit: Unicode code points (the indices a Python `str` uses), never bytes.
// Touching spans ([0,5) and [5,9)) do not overlap; an empty span overlaps
// nothing.
//
//   thematica::Span a{0, 10}, b{5, 12};
//   a.Overlaps(b);             // true
//   a.Intersection(b).length() // 5
#ifndef THEMATICA_SPAN_H_
#define THEMATICA_SPAN_H_

#include <algorithm>
#include <compare>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

namespace thematica {

struct Span {
  int64_t start = 0;  // First code point.
  int64_t end = 0;    // One past the last code point.

  int64_t length() const { return end - start; }
  bool empty() const { return end <= start; }

  // True when the two spans share at least one code point.
  bool Overlaps(const Span& other) const {
    return start < other.end && other.start < end && !empty() &&
           !other.empty();
  }
  // True when `other` lies entirely inside this span.
  bool Contains(const Span& other) const {
    return start <= other.start && other.end <= end;
  }
  bool Contains(int64_t position) const {
    return start <= position && position < end;
  }
  // The shared part; empty (length 0) when the spans do not overlap.
  Span Intersection(const Span& other) const {
    Span s{std::max(start, other.start), std::min(end, other.end)};
    if (s.end < s.start) s.end = s.start;
    return s;
  }

  friend auto operator<=>(const Span&, const Span&) = default;
  friend bool operator==(const Span&, const Span&) = default;
};

inline std::string SpanToString(const Span& s) {
  return absl::StrCat("[", s.start, ", ", s.end, ")");
}

}  // namespace thematica

#endif  // THEMATICA_SPAN_H_
