// The compact view of a project that the analysis engine queries: codes,
// documents and cases as small integers, one record per (excerpt, code), the
// records of each document sorted by start, and each code's postings.
//
// Built in one pass over the project (O(codings log codings)), then kept up
// to date by Update(): while the project's structure (codes, documents,
// cases, attributes: Project::structure_revision()) stays, the excerpts
// changed since the index's revision (Project::ExcerptChangesSince) are taken
// out and put back as they are now, in time proportional to their codings
// and their documents' codings; otherwise, or when the journal no longer
// reaches back, it rebuilds. Records are kept in slots that never move, so
// an edit does not shift the others: positions in project.excerpts() are not
// used after the build.
#ifndef THEMATICA_SRC_INTERNAL_ANALYSIS_INDEX_H_
#define THEMATICA_SRC_INTERNAL_ANALYSIS_INDEX_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica::internal {

struct Coding {
  int32_t document;  // Index into project.documents().
  int32_t code;      // Index into project.codebook().codes().
  int32_t excerpt;   // Excerpt slot (excerpt_id(), excerpt_cases()).
  int64_t start, end;
};

class AnalysisIndex {
 public:
  explicit AnalysisIndex(const Project& project);

  // Brings the index to the project's current state; returns true when that
  // took a full rebuild, false when the changes were applied one by one (or
  // there were none).
  bool Update();
  // The project's revision() the index reflects.
  uint64_t revision() const { return revision_; }

  const Project& project() const { return *project_; }
  // The coding in a slot. Slots of removed codings are reused; every slot
  // reachable from document_codings() or postings() is live.
  const Coding& coding(uint32_t slot) const { return codings_[slot]; }
  // Live codings in all.
  size_t size() const { return codings_.size() - free_codings_.size(); }
  size_t document_count() const { return document_codings_.size(); }
  // Coding slots of document d, sorted by (start, end, code).
  const std::vector<uint32_t>& document_codings(int32_t d) const { return document_codings_[d]; }
  // Coding slots per code, in no particular order.
  const std::vector<uint32_t>& postings(int32_t code) const { return postings_[code]; }
  // Beside each posting, the case its coding speaks for: a case index, -1
  // for none, -2 for several (then see excerpt_cases). Kept apart so that
  // per-case counts read one small array instead of chasing every coding.
  static constexpr int32_t kNoCase = -1;
  static constexpr int32_t kSeveralCases = -2;
  const std::vector<int32_t>& posting_cases(int32_t code) const { return posting_cases_[code]; }
  // Case indices an excerpt speaks for (Project::ExcerptCaseIds).
  const std::vector<int32_t>& excerpt_cases(int32_t excerpt) const { return excerpt_cases_[excerpt]; }
  const std::string& excerpt_id(int32_t excerpt) const { return excerpt_ids_[excerpt]; }
  // Excerpt slots in all, removed ones included (for per-excerpt stamps).
  size_t excerpt_slots() const { return excerpt_ids_.size(); }
  int code_index(absl::string_view id) const;   // -1 when unknown.
  int case_index(absl::string_view id) const;   // -1 when unknown.
  int document_index(absl::string_view id) const;
  // For each code, itself and its descendants (code indices).
  std::vector<int32_t> WithDescendants(int code) const;

 private:
  void Build();
  // Takes excerpt `id` out (if indexed) and puts it back as the project has
  // it now (if it still exists). False when it names a document or code the
  // index does not know (the structure changed after all).
  bool Refresh(const std::string& id);
  void RemoveExcerpt(int32_t slot);
  bool AddExcerpt(const Excerpt& excerpt);
  void RemoveFromPostings(uint32_t slot);

  const Project* project_;
  uint64_t revision_ = 0;
  uint64_t structure_ = 0;
  std::vector<Coding> codings_;
  std::vector<uint32_t> posting_position_;  // Per coding slot: where it is in its code's postings.
  std::vector<uint32_t> free_codings_;
  std::vector<std::vector<uint32_t>> document_codings_;
  std::vector<std::vector<uint32_t>> postings_;
  std::vector<std::vector<int32_t>> posting_cases_;
  // Per excerpt slot: its id ("" when free; a deque, so that the views in
  // excerpt_slot_ stay valid), cases and coding slots.
  std::deque<std::string> excerpt_ids_;
  std::vector<std::vector<int32_t>> excerpt_cases_;
  std::vector<std::vector<uint32_t>> excerpt_codings_;
  std::vector<int32_t> free_excerpts_;
  // Id → excerpt slot; made on the first incremental update, so a full
  // build does not pay for it.
  absl::flat_hash_map<absl::string_view, int32_t> excerpt_slot_;
  bool slot_map_ready_ = false;
  absl::flat_hash_map<std::string, int32_t> code_index_, case_index_, document_index_;
};

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_ANALYSIS_INDEX_H_
