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

namespace thematica::partials {
namespace {

constexpr uint32_t kVersion = 1;
constexpr char kMissing[] = "(missing)";
// Documents and cases of part k rank after those of parts < k.
constexpr int kPartShift = 32;

using Labels = google::protobuf::RepeatedPtrField<v1::RankedLabel>;

v1::RankedLabel Ranked(std::string label, int64_t rank) {
  v1::RankedLabel out;
  out.set_label(std::move(label));
  out.set_rank(rank);
  return out;
}

std::string CodePath(const Project& project, absl::string_view id) {
  return project.codebook().Path(id, "/");
}

int64_t CodeRank(const Project& project, absl::string_view id) {
  const auto& codes = project.codebook().codes();
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i].id == id) return static_cast<int64_t>(i);
  }
  return static_cast<int64_t>(codes.size());
}

bool Before(const v1::RankedLabel& a, const v1::RankedLabel& b) {
  if (a.rank() != b.rank()) return a.rank() < b.rank();
  return a.label() < b.label();
}

// The union of two label lists in rank order (a label keeps its smallest
// rank), and where each side's labels land in it.
struct Union {
  std::vector<v1::RankedLabel> labels;
  std::vector<int> from_a, from_b;
};

Union UnionOf(const Labels& a, const Labels& b) {
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

void FillCounts(const CodeMatrix& count, const CodeMatrix* jaccard, v1::CooccurrenceCounts& out) {
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

void AddCounts(const v1::CooccurrenceCounts& from, const std::vector<int>& slot, size_t n,
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

v1::CooccurrenceCounts Zero(size_t n, bool involved) {
  v1::CooccurrenceCounts out;
  out.mutable_own()->Resize(static_cast<int>(n), 0);
  out.mutable_pairs()->Resize(static_cast<int>(n * n), 0);
  if (involved) out.mutable_involved()->Resize(static_cast<int>(n * n), 0);
  return out;
}

void MergeCooccurrence(const v1::Cooccurrence& a, const v1::Cooccurrence& b, v1::Cooccurrence& out) {
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

void FillCrosstab(const Crosstab& t, v1::CrosstabCounts& out) {
  for (int64_t c : t.counts) out.add_counts(c);
  for (int64_t c : t.column_totals) out.add_column_totals(c);
}

// Attribute values as CrossTab orders them: text order, "(missing)" last.
std::vector<std::string> ColumnUnion(const v1::Crosstab& a, const v1::Crosstab& b) {
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

std::vector<int> ColumnSlots(const v1::Crosstab& side, const std::vector<std::string>& columns) {
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

void MergeCrosstab(const v1::Crosstab& a, const v1::Crosstab& b, v1::Crosstab& out) {
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

void MergeWords(const v1::WordCounts& a, const v1::WordCounts& b, v1::WordCounts& out) {
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

void MergeAgreement(const v1::CharacterAgreement& a, const v1::CharacterAgreement& b,
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

agreement::SquareTable CharacterTable(int64_t both, int64_t only_a, int64_t only_b, int64_t neither) {
  return agreement::SquareTable::FromRows({{static_cast<double>(both), static_cast<double>(only_a)},
                                          {static_cast<double>(only_b), static_cast<double>(neither)}})
      .value();
}

// --------------------------------------------------------------- checking --

absl::Status Corrupt(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("not a valid thematica partial result: ", what));
}

absl::Status CheckLabels(const Labels& labels, absl::string_view where) {
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

absl::Status CheckCooccurrence(const v1::Cooccurrence& c) {
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

absl::Status CheckCrosstab(const v1::Crosstab& t) {
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

absl::Status CheckWords(const v1::WordCounts& w) {
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

absl::Status CheckAgreement(const v1::CharacterAgreement& a) {
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

absl::Status CheckHits(const google::protobuf::RepeatedPtrField<v1::HitCount>& hits) {
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

const v1::CooccurrenceCounts& CountsOf(const v1::Cooccurrence& c, Unit unit) {
  switch (unit) {
    case Unit::kExcerpts: return c.excerpts();
    case Unit::kDocuments: return c.documents();
    case Unit::kCases: break;
  }
  return c.cases();
}

const v1::CrosstabCounts& CountsOf(const v1::Crosstab& t, Unit unit) {
  switch (unit) {
    case Unit::kExcerpts: return t.excerpts();
    case Unit::kDocuments: return t.documents();
    case Unit::kCases: break;
  }
  return t.cases();
}

Partial WithVersion() {
  Partial p;
  p.mutable_proto().set_version(kVersion);
  return p;
}

}  // namespace

Partial::Partial() : proto_(std::make_unique<v1::Partial>()) {}
Partial::~Partial() = default;
Partial::Partial(const Partial& other) : proto_(std::make_unique<v1::Partial>(*other.proto_)) {}
Partial& Partial::operator=(const Partial& other) {
  *proto_ = *other.proto_;
  return *this;
}
Partial::Partial(Partial&& other) noexcept : proto_(std::make_unique<v1::Partial>()) { proto_.swap(other.proto_); }
Partial& Partial::operator=(Partial&& other) noexcept {
  proto_.swap(other.proto_);
  return *this;
}

std::string Partial::Serialize() const {
  std::string out;
  proto_->SerializeToString(&out);
  return out;
}

absl::StatusOr<Partial> Partial::Parse(absl::string_view bytes) {
  Partial out;
  google::protobuf::LogSilencer silence;  // Bad bytes are our error to report, not protobuf's log.
  if (!out.proto_->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Corrupt("the bytes are not a thematica.v1.Partial message");
  }
  const v1::Partial& p = *out.proto_;
  if (p.version() != kVersion && !(p.version() == 0 && bytes.empty())) {
    return Corrupt(absl::StrCat("version ", p.version(), " (this build reads version ", kVersion, ")"));
  }
  THEMATICA_RETURN_IF_ERROR(CheckHits(p.hits()));
  if (p.has_cooccurrence()) THEMATICA_RETURN_IF_ERROR(CheckCooccurrence(p.cooccurrence()));
  if (p.has_crosstab()) THEMATICA_RETURN_IF_ERROR(CheckCrosstab(p.crosstab()));
  if (p.has_words()) THEMATICA_RETURN_IF_ERROR(CheckWords(p.words()));
  if (p.has_agreement()) THEMATICA_RETURN_IF_ERROR(CheckAgreement(p.agreement()));
  return out;
}

absl::StatusOr<Partial> AggregateCooccurrence(const Project& project, const std::vector<std::string>& code_ids) {
  Analysis analysis(project);
  Partial out = WithVersion();
  v1::Cooccurrence& c = *out.mutable_proto().mutable_cooccurrence();
  THEMATICA_ASSIGN_OR_RETURN(CodeMatrix excerpts, analysis.Cooccurrence(Unit::kExcerpts, Measure::kCount, code_ids));
  THEMATICA_ASSIGN_OR_RETURN(CodeMatrix jaccard, analysis.Cooccurrence(Unit::kExcerpts, Measure::kJaccard, code_ids));
  THEMATICA_ASSIGN_OR_RETURN(CodeMatrix documents, analysis.Cooccurrence(Unit::kDocuments, Measure::kCount, code_ids));
  THEMATICA_ASSIGN_OR_RETURN(CodeMatrix cases, analysis.Cooccurrence(Unit::kCases, Measure::kCount, code_ids));
  for (const std::string& id : excerpts.code_ids) *c.add_codes() = Ranked(CodePath(project, id), CodeRank(project, id));
  THEMATICA_RETURN_IF_ERROR(CheckLabels(c.codes(), "the codes"));
  FillCounts(excerpts, &jaccard, *c.mutable_excerpts());
  FillCounts(documents, nullptr, *c.mutable_documents());
  FillCounts(cases, nullptr, *c.mutable_cases());
  return out;
}

absl::StatusOr<Partial> AggregateCrosstab(const Project& project, absl::string_view attribute,
                                          bool include_descendants) {
  Analysis analysis(project);
  Partial out = WithVersion();
  v1::Crosstab& t = *out.mutable_proto().mutable_crosstab();
  THEMATICA_ASSIGN_OR_RETURN(Crosstab cases, analysis.CrossTab(attribute, Unit::kCases, include_descendants));
  THEMATICA_ASSIGN_OR_RETURN(Crosstab documents, analysis.CrossTab(attribute, Unit::kDocuments, include_descendants));
  THEMATICA_ASSIGN_OR_RETURN(Crosstab excerpts, analysis.CrossTab(attribute, Unit::kExcerpts, include_descendants));
  const AttributeDefinition* a = project.FindAttribute(attribute);
  if (a == nullptr) a = project.FindAttributeByName(attribute);
  t.set_attribute(a->name);
  t.set_include_descendants(include_descendants);
  for (const std::string& id : cases.code_ids) *t.add_codes() = Ranked(CodePath(project, id), CodeRank(project, id));
  THEMATICA_RETURN_IF_ERROR(CheckLabels(t.codes(), "the codes"));
  // The units may differ in whether a "(missing)" column is needed; the
  // partial keeps the widest and pads the others.
  const Crosstab* widest = &cases;
  for (const Crosstab* x : {&documents, &excerpts}) {
    if (x->columns.size() > widest->columns.size()) widest = x;
  }
  for (const std::string& col : widest->columns) t.add_columns(col);
  for (const auto& [x, to] : {std::pair{&cases, t.mutable_cases()}, std::pair{&documents, t.mutable_documents()},
                              std::pair{&excerpts, t.mutable_excerpts()}}) {
    if (x->columns.size() == widest->columns.size()) {
      FillCrosstab(*x, *to);
      continue;
    }
    const size_t w = x->columns.size(), m = widest->columns.size();
    for (size_t i = 0; i < x->code_ids.size(); ++i) {
      for (size_t j = 0; j < m; ++j) to->add_counts(j < w ? x->at(i, j) : 0);
    }
    for (size_t j = 0; j < m; ++j) to->add_column_totals(j < w ? x->column_totals[j] : 0);
  }
  return out;
}

absl::StatusOr<Partial> AggregateWords(const Project& project, WordGroup group,
                                       const std::vector<std::string>& stopwords, int64_t part) {
  Analysis analysis(project);
  THEMATICA_ASSIGN_OR_RETURN(std::vector<WordCount> counts, analysis.WordFrequencies(group, stopwords, 0));
  Partial out = WithVersion();
  v1::WordCounts& w = *out.mutable_proto().mutable_words();
  const int64_t base = part << kPartShift;
  // Group id → label and rank as one project orders them.
  absl::flat_hash_map<std::string, v1::RankedLabel> labels;
  switch (group) {
    case WordGroup::kProject:
      w.set_by("project");
      labels[""] = Ranked("", 0);
      break;
    case WordGroup::kDocument:
      w.set_by("document");
      for (size_t i = 0; i < project.documents().size(); ++i) {
        labels[project.documents()[i].id] = Ranked(project.documents()[i].name, base + static_cast<int64_t>(i));
      }
      break;
    case WordGroup::kCase:
      w.set_by("case");
      for (size_t i = 0; i < project.cases().size(); ++i) {
        labels[project.cases()[i].id] = Ranked(project.cases()[i].name, base + static_cast<int64_t>(i));
      }
      break;
    case WordGroup::kCode:
      w.set_by("code");
      for (size_t i = 0; i < project.codebook().codes().size(); ++i) {
        const std::string& id = project.codebook().codes()[i].id;
        labels[id] = Ranked(CodePath(project, id), static_cast<int64_t>(i));
      }
      break;
  }
  v1::WordGroupCounts* current = nullptr;
  for (const WordCount& c : counts) {
    if (current == nullptr || current->group().label() != labels[c.group_id].label()) {
      current = w.add_groups();
      *current->mutable_group() = labels[c.group_id];
    }
    current->add_words(c.word);
    current->add_counts(c.count);
  }
  THEMATICA_RETURN_IF_ERROR(CheckWords(w));
  return out;
}

absl::StatusOr<Partial> AggregateSearch(const Project& project, absl::string_view label, int64_t rank,
                                        absl::string_view pattern, const SearchOptions& options) {
  THEMATICA_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, Search(project, pattern, options));
  absl::flat_hash_set<std::string> documents;
  for (const SearchHit& h : hits) documents.insert(h.document_id);
  Partial out = WithVersion();
  v1::HitCount& h = *out.mutable_proto().add_hits();
  *h.mutable_code() = Ranked(std::string(label), rank);
  h.set_hits(static_cast<int64_t>(hits.size()));
  h.set_documents(static_cast<int64_t>(documents.size()));
  return out;
}

absl::StatusOr<Partial> AggregateAutocode(const Project& project, absl::string_view code_id,
                                          const AutocodeResult& result) {
  if (project.FindCode(code_id) == nullptr) return absl::NotFoundError(absl::StrCat("code ", code_id, " not found"));
  absl::flat_hash_set<std::string> documents;
  for (const std::string& id : result.excerpt_ids) {
    const Excerpt* e = project.FindExcerpt(id);
    if (e == nullptr) return absl::NotFoundError(absl::StrCat("excerpt ", id, " not found"));
    documents.insert(e->document_id);
  }
  Partial out = WithVersion();
  v1::HitCount& h = *out.mutable_proto().add_hits();
  *h.mutable_code() = Ranked(CodePath(project, code_id), CodeRank(project, code_id));
  h.set_documents(static_cast<int64_t>(documents.size()));
  h.set_excerpts(static_cast<int64_t>(result.excerpt_ids.size()));
  h.set_already_coded(result.already_coded);
  h.set_outside_turns(result.outside_turns);
  return out;
}

absl::StatusOr<Partial> AggregateAgreement(const Project& project, const CoderSets& coders,
                                           const std::vector<std::string>& code_ids, DocumentScope scope) {
  THEMATICA_ASSIGN_OR_RETURN(PooledAgreement pooled, PooledCharacterAgreement(project, coders, code_ids, scope));
  THEMATICA_ASSIGN_OR_RETURN(std::vector<CharacterAgreementRow> rows,
                             CharacterAgreement(project, coders, code_ids, scope));
  Partial out = WithVersion();
  v1::CharacterAgreement& a = *out.mutable_proto().mutable_agreement();
  a.set_scope(scope == DocumentScope::kAll ? "all" : "double-coded");
  a.set_documents(static_cast<int64_t>(pooled.document_ids.size()));
  a.set_characters(pooled.characters);
  for (const CharacterAgreementRow& r : rows) {
    if (!r.document_id.empty()) continue;
    v1::CharacterCounts& c = *a.add_codes();
    // With explicit codes, their order is the comparison's order.
    const auto given = std::find(code_ids.begin(), code_ids.end(), r.code_id);
    const int64_t rank = code_ids.empty() ? CodeRank(project, r.code_id) : given - code_ids.begin();
    *c.mutable_code() = Ranked(CodePath(project, r.code_id), rank);
    c.set_both(r.both);
    c.set_only_a(r.only_a);
    c.set_only_b(r.only_b);
  }
  return out;
}

absl::Status Merge(Partial& into, const Partial& other) {
  const v1::Partial& b = other.proto();
  v1::Partial merged = into.proto();
  if (merged.version() == 0) merged.set_version(kVersion);
  if (b.has_crosstab() && merged.has_crosstab() &&
      (b.crosstab().attribute() != merged.crosstab().attribute() ||
       b.crosstab().include_descendants() != merged.crosstab().include_descendants())) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge crosstabs of attribute \"",
                                                   merged.crosstab().attribute(), "\" and \"",
                                                   b.crosstab().attribute(), "\" (or with and without descendants)"));
  }
  if (b.has_words() && merged.has_words() && b.words().by() != merged.words().by()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge word counts by ", merged.words().by(), " and by ",
                                                   b.words().by()));
  }
  if (b.has_agreement() && merged.has_agreement() && b.agreement().scope() != merged.agreement().scope()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge agreement over ", merged.agreement().scope(),
                                                   " documents and over ", b.agreement().scope()));
  }
  if (b.hits_size() > 0) {
    std::map<std::string, v1::HitCount> hits;
    for (const auto* side : {&merged.hits(), &b.hits()}) {
      for (const v1::HitCount& h : *side) {
        auto [it, fresh] = hits.try_emplace(h.code().label(), h);
        if (fresh) continue;
        v1::HitCount& sum = it->second;
        sum.mutable_code()->set_rank(std::min(sum.code().rank(), h.code().rank()));
        sum.set_hits(sum.hits() + h.hits());
        sum.set_documents(sum.documents() + h.documents());
        sum.set_excerpts(sum.excerpts() + h.excerpts());
        sum.set_already_coded(sum.already_coded() + h.already_coded());
        sum.set_outside_turns(sum.outside_turns() + h.outside_turns());
      }
    }
    std::vector<v1::HitCount> ordered;
    for (auto& [label, h] : hits) ordered.push_back(std::move(h));
    std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) { return Before(x.code(), y.code()); });
    merged.clear_hits();
    for (auto& h : ordered) *merged.add_hits() = std::move(h);
  }
  if (b.has_cooccurrence()) {
    if (merged.has_cooccurrence()) {
      v1::Cooccurrence sum;
      MergeCooccurrence(merged.cooccurrence(), b.cooccurrence(), sum);
      *merged.mutable_cooccurrence() = std::move(sum);
    } else {
      *merged.mutable_cooccurrence() = b.cooccurrence();
    }
  }
  if (b.has_crosstab()) {
    if (merged.has_crosstab()) {
      v1::Crosstab sum;
      MergeCrosstab(merged.crosstab(), b.crosstab(), sum);
      *merged.mutable_crosstab() = std::move(sum);
    } else {
      *merged.mutable_crosstab() = b.crosstab();
    }
  }
  if (b.has_words()) {
    v1::WordCounts sum;
    MergeWords(merged.has_words() ? merged.words() : b.words(), merged.has_words() ? b.words() : v1::WordCounts(),
               sum);
    sum.set_by(b.words().by());
    *merged.mutable_words() = std::move(sum);
  }
  if (b.has_agreement()) {
    if (merged.has_agreement()) {
      v1::CharacterAgreement sum;
      MergeAgreement(merged.agreement(), b.agreement(), sum);
      *merged.mutable_agreement() = std::move(sum);
    } else {
      *merged.mutable_agreement() = b.agreement();
    }
  }
  into.mutable_proto() = std::move(merged);
  return absl::OkStatus();
}

std::vector<HitCount> FinalizeHits(const Partial& partial) {
  std::vector<HitCount> out;
  for (const v1::HitCount& h : partial.proto().hits()) {
    out.push_back({.label = h.code().label(), .hits = h.hits(), .documents = h.documents(),
                   .excerpts = h.excerpts(), .already_coded = h.already_coded(),
                   .outside_turns = h.outside_turns()});
  }
  return out;
}

absl::StatusOr<CodeMatrix> FinalizeCooccurrence(const Partial& partial, Unit unit, Measure measure) {
  if (!partial.proto().has_cooccurrence()) {
    return absl::FailedPreconditionError("no co-occurrence was aggregated");
  }
  const v1::Cooccurrence& c = partial.proto().cooccurrence();
  const v1::CooccurrenceCounts& counts = CountsOf(c, unit);
  const size_t n = static_cast<size_t>(c.codes_size());
  CodeMatrix out;
  for (const v1::RankedLabel& l : c.codes()) out.code_ids.push_back(l.label());
  out.values.assign(n * n, 0);
  // The formulas of Analysis::Cooccurrence, on the summed counts.
  for (size_t a = 0; a < n; ++a) {
    const double own_a = counts.own(static_cast<int>(a));
    for (size_t b = 0; b < n; ++b) {
      double& v = out.values[a * n + b];
      if (a == b) {
        v = measure == Measure::kCount ? own_a : (own_a > 0 ? 1 : 0);
        continue;
      }
      const double own_b = counts.own(static_cast<int>(b));
      const double pair = counts.pairs(static_cast<int>(a * n + b));
      switch (measure) {
        case Measure::kCount:
          v = pair;
          break;
        case Measure::kJaccard:
          if (unit == Unit::kExcerpts) {
            const double total = own_a + own_b;
            v = total > 0 ? counts.involved(static_cast<int>(a * n + b)) / total : 0;
          } else {
            const double either = own_a + own_b - pair;
            v = either > 0 ? pair / either : 0;
          }
          break;
        case Measure::kC: {
          const double denominator = own_a + own_b - pair;
          v = denominator > 0 ? pair / denominator : 0;
          break;
        }
      }
    }
  }
  return out;
}

absl::StatusOr<Crosstab> FinalizeCrosstab(const Partial& partial, Unit unit) {
  if (!partial.proto().has_crosstab()) return absl::FailedPreconditionError("no crosstab was aggregated");
  const v1::Crosstab& t = partial.proto().crosstab();
  const v1::CrosstabCounts& counts = CountsOf(t, unit);
  Crosstab out;
  for (const v1::RankedLabel& l : t.codes()) out.code_ids.push_back(l.label());
  out.columns.assign(t.columns().begin(), t.columns().end());
  out.counts.assign(counts.counts().begin(), counts.counts().end());
  out.column_totals.assign(counts.column_totals().begin(), counts.column_totals().end());
  // CrossTab keeps "(missing)" for every unit when a case lacks the value
  // (then the cases' "(missing)" total is not 0), and for documents or
  // excerpts also when one of those has no case (its own total is not 0).
  if (!out.columns.empty() && out.columns.back() == kMissing && out.column_totals.back() == 0 &&
      t.cases().column_totals(t.columns_size() - 1) == 0) {
    const size_t m = out.columns.size();
    std::vector<int64_t> trimmed;
    for (size_t i = 0; i < out.code_ids.size(); ++i) {
      for (size_t j = 0; j + 1 < m; ++j) trimmed.push_back(out.counts[i * m + j]);
    }
    out.counts = std::move(trimmed);
    out.columns.pop_back();
    out.column_totals.pop_back();
  }
  return out;
}

absl::StatusOr<std::vector<WordCount>> FinalizeWords(const Partial& partial, size_t top) {
  if (!partial.proto().has_words()) return absl::FailedPreconditionError("no word counts were aggregated");
  std::vector<WordCount> out;
  for (const v1::WordGroupCounts& g : partial.proto().words().groups()) {
    std::vector<std::pair<std::string, int64_t>> words;
    for (int i = 0; i < g.words_size(); ++i) words.emplace_back(g.words(i), g.counts(i));
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (top > 0 && words.size() > top) words.resize(top);
    for (auto& [w, n] : words) out.push_back({g.group().label(), std::move(w), n});
  }
  return out;
}

absl::StatusOr<std::vector<CharacterAgreementRow>> FinalizeCharacterAgreement(const Partial& partial) {
  if (!partial.proto().has_agreement()) return absl::FailedPreconditionError("no agreement was aggregated");
  const v1::CharacterAgreement& a = partial.proto().agreement();
  std::vector<CharacterAgreementRow> out;
  for (const v1::CharacterCounts& c : a.codes()) {
    CharacterAgreementRow r;
    r.code_id = c.code().label();
    r.both = c.both();
    r.only_a = c.only_a();
    r.only_b = c.only_b();
    r.total = a.characters();
    // As CharacterAgreement finishes a row.
    r.neither = r.total - r.both - r.only_a - r.only_b;
    if (r.total == 0) {
      r.percent = r.kappa = 1;
    } else {
      r.percent = static_cast<double>(r.both + r.neither) / static_cast<double>(r.total);
      absl::StatusOr<agreement::Coefficient> kappa =
          agreement::CohenKappa(CharacterTable(r.both, r.only_a, r.only_b, r.neither));
      r.kappa = kappa.ok() ? kappa->value : 1.0;
    }
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<PooledAgreementTotals> FinalizePooledAgreement(const Partial& partial) {
  if (!partial.proto().has_agreement()) return absl::FailedPreconditionError("no agreement was aggregated");
  const v1::CharacterAgreement& a = partial.proto().agreement();
  PooledAgreementTotals totals;
  totals.covered_documents = a.documents();
  PooledAgreement& out = totals.pooled;
  out.characters = a.characters();
  out.codes = a.codes_size();
  for (const v1::CharacterCounts& c : a.codes()) {
    out.both += c.both();
    out.only_a += c.only_a();
    out.only_b += c.only_b();
  }
  // As PooledCharacterAgreement finishes.
  const int64_t total = out.characters * out.codes;
  out.neither = total - out.both - out.only_a - out.only_b;
  if (total == 0) {
    out.percent = out.kappa = out.alpha = 1;
    return totals;
  }
  out.percent = static_cast<double>(out.both + out.neither) / static_cast<double>(total);
  const agreement::SquareTable table = CharacterTable(out.both, out.only_a, out.only_b, out.neither);
  absl::StatusOr<agreement::Coefficient> kappa = agreement::CohenKappa(table);
  out.kappa = kappa.ok() ? kappa->value : 1.0;
  absl::StatusOr<double> alpha = agreement::KrippendorffAlpha(table);
  out.alpha = alpha.ok() ? *alpha : 1.0;
  return totals;
}

}  // namespace thematica::partials
