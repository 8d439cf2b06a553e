#include "internal/analysis_index.h"

#include <algorithm>

namespace thematica::internal {

AnalysisIndex::AnalysisIndex(const Project& project) : project_(&project) {
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
    const int32_t doc = document_index_.at(x.document_id);
    for (const std::string& c : x.code_ids) {
      codings_.push_back({doc, code_index_.at(c), static_cast<int32_t>(e), x.span.start, x.span.end});
    }
    for (const std::string& c : project.ExcerptCaseIds(x)) excerpt_cases_[e].push_back(case_index_.at(c));
  }
  std::sort(codings_.begin(), codings_.end(), [](const Coding& a, const Coding& b) {
    return std::tie(a.document, a.start, a.end, a.code) < std::tie(b.document, b.start, b.end, b.code);
  });
  document_begin_.assign(project.documents().size() + 1, 0);
  for (const Coding& c : codings_) ++document_begin_[c.document + 1];
  for (size_t d = 0; d + 1 < document_begin_.size(); ++d) document_begin_[d + 1] += document_begin_[d];
  postings_.resize(codes.size());
  posting_cases_.resize(codes.size());
  for (size_t i = 0; i < codings_.size(); ++i) {
    const Coding& c = codings_[i];
    postings_[c.code].push_back(static_cast<uint32_t>(i));
    const std::vector<int32_t>& cases = excerpt_cases_[c.excerpt];
    posting_cases_[c.code].push_back(cases.empty() ? kNoCase : cases.size() == 1 ? cases[0] : kSeveralCases);
  }
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
