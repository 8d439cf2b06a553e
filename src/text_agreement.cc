#include "thematica/text_agreement.h"

#include "internal/pooled_agreement.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "internal/excerpt_groups.h"
#include "internal/lookup.h"
#include "thematica/agreement.h"
#include "thematica/span_set.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

enum Side : int8_t { kA = 0, kB = 1 };

struct Coding {
  int code;  // Index into the compared codes.
  Side side;
  Span span;
};

// The compared codes, each side's coders, and every relevant coding grouped
// by document (index into project.documents()).
struct Prepared {
  std::vector<std::string> codes;
  std::vector<std::vector<Coding>> by_document;
};

absl::StatusOr<Prepared> Prepare(const Project& project, const CoderSets& coders,
                                 const std::vector<std::string>& code_ids) {
  if (coders.a.empty() || coders.b.empty()) {
    return absl::InvalidArgumentError("agreement needs two coders (or coder groups), each non-empty");
  }
  absl::flat_hash_map<std::string, Side> side;
  for (const auto& [ids, s] : {std::pair{&coders.a, kA}, std::pair{&coders.b, kB}}) {
    for (const std::string& id : *ids) {
      if (project.FindCoder(id) == nullptr) return internal::NotFound("coder", id);
      if (!side.emplace(id, s).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "coder \"", project.FindCoder(id)->name, "\" is on both sides of the comparison"));
      }
    }
  }
  Prepared p;
  absl::flat_hash_map<std::string, int> code_index;
  if (!code_ids.empty()) {
    for (const std::string& id : code_ids) {
      if (project.FindCode(id) == nullptr) return internal::NotFound("code", id);
      if (code_index.emplace(id, static_cast<int>(p.codes.size())).second) p.codes.push_back(id);
    }
  } else {
    absl::flat_hash_set<absl::string_view> used;
    for (const Excerpt& e : project.excerpts()) {
      if (side.contains(e.coder_id)) used.insert(e.code_ids.begin(), e.code_ids.end());
    }
    for (const Code& c : project.codebook().codes()) {
      if (used.contains(c.id)) {
        code_index.emplace(c.id, static_cast<int>(p.codes.size()));
        p.codes.push_back(c.id);
      }
    }
  }
  const absl::flat_hash_map<absl::string_view, size_t> document_index = internal::DocumentPositions(project);
  p.by_document.resize(project.documents().size());
  for (const Excerpt& e : project.excerpts()) {
    auto s = side.find(e.coder_id);
    if (s == side.end()) continue;
    for (const std::string& c : e.code_ids) {
      auto k = code_index.find(c);
      if (k == code_index.end()) continue;
      p.by_document[document_index.at(e.document_id)].push_back({k->second, s->second, e.span});
    }
  }
  return p;
}

// Sorts codings by code, side, start, so each (code, side) is one run.
void SortRuns(std::vector<Coding>& codings) {
  std::sort(codings.begin(), codings.end(), [](const Coding& x, const Coding& y) {
    return std::tie(x.code, x.side, x.span.start, x.span.end) <
           std::tie(y.code, y.side, y.span.start, y.span.end);
  });
}

// The text one side's run of codings covers.
SpanSet Covered(std::vector<Coding>::const_iterator begin, std::vector<Coding>::const_iterator end) {
  std::vector<Span> spans;
  spans.reserve(static_cast<size_t>(end - begin));
  for (auto it = begin; it != end; ++it) spans.push_back(it->span);
  return SpanSet::FromSpans(std::move(spans));
}

// The 2×2 table of one code's characters: rows side A coded / not, columns B.
agreement::SquareTable CharacterTable(int64_t both, int64_t only_a, int64_t only_b, int64_t neither) {
  return agreement::SquareTable::FromRows({{static_cast<double>(both), static_cast<double>(only_a)},
                                          {static_cast<double>(only_b), static_cast<double>(neither)}})
      .value();
}

// Cohen's kappa of such a table; 1 when chance agreement is 1 (neither or
// both coded every character), as NVivo reports it.
double CharacterKappa(const agreement::SquareTable& table) {
  absl::StatusOr<agreement::Coefficient> kappa = agreement::CohenKappa(table);
  return kappa.ok() ? kappa->value : 1.0;
}

void Finish(CharacterAgreementRow& r) {
  r.neither = r.total - r.both - r.only_a - r.only_b;
  if (r.total == 0) {
    r.percent = r.kappa = 1;
    return;
  }
  r.percent = static_cast<double>(r.both + r.neither) / static_cast<double>(r.total);
  r.kappa = CharacterKappa(CharacterTable(r.both, r.only_a, r.only_b, r.neither));
}

