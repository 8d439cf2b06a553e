// Private to the partials' files (src/partials*.cc): labels ranked as one
// project orders them, unions of label lists, and the per-question merge,
// check and lookup helpers. Not installed.
#ifndef THEMATICA_SRC_INTERNAL_PARTIALS_HELPERS_H_
#define THEMATICA_SRC_INTERNAL_PARTIALS_HELPERS_H_

#include "thematica/partials.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include <google/protobuf/stubs/logging.h>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "thematica/agreement.h"
#include "thematica/status_macros.h"
#include "thematica/v1/partials.pb.h"


namespace thematica::partials::helpers {


constexpr uint32_t kVersion = 1;
constexpr char kMissing[] = "(missing)";
// Documents and cases of part k rank after those of parts < k.
constexpr int kPartShift = 32;

using Labels = google::protobuf::RepeatedPtrField<v1::RankedLabel>;

inline v1::RankedLabel Ranked(std::string label, int64_t rank) {
  v1::RankedLabel out;
  out.set_label(std::move(label));
  out.set_rank(rank);
  return out;
}

inline std::string CodePath(const Project& project, absl::string_view id) {
  return project.codebook().Path(id, "/");
}

inline int64_t CodeRank(const Project& project, absl::string_view id) {
  const auto& codes = project.codebook().codes();
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i].id == id) return static_cast<int64_t>(i);
  }
  return static_cast<int64_t>(codes.size());
}

inline bool Before(const v1::RankedLabel& a, const v1::RankedLabel& b) {
  if (a.rank() != b.rank()) return a.rank() < b.rank();
  return a.label() < b.label();
}

// The union of two label lists in rank order (a label keeps its smallest
// rank), and where each side's labels land in it.
struct Union {
  std::vector<v1::RankedLabel> labels;
  std::vector<int> from_a, from_b;
};

inline Union UnionOf(const Labels& a, const Labels& b) {
  std::map<std::string, int64_t> rank;
  for (const Labels* side : {&a, &b}) {
    for (const v1::RankedLabel& l : *side) {
      auto [it, fresh] = rank.emplace(l.label(), l.rank());
      if (!fresh) it->second = std::min(it->second, l.rank());
    }
  }
  Union u;
  for (const auto& [label, r] : rank) u.labels.push_back(Ranked(label, r));
  std::sort(u.labels.begin(), u.labels.end(), Before);
  absl::flat_hash_map<std::string, int> at;
  for (size_t i = 0; i < u.labels.size(); ++i) at[u.labels[i].label()] = static_cast<int>(i);
  for (const v1::RankedLabel& l : a) u.from_a.push_back(at[l.label()]);
  for (const v1::RankedLabel& l : b) u.from_b.push_back(at[l.label()]);
  return u;
}

// ---------------------------------------------------------- co-occurrence --

inline void FillCounts(const CodeMatrix& count, const CodeMatrix* jaccard, v1::CooccurrenceCounts& out) {
  const size_t n = count.code_ids.size();
  for (size_t a = 0; a < n; ++a) {
    out.add_own(count.at(a, a));
    for (size_t b = 0; b < n; ++b) out.add_pairs(a == b ? 0 : count.at(a, b));
  }
  if (jaccard == nullptr) return;
  // Jaccard of excerpts is (involved_ab + involved_ba) / (n_a + n_b), a ratio
  // of integers: the numerator comes back exactly.
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      const double total = count.at(a, a) + count.at(b, b);
      out.add_involved(a == b ? 0 : std::round(jaccard->at(a, b) * total));
    }
  }
}

inline void AddCounts(const v1::CooccurrenceCounts& from, const std::vector<int>& slot, size_t n,
               v1::CooccurrenceCounts& to) {
  const size_t m = slot.size();
  for (size_t a = 0; a < m; ++a) {
    to.set_own(slot[a], to.own(slot[a]) + from.own(a));
    for (size_t b = 0; b < m; ++b) {
      const size_t at = slot[a] * n + slot[b];
      to.set_pairs(at, to.pairs(at) + from.pairs(a * m + b));
      if (from.involved_size() > 0) to.set_involved(at, to.involved(at) + from.involved(a * m + b));
    }
  }
}

inline v1::CooccurrenceCounts Zero(size_t n, bool involved) {
  v1::CooccurrenceCounts out;
  out.mutable_own()->Resize(static_cast<int>(n), 0);
  out.mutable_pairs()->Resize(static_cast<int>(n * n), 0);
  if (involved) out.mutable_involved()->Resize(static_cast<int>(n * n), 0);
  return out;
}

