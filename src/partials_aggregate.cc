// Partial results of one project: Aggregate* (see partials.h).
#include "internal/lookup.h"
#include "internal/partials_helpers.h"

namespace thematica::partials {

using namespace helpers;  // NOLINT: the shared helpers of the partials' files.

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
  if (project.FindCode(code_id) == nullptr) return internal::NotFound("code", code_id);
  absl::flat_hash_set<std::string> documents;
  for (const std::string& id : result.excerpt_ids) {
    const Excerpt* e = project.FindExcerpt(id);
    if (e == nullptr) return internal::NotFound("excerpt", id);
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

}  // namespace thematica::partials
