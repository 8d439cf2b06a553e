#include "thematica/span_set.h"

#include <algorithm>
#include <bitset>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;

// The oracle knows no intervals: a set is a bitset over the positions
// 0..kPositions-1, and its canonical pieces are the maximal runs of set bits.
constexpr int kPositions = 24;
using Points = std::bitset<kPositions>;

Points PointsOf(const std::vector<Span>& spans) {
  Points p;
  for (const Span& s : spans) {
    for (int64_t i = s.start; i < s.end; ++i) p.set(static_cast<size_t>(i));
  }
  return p;
}

std::vector<Span> Runs(const Points& p) {
  std::vector<Span> out;
  for (int i = 0; i < kPositions; ++i) {
    if (!p[i]) continue;
    if (!out.empty() && out.back().end == i) {
      out.back().end = i + 1;
    } else {
      out.push_back({i, i + 1});
    }
  }
  return out;
}

// Pieces when only spans sharing a code point merge: the connected components
// of the "overlaps" relation, found by brute force.
std::vector<Span> OverlapComponents(const std::vector<Span>& spans) {
  std::vector<Span> pieces;
  for (const Span& s : spans) {
    if (!s.empty()) pieces.push_back(s);
  }
  for (bool merged = true; merged;) {
    merged = false;
    for (size_t i = 0; i < pieces.size() && !merged; ++i) {
      for (size_t j = i + 1; j < pieces.size() && !merged; ++j) {
        if (pieces[i].Overlaps(pieces[j])) {
          pieces[i] = {std::min(pieces[i].start, pieces[j].start), std::max(pieces[i].end, pieces[j].end)};
          pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(j));
          merged = true;
        }
      }
    }
  }
  std::sort(pieces.begin(), pieces.end());
  return pieces;
}

// Whether two pieces lie within `distance` code points of each other, from
// their points: the closest pair of points is at most distance + 1 apart.
bool Close(const Span& x, const Span& y, int64_t distance) {
  int64_t nearest = kPositions;
  for (int64_t p = x.start; p < x.end; ++p) {
    for (int64_t q = y.start; q < y.end; ++q) nearest = std::min(nearest, std::abs(p - q));
  }
  return nearest - 1 <= distance;
}

Points NearOracle(const std::vector<Span>& a, const std::vector<Span>& b, int64_t distance) {
  Points out;
  for (const Span& x : a) {
    for (const Span& y : b) {
      if (Close(x, y, distance)) out |= PointsOf({x, y});
    }
  }
  return out;
}

std::vector<Span> RandomSpans(std::mt19937& rng) {
  std::uniform_int_distribution<int> count(0, 6), position(0, kPositions), length(0, 7);
  std::vector<Span> out;
  for (int n = count(rng); n > 0; --n) {
    const int start = position(rng);
    out.push_back({start, std::min(kPositions, start + length(rng))});  // Empty spans too.
  }
  return out;
}

TEST(SpanSetTest, TouchingSpansMergeUnlessKeptApart) {
  EXPECT_FALSE(Span({0, 5}).Overlaps({5, 9}));
  EXPECT_THAT(SpanSet::FromSpans({{5, 9}, {0, 5}}).spans(), ElementsAre(Span{0, 9}));
  EXPECT_THAT(SpanSet::FromSpans({{5, 9}, {0, 5}}, SpanSet::Touching::kKeepApart).spans(),
              ElementsAre(Span{0, 5}, Span{5, 9}));
  EXPECT_THAT(SpanSet::FromSpans({{4, 9}, {0, 5}}, SpanSet::Touching::kKeepApart).spans(),
              ElementsAre(Span{0, 9}));
  // Operations return the canonical form whatever the pieces of their inputs.
  EXPECT_THAT(SpanSet({0, 5}).Union(SpanSet({5, 9})).spans(), ElementsAre(Span{0, 9}));
  const SpanSet apart = SpanSet::FromSpans({{0, 5}, {5, 9}}, SpanSet::Touching::kKeepApart);
  EXPECT_THAT(apart.Intersection(SpanSet({0, 20})).spans(), ElementsAre(Span{0, 9}));
  EXPECT_THAT(apart.Difference(SpanSet({12, 20})).spans(), ElementsAre(Span{0, 9}));
  // Touching pieces are at distance 0, one code point between them at 1.
  EXPECT_THAT(SpanSet({0, 5}).Near(SpanSet({5, 9}), 0).spans(), ElementsAre(Span{0, 9}));
  EXPECT_TRUE(SpanSet({0, 5}).Near(SpanSet({6, 9}), 0).empty());
  EXPECT_THAT(SpanSet({0, 5}).Near(SpanSet({6, 9}), 1).spans(), ElementsAre(Span{0, 5}, Span{6, 9}));
  EXPECT_TRUE(SpanSet({3, 3}).empty());
}

TEST(SpanSetTest, EveryOperationMatchesTheBitsetOracle) {
  std::mt19937 rng(20261203);
  std::uniform_int_distribution<int> distance(0, 5);
  for (int round = 0; round < 5000; ++round) {
    const std::vector<Span> xs = RandomSpans(rng), ys = RandomSpans(rng);
    const Points px = PointsOf(xs), py = PointsOf(ys);
    const SpanSet a = SpanSet::FromSpans(xs), b = SpanSet::FromSpans(ys);
    SCOPED_TRACE(::testing::Message() << "round " << round);
    ASSERT_EQ(a.spans(), Runs(px));
    ASSERT_EQ(b.spans(), Runs(py));
    const SpanSet apart = SpanSet::FromSpans(xs, SpanSet::Touching::kKeepApart);
    ASSERT_EQ(apart.spans(), OverlapComponents(xs));
    ASSERT_EQ(apart.Measure(), static_cast<int64_t>(px.count()));
    ASSERT_EQ(a.Measure(), static_cast<int64_t>(px.count()));
    ASSERT_EQ(a.Union(b).spans(), Runs(px | py));
    ASSERT_EQ(a.Intersection(b).spans(), Runs(px & py));
    ASSERT_EQ(a.IntersectionMeasure(b), static_cast<int64_t>((px & py).count()));
    ASSERT_EQ(apart.IntersectionMeasure(b), static_cast<int64_t>((px & py).count()));
    ASSERT_EQ(a.Difference(b).spans(), Runs(px & ~py));
    ASSERT_EQ(apart.Difference(b).spans(), Runs(px & ~py));
    ASSERT_EQ(apart.Union(b).spans(), Runs(px | py));
    const std::vector<Span> windows = RandomSpans(rng);
    for (const Span& w : windows) {
      ASSERT_EQ(a.Clip(w).spans(), Runs(px & PointsOf({w}))) << SpanToString(w);
      ASSERT_EQ(apart.Clip(w).spans(), Runs(px & PointsOf({w}))) << SpanToString(w);
    }
    const int d = distance(rng);
    ASSERT_EQ(a.Near(b, d).spans(), Runs(NearOracle(Runs(px), Runs(py), d))) << "distance " << d;
    ASSERT_EQ(apart.Near(b, d).spans(), Runs(NearOracle(OverlapComponents(xs), Runs(py), d)))
        << "distance " << d;
  }
}

}  // namespace
}  // namespace thematica