inline void MergeCooccurrence(const v1::Cooccurrence& a, const v1::Cooccurrence& b, v1::Cooccurrence& out) {
  Union u = UnionOf(a.codes(), b.codes());
  const size_t n = u.labels.size();
  out.Clear();
  for (auto& l : u.labels) *out.add_codes() = std::move(l);
  auto merge = [&](const v1::CooccurrenceCounts& x, const v1::CooccurrenceCounts& y, bool involved) {
    v1::CooccurrenceCounts sum = Zero(n, involved);
    AddCounts(x, u.from_a, n, sum);
    AddCounts(y, u.from_b, n, sum);
    return sum;
  };
  *out.mutable_excerpts() = merge(a.excerpts(), b.excerpts(), true);
  *out.mutable_documents() = merge(a.documents(), b.documents(), false);
  *out.mutable_cases() = merge(a.cases(), b.cases(), false);
}

// --------------------------------------------------------------- crosstab --

inline void FillCrosstab(const Crosstab& t, v1::CrosstabCounts& out) {
  for (int64_t c : t.counts) out.add_counts(c);
  for (int64_t c : t.column_totals) out.add_column_totals(c);
}

// Attribute values as CrossTab orders them: text order, "(missing)" last.
inline std::vector<std::string> ColumnUnion(const v1::Crosstab& a, const v1::Crosstab& b) {
  std::map<std::string, bool> values;
  bool missing = false;
  for (const v1::Crosstab* side : {&a, &b}) {
    for (int j = 0; j < side->columns_size(); ++j) {
      // Only the last column can be the "(missing)" one (a value may read the same).
      if (j + 1 == side->columns_size() && side->columns(j) == kMissing) {
        missing = true;
      } else {
        values.emplace(side->columns(j), true);
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& [v, unused] : values) out.push_back(v);
  if (missing) out.push_back(kMissing);
  return out;
}

inline std::vector<int> ColumnSlots(const v1::Crosstab& side, const std::vector<std::string>& columns) {
  std::vector<int> slots;
  for (int j = 0; j < side.columns_size(); ++j) {
    const bool last_missing = j + 1 == side.columns_size() && side.columns(j) == kMissing;
    if (last_missing) {
      slots.push_back(static_cast<int>(columns.size()) - 1);
    } else {
      slots.push_back(static_cast<int>(
          std::find(columns.begin(), columns.end() - (columns.back() == kMissing ? 1 : 0), side.columns(j)) -
          columns.begin()));
    }
  }
  return slots;
}

inline void MergeCrosstab(const v1::Crosstab& a, const v1::Crosstab& b, v1::Crosstab& out) {
  Union u = UnionOf(a.codes(), b.codes());
  const std::vector<std::string> columns = ColumnUnion(a, b);
  const std::vector<int> cols_a = ColumnSlots(a, columns), cols_b = ColumnSlots(b, columns);
  const size_t n = u.labels.size(), m = columns.size();
  v1::Crosstab sum;
  sum.set_attribute(a.attribute());
  sum.set_include_descendants(a.include_descendants());
  for (auto& l : u.labels) *sum.add_codes() = std::move(l);
  for (const std::string& c : columns) sum.add_columns(c);
  auto merge = [&](v1::CrosstabCounts* to, auto get) {
    to->mutable_counts()->Resize(static_cast<int>(n * m), 0);
    to->mutable_column_totals()->Resize(static_cast<int>(m), 0);
    for (const auto& [side, rows, cols] : {std::tie(a, u.from_a, cols_a), std::tie(b, u.from_b, cols_b)}) {
      const v1::CrosstabCounts& from = get(side);
      const size_t width = cols.size();
      for (size_t j = 0; j < width; ++j) {
        to->set_column_totals(cols[j], to->column_totals(cols[j]) + from.column_totals(j));
      }
      for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t j = 0; j < width; ++j) {
          const size_t at = rows[i] * m + cols[j];
          to->set_counts(at, to->counts(at) + from.counts(i * width + j));
        }
      }
    }
  };
  merge(sum.mutable_cases(), [](const v1::Crosstab& x) -> const v1::CrosstabCounts& { return x.cases(); });
  merge(sum.mutable_documents(), [](const v1::Crosstab& x) -> const v1::CrosstabCounts& { return x.documents(); });
  merge(sum.mutable_excerpts(), [](const v1::Crosstab& x) -> const v1::CrosstabCounts& { return x.excerpts(); });
  out = std::move(sum);
}

// ------------------------------------------------------------------ words --

