// A read-only view of a compact `.thematica` file (format 1.2, README
// "Scale") whose texts stay in the file: the file is memory-mapped and only
// the header and columns (ids, names, spans, codes — a few dozen bytes an
// excerpt) are decoded, so opening costs about what reading the columns
// does and a corpus larger than memory can be queried; the kernel's page
// cache, not the process, holds the texts that were read.
//
//   absl::StatusOr<std::shared_ptr<const thematica::ProjectView>> v =
//       thematica::ProjectView::Open("corpus.thematica");
//   if (!v.ok()) return v.status();
//   absl::StatusOr<std::vector<size_t>> rows = (*v)->Excerpts(code_id, true);
//   for (size_t e : *rows) std::cout << *(*v)->ExcerptText(e) << "\n";
//
// Offsets are Unicode code points, as everywhere in Thematica.
//
// Validation. Open checks every reference and range the columns hold
// without reading a text: column lengths agree, positions (documents,
// codes, coders, cases, code parents, speaker-turn cases) are in range, the
// texts run is exactly the sum of the documents' text byte lengths, and
// every excerpt and speaker-turn span lies within its document's byte
// length. A document's text is checked on its first access (Text,
// ExcerptText): valid UTF-8 and every span end within its length in code
// points, else DataLoss naming the document — on that and every later
// access. Validate() checks everything eagerly (every text, and the whole
// project as LoadProject does). Files damaged in any other way are DataLoss
// at Open, never a crash.
//
// Only the compact encoding has columns to map: a record-encoded
// `.thematica` or a `.json` file is InvalidArgument at Open, saying how to
// convert it (`thematica convert IN OUT.thematica --compact`); LoadProject
// reads those. The view is immutable, and safe to share between threads.
// The mapping lives as long as the view: saving over the same path is
// atomic (a new file is renamed into place), so the view keeps reading the
// old file's bytes. Files over 2 GiB open (the texts are located without
// protobuf's 2 GiB-per-message limit); only ToProject needs them under it.
#ifndef THEMATICA_PROJECT_VIEW_H_
#define THEMATICA_PROJECT_VIEW_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "thematica/project.h"
#include "thematica/span.h"

namespace thematica {

class ProjectView {
 public:
  // Maps and decodes the compact file at `path` (see above).
  static absl::StatusOr<std::shared_ptr<const ProjectView>> Open(const std::string& path);

  ~ProjectView();
  ProjectView(const ProjectView&) = delete;
  ProjectView& operator=(const ProjectView&) = delete;

  const std::string& path() const { return path_; }
  const std::string& title() const { return title_; }
  // Size of the mapped file in bytes.
  uint64_t file_bytes() const { return size_; }

  // Documents, in the project's order.
  size_t document_count() const { return document_names_.size(); }
  std::string DocumentId(size_t doc) const;
  const std::string& DocumentName(size_t doc) const { return document_names_[doc]; }
  // Case position of the document (not of its speaker turns), or -1.
  int32_t DocumentCase(size_t doc) const { return document_cases_[doc]; }
  std::string DocumentCaseId(size_t doc) const;
  uint64_t DocumentTextBytes(size_t doc) const {
    return text_offsets_[doc + 1] - text_offsets_[doc];
  }
  // The text, read from the mapping (valid as long as the view).
  absl::StatusOr<absl::string_view> Text(size_t doc) const;
  // Position of the document with this id, else of the one with this name.
  std::optional<size_t> FindDocument(absl::string_view id_or_name) const;

  // Codes, in codebook order.
  size_t code_count() const { return codes_.size(); }
  const std::string& CodeId(size_t code) const { return codes_[code].id; }
  const std::string& CodeName(size_t code) const { return codes_[code].name; }
  const std::string& CodeParentId(size_t code) const { return codes_[code].parent_id; }
  int32_t CodeParent(size_t code) const { return codes_[code].parent; }  // -1 for a root.
  std::optional<size_t> FindCode(absl::string_view id) const;

  size_t case_count() const { return cases_.size(); }
  const std::string& CaseId(size_t c) const { return cases_[c].id; }
  const std::string& CaseName(size_t c) const { return cases_[c].name; }
  size_t coder_count() const { return coders_.size(); }
  const std::string& CoderId(size_t c) const { return coders_[c].id; }
  const std::string& CoderName(size_t c) const { return coders_[c].name; }

