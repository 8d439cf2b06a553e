// The compact view of a project that the analysis engine queries: codes,
// documents and cases as small integers, one record per (excerpt, code), the
// records of each document sorted by start, and each code's postings. Built
// in one pass over the project (O(codings log codings)); rebuilt whenever the
// project changed, which callers detect with Project::revision().
#ifndef THEMATICA_SRC_INTERNAL_ANALYSIS_INDEX_H_
#define THEMATICA_SRC_INTERNAL_ANALYSIS_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "thematica/project.h"

namespace thematica::internal {

struct Coding {
  int32_t document;  // Index into project.documents().
  int32_t code;      // Index into project.codebook().codes().
  int32_t excerpt;   // Index into project.excerpts().
  int64_t start, end;
};

class AnalysisIndex {
 public:
  explicit AnalysisIndex(const Project& project);

  const Project& project() const { return *project_; }
  const std::vector<Coding>& codings() const { return codings_; }
  // Codings of document d are codings()[document_begin[d], document_begin[d+1]).
  const std::vector<size_t>& document_begin() const { return document_begin_; }
  // Indices into codings() per code.
  const std::vector<std::vector<uint32_t>>& postings() const { return postings_; }
  // Beside each posting, the case its coding speaks for: a case index, -1
  // for none, -2 for several (then see excerpt_cases). Kept apart so that
  // per-case counts read one small array instead of chasing every coding.
  static constexpr int32_t kNoCase = -1;
  static constexpr int32_t kSeveralCases = -2;
  const std::vector<std::vector<int32_t>>& posting_cases() const { return posting_cases_; }
  // Case indices an excerpt speaks for (Project::ExcerptCaseIds).
  const std::vector<int32_t>& excerpt_cases(int32_t excerpt) const { return excerpt_cases_[excerpt]; }
  int code_index(absl::string_view id) const;   // -1 when unknown.
  int case_index(absl::string_view id) const;   // -1 when unknown.
  int document_index(absl::string_view id) const;
  // For each code, itself and its descendants (code indices).
  std::vector<int32_t> WithDescendants(int code) const;

 private:
  const Project* project_;
  std::vector<Coding> codings_;
  std::vector<size_t> document_begin_;
  std::vector<std::vector<uint32_t>> postings_;
  std::vector<std::vector<int32_t>> posting_cases_;
  std::vector<std::vector<int32_t>> excerpt_cases_;
  absl::flat_hash_map<std::string, int32_t> code_index_, case_index_, document_index_;
};

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_ANALYSIS_INDEX_H_