inline void MergeWords(const v1::WordCounts& a, const v1::WordCounts& b, v1::WordCounts& out) {
  std::map<std::string, std::pair<int64_t, absl::flat_hash_map<std::string, int64_t>>> groups;
  for (const v1::WordCounts* side : {&a, &b}) {
    for (const v1::WordGroupCounts& g : side->groups()) {
      auto [it, fresh] = groups.try_emplace(g.group().label());
      if (fresh || g.group().rank() < it->second.first) it->second.first = g.group().rank();
      for (int i = 0; i < g.words_size(); ++i) it->second.second[g.words(i)] += g.counts(i);
    }
  }
  v1::WordCounts sum;
  sum.set_by(a.by());
  std::vector<v1::WordGroupCounts> ordered;
  for (auto& [label, group] : groups) {
    v1::WordGroupCounts g;
    *g.mutable_group() = Ranked(label, group.first);
    // Sorted so that the bytes do not depend on hash order.
    std::vector<std::pair<std::string, int64_t>> words(group.second.begin(), group.second.end());
    std::sort(words.begin(), words.end());
    for (auto& [w, n] : words) {
      g.add_words(w);
      g.add_counts(n);
    }
    ordered.push_back(std::move(g));
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& x, const auto& y) { return Before(x.group(), y.group()); });
  for (auto& g : ordered) *sum.add_groups() = std::move(g);
  out = std::move(sum);
}

// ------------------------------------------------------------- agreement --

inline void MergeAgreement(const v1::CharacterAgreement& a, const v1::CharacterAgreement& b,
                    v1::CharacterAgreement& out) {
  std::map<std::string, v1::CharacterCounts> codes;
  for (const v1::CharacterAgreement* side : {&a, &b}) {
    for (const v1::CharacterCounts& c : side->codes()) {
      auto [it, fresh] = codes.try_emplace(c.code().label(), c);
      if (fresh) continue;
      v1::CharacterCounts& sum = it->second;
      sum.mutable_code()->set_rank(std::min(sum.code().rank(), c.code().rank()));
      sum.set_both(sum.both() + c.both());
      sum.set_only_a(sum.only_a() + c.only_a());
      sum.set_only_b(sum.only_b() + c.only_b());
    }
  }
  v1::CharacterAgreement sum;
  sum.set_scope(a.scope());
  sum.set_documents(a.documents() + b.documents());
  sum.set_characters(a.characters() + b.characters());
  std::vector<v1::CharacterCounts> ordered;
  for (auto& [label, c] : codes) ordered.push_back(std::move(c));
  std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) { return Before(x.code(), y.code()); });
  for (auto& c : ordered) *sum.add_codes() = std::move(c);
  out = std::move(sum);
}

inline agreement::SquareTable CharacterTable(int64_t both, int64_t only_a, int64_t only_b, int64_t neither) {
  return agreement::SquareTable::FromRows({{static_cast<double>(both), static_cast<double>(only_a)},
                                          {static_cast<double>(only_b), static_cast<double>(neither)}})
      .value();
}

// --------------------------------------------------------------- checking --

inline absl::Status Corrupt(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("not a valid thematica partial result: ", what));
}

inline absl::Status CheckLabels(const Labels& labels, absl::string_view where) {
  absl::flat_hash_set<std::string> seen;
  for (const v1::RankedLabel& l : labels) {
    if (!seen.insert(l.label()).second) {
      return Corrupt(absl::StrCat(where, " lists \"", l.label(), "\" twice"));
    }
  }
  return absl::OkStatus();
}

// Counts beyond 2^53 cannot come from a real corpus; refusing them keeps
// every sum of a merge exact and free of overflow.
constexpr double kMaxCount = 9007199254740992.0;

template <typename T>
bool InRange(T v) {
  return v >= 0 && static_cast<double>(v) <= kMaxCount;  // Also refuses NaN.
}

template <typename Field>
bool AllNonNegative(const Field& values) {
  for (auto v : values) {
    if (!InRange(v)) return false;
  }
  return true;
}

inline absl::Status CheckCooccurrence(const v1::Cooccurrence& c) {
  THEMATICA_RETURN_IF_ERROR(CheckLabels(c.codes(), "co-occurrence"));
  const int64_t n = c.codes_size();
  for (const v1::CooccurrenceCounts* counts : {&c.excerpts(), &c.documents(), &c.cases()}) {
    if (counts->own_size() != n || counts->pairs_size() != n * n ||
        (counts->involved_size() != 0 && counts->involved_size() != n * n)) {
      return Corrupt("co-occurrence table sizes do not match its codes");
    }
    if (!AllNonNegative(counts->own()) || !AllNonNegative(counts->pairs()) ||
        !AllNonNegative(counts->involved())) {
      return Corrupt("co-occurrence count out of range");
    }
  }
  if (c.excerpts().involved_size() != n * n) return Corrupt("co-occurrence of excerpts lacks its overlaps");
  return absl::OkStatus();
}

