#include "team/text_diff.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "internal/unicode.h"

namespace thematica::team {
namespace {

std::vector<char32_t> CodePoints(absl::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) out.push_back(internal::DecodeAt(text, i));
  return out;
}

// Myers' greedy O(ND) diff of a[0, n) and b[0, m); appends the matching
// diagonals (in a's and b's coordinates plus `offset`) to `runs`. False when
// more than `max_edits` edits are needed.
bool Myers(const char32_t* a, int64_t n, const char32_t* b, int64_t m, int64_t max_edits,
           int64_t offset, std::vector<EqualRun>& runs) {
  const int64_t max = std::min(n + m, max_edits);
  std::vector<int64_t> v(2 * max + 3, 0);
  const int64_t mid = max + 1;
  // trace[d] holds v[-d .. d] as it was before step d.
  std::vector<std::vector<int64_t>> trace;
  int64_t found = -1;
  for (int64_t d = 0; d <= max && found < 0; ++d) {
    trace.emplace_back(v.begin() + mid - d, v.begin() + mid + d + 1);
    for (int64_t k = -d; k <= d; k += 2) {
      int64_t x = (k == -d || (k != d && v[mid + k - 1] < v[mid + k + 1])) ? v[mid + k + 1]
                                                                           : v[mid + k - 1] + 1;
      int64_t y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[mid + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  std::vector<EqualRun> reversed;
  int64_t x = n, y = m;
  for (int64_t d = found; d >= 0; --d) {
    const std::vector<int64_t>& t = trace[d];
    auto at = [&](int64_t k) { return t[k + d]; };
    const int64_t k = x - y;
    int64_t prev_x = 0, prev_y = 0;
    if (d > 0) {
      const int64_t prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
      prev_x = at(prev_k);
      prev_y = prev_x - prev_k;
    }
    // The snake runs from the end of the previous edit to (x, y).
    int64_t sx = x, sy = y;
    while (sx > 0 && sy > 0 && (d == 0 || (sx > prev_x && sy > prev_y)) && a[sx - 1] == b[sy - 1]) {
      --sx, --sy;
    }
    if (sx < x) reversed.push_back({sx + offset, sy + offset, x - sx});
    x = prev_x;
    y = prev_y;
  }
  std::reverse(reversed.begin(), reversed.end());
  runs.insert(runs.end(), reversed.begin(), reversed.end());
  return true;
}

}  // namespace

TextMap::TextMap(std::vector<EqualRun> runs, int64_t old_length, int64_t new_length)
    : old_length_(old_length), new_length_(new_length) {
  for (const EqualRun& r : runs) {
    if (r.length <= 0) continue;
    if (!runs_.empty()) {
      EqualRun& last = runs_.back();
      if (last.old_start + last.length == r.old_start && last.new_start + last.length == r.new_start) {
        last.length += r.length;
        continue;
      }
    }
    runs_.push_back(r);
  }
}

int64_t TextMap::RunAt(int64_t p) const {
  auto it = std::upper_bound(runs_.begin(), runs_.end(), p,
                             [](int64_t pos, const EqualRun& r) { return pos < r.old_start; });
  if (it == runs_.begin()) return -1;
  --it;
  return p < it->old_start + it->length ? it - runs_.begin() : -1;
}

std::optional<Span> TextMap::MapExact(Span span) const {
  if (span.empty()) return std::nullopt;
  const int64_t i = RunAt(span.start);
  if (i < 0) return std::nullopt;
  const EqualRun& r = runs_[i];
  if (span.end > r.old_start + r.length) return std::nullopt;
  const int64_t shift = r.new_start - r.old_start;
  return Span{span.start + shift, span.end + shift};
}

int64_t TextMap::MapPosition(int64_t p, bool is_end) const {
  // For an end, map the last code point covered (p - 1) and step past it.
  const int64_t q = is_end ? p - 1 : p;
  const int64_t i = q >= 0 ? RunAt(q) : -1;
  if (i >= 0) return q + runs_[i].new_start - runs_[i].old_start + (is_end ? 1 : 0);
  // Inside an edit: the position between the surrounding runs.
  auto it = std::upper_bound(runs_.begin(), runs_.end(), q,
                             [](int64_t pos, const EqualRun& r) { return pos < r.old_start; });
  const int64_t next_new = it == runs_.end() ? new_length_ : it->new_start;
  const int64_t prev_new = it == runs_.begin() ? 0 : std::prev(it)->new_start + std::prev(it)->length;
  return is_end ? prev_new : next_new;
}

Span TextMap::MapApproximate(Span span) const {
  Span out{MapPosition(span.start, false), MapPosition(span.end, true)};
  out.start = std::clamp<int64_t>(out.start, 0, new_length_);
  out.end = std::clamp<int64_t>(out.end, out.start, new_length_);
  return out;
}

TextMap DiffTexts(absl::string_view old_text, absl::string_view new_text, int64_t max_edits) {
  const std::vector<char32_t> a = CodePoints(old_text);
  const std::vector<char32_t> b = CodePoints(new_text);
  const int64_t n = a.size(), m = b.size();
  int64_t prefix = 0;
  while (prefix < n && prefix < m && a[prefix] == b[prefix]) ++prefix;
  int64_t suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] == b[m - 1 - suffix]) ++suffix;
  std::vector<EqualRun> runs;
  runs.push_back({0, 0, prefix});
  Myers(a.data() + prefix, n - prefix - suffix, b.data() + prefix, m - prefix - suffix, max_edits,
        prefix, runs);
  runs.push_back({n - suffix, m - suffix, suffix});
  return TextMap(std::move(runs), n, m);
}

}  // namespace thematica::team
