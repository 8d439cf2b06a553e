#include "internal/analysis_index.h"

#include "internal/excerpt_cases.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_set.h"

namespace thematica::internal {
namespace {

bool Before(const Coding& a, const Coding& b) {
  return std::tie(a.start, a.end, a.code) < std::tie(b.start, b.end, b.code);
}

}  // namespace

AnalysisIndex::AnalysisIndex(const Project& project) : project_(&project) { Build(); }

void AnalysisIndex::Build() {
  const Project& project = *project_;
  revision_ = project.revision();
  structure_ = project.structure_revision();
  codings_.clear();
  posting_position_.clear();
  free_codings_.clear();
  document_codings_.clear();
  postings_.clear();
  posting_cases_.clear();
  excerpt_slot_.clear();
  excerpt_ids_.clear();
  excerpt_cases_.clear();
  excerpt_codings_.clear();
  free_excerpts_.clear();
  slot_map_ready_ = false;
  code_index_.clear();
  case_index_.clear();
  document_index_.clear();

  const auto& codes = project.codebook().codes();
  for (size_t i = 0; i < codes.size(); ++i) code_index_.emplace(codes[i].id, static_cast<int32_t>(i));
  for (size_t i = 0; i < project.cases().size(); ++i) {
    case_index_.emplace(project.cases()[i].id, static_cast<int32_t>(i));
  }
  for (size_t i = 0; i < project.documents().size(); ++i) {
    document_index_.emplace(project.documents()[i].id, static_cast<int32_t>(i));
  }
  const auto& excerpts = project.excerpts();
  excerpt_cases_.resize(excerpts.size());
  codings_.reserve(excerpts.size() * 5 / 4);
  for (size_t e = 0; e < excerpts.size(); ++e) {
    const Excerpt& x = excerpts[e];
    excerpt_ids_.push_back(x.id);
    const int32_t doc = document_index_.at(x.document_id);
    for (const std::string& c : x.code_ids) {
      codings_.push_back({doc, code_index_.at(c), static_cast<int32_t>(e), x.span.start, x.span.end});
    }
    ForEachExcerptCase(project, x, [&](const std::string& c) { excerpt_cases_[e].push_back(case_index_.at(c)); });
  }
  std::sort(codings_.begin(), codings_.end(), [](const Coding& a, const Coding& b) {
    return std::tie(a.document, a.start, a.end, a.code) < std::tie(b.document, b.start, b.end, b.code);
  });
  document_codings_.resize(project.documents().size());
  postings_.resize(codes.size());
  posting_cases_.resize(codes.size());
  posting_position_.resize(codings_.size());
  for (size_t i = 0; i < codings_.size(); ++i) {
    const Coding& c = codings_[i];
    const uint32_t slot = static_cast<uint32_t>(i);
    document_codings_[c.document].push_back(slot);
    posting_position_[i] = static_cast<uint32_t>(postings_[c.code].size());
    postings_[c.code].push_back(slot);
    const std::vector<int32_t>& cases = excerpt_cases_[c.excerpt];
    posting_cases_[c.code].push_back(cases.empty() ? kNoCase : cases.size() == 1 ? cases[0] : kSeveralCases);
  }
}

bool AnalysisIndex::Update() {
  const Project& project = *project_;
  if (project.structure_revision() != structure_) {
    Build();
    return true;
  }
  if (project.revision() == revision_) return false;
  absl::flat_hash_set<std::string> changed;
  const bool reaches = project.ExcerptChangesSince(
      revision_, [&](const ExcerptChange& change) { changed.insert(change.excerpt_id); });
  // Past a quarter of the excerpts one pass over them all is cheaper.
  if (!reaches || changed.size() > project.excerpts().size() / 4 + 64) {
    Build();
    return true;
  }
  if (!slot_map_ready_) {
    excerpt_slot_.reserve(excerpt_ids_.size());
    for (size_t e = 0; e < excerpt_ids_.size(); ++e) excerpt_slot_.emplace(excerpt_ids_[e], static_cast<int32_t>(e));
    excerpt_codings_.assign(excerpt_ids_.size(), {});
    for (size_t i = 0; i < codings_.size(); ++i) {
      excerpt_codings_[codings_[i].excerpt].push_back(static_cast<uint32_t>(i));
    }
    slot_map_ready_ = true;
  }
  for (const std::string& id : changed) {
    if (!Refresh(id)) {
      Build();
      return true;
    }
  }
  revision_ = project.revision();
  return false;
}

bool AnalysisIndex::Refresh(const std::string& id) {
  if (auto it = excerpt_slot_.find(id); it != excerpt_slot_.end()) RemoveExcerpt(it->second);
  const Excerpt* now = project_->FindExcerpt(id);
  return now == nullptr || AddExcerpt(*now);
}

void AnalysisIndex::RemoveFromPostings(uint32_t slot) {
  const int32_t code = codings_[slot].code;
  std::vector<uint32_t>& list = postings_[code];
  std::vector<int32_t>& cases = posting_cases_[code];
  const uint32_t at = posting_position_[slot];
  list[at] = list.back();
  cases[at] = cases.back();
  posting_position_[list[at]] = at;
  list.pop_back();
  cases.pop_back();
}

void AnalysisIndex::RemoveExcerpt(int32_t excerpt) {
  for (uint32_t slot : excerpt_codings_[excerpt]) {
    const Coding& c = codings_[slot];
    std::vector<uint32_t>& in_document = document_codings_[c.document];
    auto it = std::lower_bound(in_document.begin(), in_document.end(), slot,
                               [&](uint32_t a, uint32_t) { return Before(codings_[a], c); });
    while (it != in_document.end() && *it != slot) ++it;  // Among codings with the same key.
    in_document.erase(it);
    RemoveFromPostings(slot);
    free_codings_.push_back(slot);
  }
  excerpt_codings_[excerpt].clear();
  excerpt_cases_[excerpt].clear();
  excerpt_slot_.erase(excerpt_ids_[excerpt]);
  excerpt_ids_[excerpt].clear();
  free_excerpts_.push_back(excerpt);
}

bool AnalysisIndex::AddExcerpt(const Excerpt& x) {
  const int doc = document_index(x.document_id);
  if (doc < 0) return false;
  std::vector<int32_t> codes;
  for (const std::string& id : x.code_ids) {
    const int c = code_index(id);
    if (c < 0) return false;
    codes.push_back(c);
  }
  std::vector<int32_t> cases;
  for (const std::string& id : project_->ExcerptCaseIds(x)) {
    const int k = case_index(id);
    if (k < 0) return false;
    cases.push_back(k);
  }
  int32_t excerpt;
  if (free_excerpts_.empty()) {
    excerpt = static_cast<int32_t>(excerpt_ids_.size());
    excerpt_ids_.push_back(x.id);
    excerpt_cases_.emplace_back();
    excerpt_codings_.emplace_back();
  } else {
    excerpt = free_excerpts_.back();
    free_excerpts_.pop_back();
    excerpt_ids_[excerpt] = x.id;
  }
  excerpt_slot_.emplace(excerpt_ids_[excerpt], excerpt);
  const int32_t posting_case = cases.empty() ? kNoCase : cases.size() == 1 ? cases[0] : kSeveralCases;
  excerpt_cases_[excerpt] = std::move(cases);
  for (int32_t code : codes) {
    const Coding coding{doc, code, excerpt, x.span.start, x.span.end};
    uint32_t slot;
    if (free_codings_.empty()) {
      slot = static_cast<uint32_t>(codings_.size());
      codings_.push_back(coding);
      posting_position_.push_back(0);
    } else {
      slot = free_codings_.back();
      free_codings_.pop_back();
      codings_[slot] = coding;
    }
    std::vector<uint32_t>& in_document = document_codings_[doc];
    auto it = std::upper_bound(in_document.begin(), in_document.end(), slot,
                               [&](uint32_t, uint32_t b) { return Before(coding, codings_[b]); });
    in_document.insert(it, slot);
    posting_position_[slot] = static_cast<uint32_t>(postings_[code].size());
    postings_[code].push_back(slot);
    posting_cases_[code].push_back(posting_case);
    excerpt_codings_[excerpt].push_back(slot);
  }
  return true;
}

int AnalysisIndex::code_index(absl::string_view id) const {
  auto it = code_index_.find(id);
  return it == code_index_.end() ? -1 : it->second;
}
int AnalysisIndex::case_index(absl::string_view id) const {
  auto it = case_index_.find(id);
  return it == case_index_.end() ? -1 : it->second;
}
int AnalysisIndex::document_index(absl::string_view id) const {
  auto it = document_index_.find(id);
  return it == document_index_.end() ? -1 : it->second;
}

std::vector<int32_t> AnalysisIndex::WithDescendants(int code) const {
  std::vector<int32_t> out = {code};
  const Codebook& book = project_->codebook();
  for (const std::string& d : book.Descendants(book.codes()[code].id)) out.push_back(code_index_.at(d));
  return out;
}

}  // namespace thematica::internal