inline absl::Status CheckCrosstab(const v1::Crosstab& t) {
  THEMATICA_RETURN_IF_ERROR(CheckLabels(t.codes(), "crosstab"));
  absl::flat_hash_set<std::string> seen;
  for (const std::string& c : t.columns()) {
    if (!seen.insert(c).second) return Corrupt(absl::StrCat("crosstab column \"", c, "\" twice"));
  }
  const int64_t n = t.codes_size(), m = t.columns_size();
  for (const v1::CrosstabCounts* counts : {&t.cases(), &t.documents(), &t.excerpts()}) {
    if (counts->counts_size() != n * m || counts->column_totals_size() != m) {
      return Corrupt("crosstab sizes do not match its codes and columns");
    }
    if (!AllNonNegative(counts->counts()) || !AllNonNegative(counts->column_totals())) {
      return Corrupt("crosstab count out of range");
    }
  }
  return absl::OkStatus();
}

inline absl::Status CheckWords(const v1::WordCounts& w) {
  if (w.by() != "project" && w.by() != "document" && w.by() != "case" && w.by() != "code") {
    return Corrupt(absl::StrCat("unknown word grouping \"", w.by(), "\""));
  }
  absl::flat_hash_set<std::string> groups;
  for (const v1::WordGroupCounts& g : w.groups()) {
    if (!groups.insert(g.group().label()).second) return Corrupt("a word group is listed twice");
    if (g.words_size() != g.counts_size()) return Corrupt("word and count lists differ in length");
    if (!AllNonNegative(g.counts())) return Corrupt("word count out of range");
    absl::flat_hash_set<absl::string_view> words(g.words().begin(), g.words().end());
    if (words.size() != static_cast<size_t>(g.words_size())) return Corrupt("a word is listed twice");
  }
  return absl::OkStatus();
}

inline absl::Status CheckAgreement(const v1::CharacterAgreement& a) {
  if (a.scope() != "all" && a.scope() != "double-coded") {
    return Corrupt(absl::StrCat("unknown document scope \"", a.scope(), "\""));
  }
  if (!InRange(a.documents()) || !InRange(a.characters())) return Corrupt("agreement coverage out of range");
  absl::flat_hash_set<std::string> seen;
  for (const v1::CharacterCounts& c : a.codes()) {
    if (!seen.insert(c.code().label()).second) return Corrupt("an agreement code is listed twice");
    if (!InRange(c.both()) || !InRange(c.only_a()) || !InRange(c.only_b()) ||
        c.both() + c.only_a() + c.only_b() > a.characters()) {
      return Corrupt("agreement counts out of range");
    }
  }
  return absl::OkStatus();
}

inline absl::Status CheckHits(const google::protobuf::RepeatedPtrField<v1::HitCount>& hits) {
  absl::flat_hash_set<std::string> seen;
  for (const v1::HitCount& h : hits) {
    if (!seen.insert(h.code().label()).second) return Corrupt("a hit count is listed twice");
    if (!InRange(h.hits()) || !InRange(h.documents()) || !InRange(h.excerpts()) || !InRange(h.already_coded()) ||
        !InRange(h.outside_turns())) {
      return Corrupt("hit count out of range");
    }
  }
  return absl::OkStatus();
}

inline const v1::CooccurrenceCounts& CountsOf(const v1::Cooccurrence& c, Unit unit) {
  switch (unit) {
    case Unit::kExcerpts: return c.excerpts();
    case Unit::kDocuments: return c.documents();
    case Unit::kCases: break;
  }
  return c.cases();
}

inline const v1::CrosstabCounts& CountsOf(const v1::Crosstab& t, Unit unit) {
  switch (unit) {
    case Unit::kExcerpts: return t.excerpts();
    case Unit::kDocuments: return t.documents();
    case Unit::kCases: break;
  }
  return t.cases();
}

inline Partial WithVersion() {
  Partial p;
  p.mutable_proto().set_version(kVersion);
  return p;
}


}  // namespace thematica::partials::helpers

#endif  // THEMATICA_SRC_INTERNAL_PARTIALS_HELPERS_H_
