// The answers from merged partials: Finalize* (see partials.h).
#include "internal/cooccurrence_cell.h"
#include "internal/partials_helpers.h"
#include "internal/pooled_agreement.h"

namespace thematica::partials {

using namespace helpers;  // NOLINT: the shared helpers of the partials' files.

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
        v = internal::CooccurrenceDiagonal(measure, own_a);
        continue;
      }
      v = internal::CooccurrenceCell(measure, unit, own_a, counts.own(static_cast<int>(b)),
                                     counts.pairs(static_cast<int>(a * n + b)),
                                     internal::UsesInvolved(measure, unit)
                                         ? counts.involved(static_cast<int>(a * n + b))
                                         : 0);
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
  internal::FinishPooledAgreement(out);  // As PooledCharacterAgreement finishes.
  return totals;
}

}  // namespace thematica::partials