// Whether both sides coded document d (with a compared code).
bool DoubleCoded(const std::vector<Coding>& codings) {
  bool a = false, b = false;
  for (const Coding& c : codings) (c.side == kA ? a : b) = true;
  return a && b;
}

// Calls `each(code, a_begin, a_end, b_begin, b_end)` for every code with
// codings in a sorted document list (either side's range may be empty).
template <typename Each>
void ForEachCode(const std::vector<Coding>& codings, Each&& each) {
  auto it = codings.begin();
  while (it != codings.end()) {
    const int code = it->code;
    auto code_end = std::find_if(it, codings.end(), [&](const Coding& c) { return c.code != code; });
    auto b_begin = std::find_if(it, code_end, [](const Coding& c) { return c.side == kB; });
    each(code, it, b_begin, b_begin, code_end);
    it = code_end;
  }
}

}  // namespace

absl::StatusOr<std::vector<CharacterAgreementRow>> CharacterAgreement(
    const Project& project, const CoderSets& coders, const std::vector<std::string>& code_ids,
    DocumentScope scope) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(project, coders, code_ids));
  int64_t all_characters = 0;
  std::vector<CharacterAgreementRow> pooled(p.codes.size());
  std::vector<std::vector<CharacterAgreementRow>> per_code(p.codes.size());
  for (size_t d = 0; d < p.by_document.size(); ++d) {
    const Document& document = project.documents()[d];
    const int64_t length = project.DocumentIndex(document.id)->length();
    const bool covered = scope == DocumentScope::kAll || DoubleCoded(p.by_document[d]);
    if (covered) all_characters += length;
    SortRuns(p.by_document[d]);
    ForEachCode(p.by_document[d], [&](int code, auto a_begin, auto a_end, auto b_begin, auto b_end) {
      const SpanSet a = Covered(a_begin, a_end), b = Covered(b_begin, b_end);
      CharacterAgreementRow r{.code_id = p.codes[code], .document_id = document.id};
      r.both = a.IntersectionMeasure(b);
      r.only_a = a.Measure() - r.both;
      r.only_b = b.Measure() - r.both;
      r.total = length;
      Finish(r);
      if (covered) {
        pooled[code].both += r.both;
        pooled[code].only_a += r.only_a;
        pooled[code].only_b += r.only_b;
      }
      per_code[code].push_back(std::move(r));
    });
  }
  std::vector<CharacterAgreementRow> rows;
  for (auto& code_rows : per_code) {
    for (auto& r : code_rows) rows.push_back(std::move(r));
  }
  for (size_t c = 0; c < p.codes.size(); ++c) {
    pooled[c].code_id = p.codes[c];
    pooled[c].total = all_characters;
    Finish(pooled[c]);
    rows.push_back(std::move(pooled[c]));
  }
  return rows;
}

void internal::FinishPooledAgreement(PooledAgreement& out) {
  const int64_t total = out.characters * out.codes;
  out.neither = total - out.both - out.only_a - out.only_b;
  if (total == 0) {
    out.percent = out.kappa = out.alpha = 1;
    return;
  }
  out.percent = static_cast<double>(out.both + out.neither) / static_cast<double>(total);
  const agreement::SquareTable table = CharacterTable(out.both, out.only_a, out.only_b, out.neither);
  out.kappa = CharacterKappa(table);
  absl::StatusOr<double> alpha = agreement::KrippendorffAlpha(table);
  out.alpha = alpha.ok() ? *alpha : 1.0;
}

absl::StatusOr<PooledAgreement> PooledCharacterAgreement(const Project& project, const CoderSets& coders,
                                                         const std::vector<std::string>& code_ids,
                                                         DocumentScope scope) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(project, coders, code_ids));
  THEMATICA_ASSIGN_OR_RETURN(std::vector<CharacterAgreementRow> rows,
                             CharacterAgreement(project, coders, code_ids, scope));
  PooledAgreement out;
  out.codes = static_cast<int>(p.codes.size());
  for (size_t d = 0; d < p.by_document.size(); ++d) {
    if (scope == DocumentScope::kDoubleCoded && !DoubleCoded(p.by_document[d])) continue;
    out.document_ids.push_back(project.documents()[d].id);
    out.characters += project.DocumentIndex(project.documents()[d].id)->length();
  }
  for (const CharacterAgreementRow& r : rows) {
    if (!r.document_id.empty()) continue;
    out.both += r.both;
    out.only_a += r.only_a;
    out.only_b += r.only_b;
  }
  internal::FinishPooledAgreement(out);
  return out;
}

