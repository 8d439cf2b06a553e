#include "thematica/span_set.h"

#include <algorithm>
#include <utility>

namespace thematica {
namespace {

// Appends `s` (non-empty, starting at or after out.back().start) to the
// canonical form being built: joined to the last piece when they touch or
// overlap.
void Append(std::vector<Span>& out, const Span& s) {
  if (!out.empty() && s.start <= out.back().end) {
    out.back().end = std::max(out.back().end, s.end);
  } else {
    out.push_back(s);
  }
}

}  // namespace

SpanSet::SpanSet(Span span) {
  if (!span.empty()) spans_.push_back(span);
}

SpanSet SpanSet::FromSpans(std::vector<Span> spans, Touching touching) {
  if (!std::is_sorted(spans.begin(), spans.end())) std::sort(spans.begin(), spans.end());
  // Compacts in place: `kept` pieces at the front, the rest still to read.
  size_t kept = 0;
  for (const Span& s : spans) {
    if (s.empty()) continue;
    if (kept > 0) {
      Span& last = spans[kept - 1];
      if (s.start < last.end || (s.start == last.end && touching == Touching::kMerge)) {
        last.end = std::max(last.end, s.end);
        continue;
      }
    }
    spans[kept++] = s;
  }
  spans.resize(kept);
  SpanSet out;
  out.spans_ = std::move(spans);
  return out;
}

int64_t SpanSet::Measure() const {
  int64_t n = 0;
  for (const Span& s : spans_) n += s.length();
  return n;
}

int64_t SpanSet::IntersectionMeasure(const SpanSet& other) const {
  const std::vector<Span>& a = spans_;
  const std::vector<Span>& b = other.spans_;
  int64_t n = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    n += a[i].Intersection(b[j]).length();
    if (a[i].end < b[j].end) ++i; else ++j;
  }
  return n;
}

SpanSet SpanSet::Union(const SpanSet& other) const {
  const std::vector<Span>& a = spans_;
  const std::vector<Span>& b = other.spans_;
  SpanSet out;
  out.spans_.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool from_a = j == b.size() || (i < a.size() && a[i] < b[j]);
    Append(out.spans_, from_a ? a[i++] : b[j++]);
  }
  return out;
}

SpanSet SpanSet::Intersection(const SpanSet& other) const {
  const std::vector<Span>& a = spans_;
  const std::vector<Span>& b = other.spans_;
  SpanSet out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const Span s = a[i].Intersection(b[j]);
    if (!s.empty()) Append(out.spans_, s);
    if (a[i].end < b[j].end) ++i; else ++j;
  }
  return out;
}

SpanSet SpanSet::Clip(Span window) const {
  SpanSet out;
  if (window.empty()) return out;
  // Pieces are disjoint and sorted, so their ends are sorted too.
  auto it = std::upper_bound(spans_.begin(), spans_.end(), window.start,
                             [](int64_t position, const Span& s) { return position < s.end; });
  for (; it != spans_.end() && it->start < window.end; ++it) Append(out.spans_, it->Intersection(window));
  return out;
}

SpanSet SpanSet::Difference(const SpanSet& other) const {
  const std::vector<Span>& b = other.spans_;
  SpanSet out;
  size_t j = 0;
  for (Span s : spans_) {
    while (j < b.size() && b[j].end <= s.start) ++j;
    for (size_t k = j; k < b.size() && b[k].start < s.end; ++k) {
      if (b[k].start > s.start) Append(out.spans_, {s.start, b[k].start});
      s.start = std::max(s.start, b[k].end);
    }
    if (s.start < s.end) Append(out.spans_, s);
  }
  return out;
}

SpanSet SpanSet::Near(const SpanSet& other, int64_t distance) const {
  // The pieces of `from` within `distance` of a piece of `to`: pieces of `to`
  // ending too far left of one piece of `from` end too far left of every
  // later one, so one pointer sweeps `to` once.
  auto close = [distance](const std::vector<Span>& from, const std::vector<Span>& to) {
    SpanSet kept;
    size_t j = 0;
    for (const Span& x : from) {
      while (j < to.size() && x.start - to[j].end > distance) ++j;
      if (j < to.size() && to[j].start - x.end <= distance) kept.spans_.push_back(x);
    }
    return kept;
  };
  return close(spans_, other.spans_).Union(close(other.spans_, spans_));
}

}  // namespace thematica