  // Excerpts as columns, in the project's order.
  size_t excerpt_count() const { return excerpt_documents_.size(); }
  std::string ExcerptId(size_t e) const;
  size_t ExcerptDocument(size_t e) const { return excerpt_documents_[e]; }
  int64_t ExcerptStart(size_t e) const { return excerpt_starts_[e]; }
  int64_t ExcerptEnd(size_t e) const { return excerpt_ends_[e]; }
  // Code positions, in the excerpt's order.
  absl::Span<const uint32_t> ExcerptCodes(size_t e) const {
    return absl::MakeConstSpan(excerpt_codes_).subspan(excerpt_code_offsets_[e],
                                                       excerpt_code_offsets_[e + 1] - excerpt_code_offsets_[e]);
  }
  int32_t ExcerptCoder(size_t e) const { return excerpt_coders_[e]; }  // -1: none.
  // Excerpts carrying the code (with_descendants: or a code below it), in
  // the project's order; NotFound for an unknown code id.
  absl::StatusOr<std::vector<size_t>> Excerpts(absl::string_view code_id,
                                               bool with_descendants = false) const;
  // The excerpt's text (a view into the mapping); checks its document first.
  absl::StatusOr<absl::string_view> ExcerptText(size_t e) const;
  // The same numbers as Project::CodeCounts (cases through speaker turns
  // overlapping an excerpt, else the document's case).
  std::vector<CodeCount> CodeCounts(bool include_descendants = false) const;

  // The whole Project, decoded from the mapping by the loader: equal to
  // LoadProject(path()) (ResourceExhausted over 2 GiB, as LoadProject is).
  absl::StatusOr<Project> ToProject() const;
  // Every check: each text (as on first access) and the project as
  // LoadProject validates it.
  absl::Status Validate() const;

 private:
  struct Turn {
    Span span;
    int32_t case_row;  // -1: no case.
  };
  struct Named {
    std::string id, name;
  };
  struct ViewCode {
    std::string id, name, parent_id;
    int32_t parent = -1;
  };
  // Ids of one kind: 16 GUID bytes a row, the rows whose id is text apart.
  struct Ids {
    std::string guids;
    absl::flat_hash_map<uint32_t, std::string> text;
    std::string Get(uint32_t row) const;
  };
  ProjectView() = default;
  struct Decoder;  // Decode's steps (project_view.cc).
  absl::Status Decode();
  absl::Status CheckText(size_t doc) const;
  // The code and, with descendants, every code below it.
  std::vector<uint32_t> CodeSet(uint32_t code, bool with_descendants) const;

  std::string path_;
  std::string title_;
  const char* data_ = nullptr;  // The mapping (nullptr for an empty file).
  uint64_t size_ = 0;
  uint64_t texts_offset_ = 0;   // In the file.

  std::vector<ViewCode> codes_;
  std::vector<Named> cases_, coders_;
  Ids document_ids_, excerpt_ids_;
  std::vector<std::string> document_names_;
  std::vector<int32_t> document_cases_;
  std::vector<uint64_t> text_offsets_;  // One more than documents, from the texts run.
  std::vector<int64_t> max_ends_;       // Largest span end in each document.
  absl::flat_hash_map<uint32_t, std::vector<Turn>> turns_;  // Documents with speaker turns.
  // Per document: unchecked, checked (ASCII: code points are bytes), bad.
  enum TextState : uint8_t { kTextUnchecked = 0, kTextOk, kTextAscii, kTextBad };
  std::unique_ptr<std::atomic<uint8_t>[]> text_state_;
  absl::flat_hash_map<std::string, uint32_t> code_positions_;
  std::vector<std::vector<uint32_t>> code_children_;

  std::vector<uint32_t> excerpt_documents_;
  std::vector<int64_t> excerpt_starts_, excerpt_ends_;
  std::vector<uint32_t> excerpt_code_offsets_, excerpt_codes_;
  std::vector<int32_t> excerpt_coders_;
  // Excerpts by code: rows of code c are by_code_[by_code_offsets_[c]..[c+1]).
  std::vector<uint32_t> by_code_offsets_, by_code_;
};

}  // namespace thematica

#endif  // THEMATICA_PROJECT_VIEW_H_