absl::StatusOr<std::vector<SegmentAgreementRow>> SegmentAgreement(
    const Project& project, const CoderSets& coders, double min_overlap,
    const std::vector<std::string>& code_ids) {
  if (!(min_overlap > 0 && min_overlap <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("minimum overlap ", min_overlap, " is not in (0, 1]"));
  }
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(project, coders, code_ids));
  const double k = static_cast<double>(p.codes.size());
  auto finish = [&](SegmentAgreementRow& r) {
    const int64_t segments = r.segments_a + r.segments_b;
    r.percent = segments == 0 ? 1.0 : static_cast<double>(r.agreed_a + r.agreed_b) / segments;
    r.kappa = k <= 1 ? r.percent : (r.percent - 1 / k) / (1 - 1 / k);
  };
  auto matched = [&](const Coding& x, auto begin, auto end) {
    for (auto it = begin; it != end; ++it) {
      const int64_t shared = x.span.Intersection(it->span).length();
      const int64_t combined = std::max(x.span.end, it->span.end) - std::min(x.span.start, it->span.start);
      if (shared > 0 && static_cast<double>(shared) / combined >= min_overlap - 1e-12) return true;
    }
    return false;
  };
  std::vector<SegmentAgreementRow> pooled(p.codes.size()), rows;
  for (size_t d = 0; d < p.by_document.size(); ++d) {
    SortRuns(p.by_document[d]);
    ForEachCode(p.by_document[d], [&](int code, auto a_begin, auto a_end, auto b_begin, auto b_end) {
      SegmentAgreementRow r{.code_id = p.codes[code], .document_id = project.documents()[d].id};
      r.segments_a = a_end - a_begin;
      r.segments_b = b_end - b_begin;
      for (auto it = a_begin; it != a_end; ++it) r.agreed_a += matched(*it, b_begin, b_end);
      for (auto it = b_begin; it != b_end; ++it) r.agreed_b += matched(*it, a_begin, a_end);
      finish(r);
      SegmentAgreementRow& all = pooled[code];
      all.segments_a += r.segments_a;
      all.segments_b += r.segments_b;
      all.agreed_a += r.agreed_a;
      all.agreed_b += r.agreed_b;
      rows.push_back(std::move(r));
    });
  }
  for (size_t c = 0; c < p.codes.size(); ++c) {
    pooled[c].code_id = p.codes[c];
    finish(pooled[c]);
    rows.push_back(std::move(pooled[c]));
  }
  return rows;
}

absl::StatusOr<std::vector<Disagreement>> Disagreements(const Project& project, const CoderSets& coders,
                                                        const std::vector<std::string>& code_ids) {
  THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(project, coders, code_ids));
  std::vector<Disagreement> out;
  for (size_t d = 0; d < p.by_document.size(); ++d) {
    const std::vector<Coding>& codings = p.by_document[d];
    if (codings.empty()) continue;
    std::vector<int64_t> cuts;
    for (const Coding& c : codings) {
      cuts.push_back(c.span.start);
      cuts.push_back(c.span.end);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    // Per elementary stretch [cuts[i], cuts[i+1]), the codes of each side.
    std::vector<std::vector<int>> a(cuts.size()), b(cuts.size());
    for (const Coding& c : codings) {
      const size_t first = std::lower_bound(cuts.begin(), cuts.end(), c.span.start) - cuts.begin();
      const size_t last = std::lower_bound(cuts.begin(), cuts.end(), c.span.end) - cuts.begin();
      for (size_t i = first; i < last; ++i) (c.side == kA ? a : b)[i].push_back(c.code);
    }
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      for (auto* v : {&a[i], &b[i]}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
      }
      if (a[i] == b[i]) continue;
      auto ids = [&](const std::vector<int>& codes) {
        std::vector<std::string> names;
        for (int c : codes) names.push_back(p.codes[c]);
        return names;
      };
      const std::string& doc = project.documents()[d].id;
      if (!out.empty() && out.back().document_id == doc && out.back().span.end == cuts[i] &&
          out.back().codes_a == ids(a[i]) && out.back().codes_b == ids(b[i])) {
        out.back().span.end = cuts[i + 1];
        continue;
      }
      out.push_back({doc, {cuts[i], cuts[i + 1]}, ids(a[i]), ids(b[i])});
    }
  }
  return out;
}

}  // namespace thematica
