#include "thematica/project_view.h"

#include "internal/open_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <utility>

#include <google/protobuf/stubs/logging.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "internal/compact_columns.h"
#include "internal/format_upgrade.h"
#include "internal/file_util.h"
#include "thematica/native_io.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

namespace pb = ::thematica::v1;
using internal::CompactReader;

// Byte offset of code point `n` in valid UTF-8 `text` (its size past the end).
size_t ByteOffset(absl::string_view text, int64_t n) {
  size_t i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80 && n-- == 0) return i;
  }
  return text.size();
}

}  // namespace

std::string ProjectView::Ids::Get(uint32_t row) const {
  if (auto it = text.find(row); it != text.end()) return it->second;
  return internal::GuidText(absl::string_view(guids).substr(size_t{row} * 16, 16));
}

ProjectView::~ProjectView() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

absl::StatusOr<std::shared_ptr<const ProjectView>> ProjectView::Open(const std::string& path) {
  if (absl::EndsWithIgnoreCase(path, ".json")) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": a ProjectView reads compact .thematica files, not JSON: convert it with "
              "`thematica convert ", path, " OUT.thematica --compact`, or load it whole with "
              "thematica.load"));
  }
  std::shared_ptr<ProjectView> view(new ProjectView());
  view->path_ = path;
  THEMATICA_ASSIGN_OR_RETURN(const internal::OpenedFile file, internal::OpenRegularFile(path, "map"));
  const int fd = file.fd;
  view->size_ = file.size;
  if (view->size_ != 0) {
    void* data = ::mmap(nullptr, view->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      return IoError(e, "map", path);
    }
    view->data_ = static_cast<const char*>(data);
  }
  ::close(fd);  // The mapping keeps the file.
  if (absl::Status s = view->Decode(); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
  }
  return std::shared_ptr<const ProjectView>(std::move(view));
}

// Decode's steps, one per part of the file: the header, the codebook (with
// coders and cases), the documents, the excerpts, the excerpts by code. A
// nested class, so that it fills the view's columns.
struct ProjectView::Decoder {
  explicit Decoder(ProjectView& v) : view(v) {}

  ProjectView& view;
  pb::Project header;
  pb::CompactCorpus corpus;
  uint64_t texts_size = 0;
  size_t document_rows = 0;
  absl::flat_hash_map<absl::string_view, uint32_t> coder_positions, case_positions;

  absl::Status Header();
  absl::Status Codebook();
  absl::Status Documents();
  absl::Status DocumentResiduals(const CompactReader& reader, const pb::CompactDocuments& docs);
  absl::Status Excerpts();
  absl::StatusOr<uint32_t> ExcerptDocument(const CompactReader& reader, const pb::CompactExcerpts& ex,
                                           uint32_t row, const pb::Excerpt* rest, int64_t& document);
  absl::Status ExcerptCodes(const CompactReader& reader, const pb::CompactExcerpts& ex, uint32_t row,
                            const pb::Excerpt* rest, int& code);
  absl::Status ExcerptCoder(const CompactReader& reader, const pb::CompactExcerpts& ex, uint32_t row,
                            const pb::Excerpt* rest);
  void IndexByCode();
  // The row of case `id` in `out` (-1 for none); false for an unknown id.
  bool FindCase(const std::string& id, int32_t& out) const;
};

absl::Status ProjectView::Decode() {
  google::protobuf::LogSilencer silence;
  Decoder decoder(*this);
  THEMATICA_RETURN_IF_ERROR(decoder.Header());
  THEMATICA_RETURN_IF_ERROR(decoder.Codebook());
  THEMATICA_RETURN_IF_ERROR(decoder.Documents());
  THEMATICA_RETURN_IF_ERROR(decoder.Excerpts());
  decoder.IndexByCode();
  text_state_ = std::make_unique<std::atomic<uint8_t>[]>(decoder.document_rows);
  return absl::OkStatus();
}

absl::Status ProjectView::Decoder::Header() {
  const absl::string_view file(view.data_, view.size_);
  if (!absl::StartsWith(file, internal::kCompactMagic)) {
    return absl::InvalidArgumentError(
        "not a compact Thematica file (a ProjectView maps only the compact encoding): convert it "
        "with `thematica convert IN OUT.thematica --compact`, or load it whole with LoadProject");
  }
  const absl::string_view bytes = file.substr(internal::kCompactMagic.size());
  THEMATICA_ASSIGN_OR_RETURN(const internal::CompactLayout layout, internal::ScanCompact(bytes));
  THEMATICA_RETURN_IF_ERROR(internal::ParseCompactHeader(bytes, layout, header));
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  // The compact encoding began with 1.2: an older version here is damage
  // (the loader would upgrade records the view reads as they are).
  if (!internal::UpgradeChain(header.format_version().major(), header.format_version().minor()).empty()) {
    return absl::DataLossError(absl::StrCat("corrupt Thematica compact file: format ",
                                            header.format_version().major(), ".",
                                            header.format_version().minor(),
                                            " is older than the compact encoding"));
  }
  if (!header.has_compact_corpus()) {
    return absl::DataLossError("corrupt or truncated Thematica compact file: no columns");
  }
  corpus.Swap(header.mutable_compact_corpus());
  THEMATICA_RETURN_IF_ERROR(internal::CasesFromColumns(corpus.cases(), header));
  view.title_ = header.title();
  view.texts_offset_ = internal::kCompactMagic.size() + (layout.texts ? layout.texts->first : 0);
  texts_size = layout.texts ? layout.texts->second : 0;
  return absl::OkStatus();
}

// Codebook, coders, cases.
absl::Status ProjectView::Decoder::Codebook() {
  for (const pb::Code& c : header.codes()) {
    if (!view.code_positions_.emplace(c.id(), view.codes_.size()).second) {
      return absl::DataLossError(absl::StrCat("code id ", c.id(), " given twice"));
    }
    view.codes_.push_back({c.id(), c.name(), c.parent_id()});
  }
  std::vector<ViewCode>& codes = view.codes_;
  view.code_children_.resize(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i].parent_id.empty()) continue;
    const auto it = view.code_positions_.find(codes[i].parent_id);
    if (it == view.code_positions_.end()) {
      return absl::DataLossError(absl::StrCat("code ", codes[i].id, ": parent ",
                                              codes[i].parent_id, " not found"));
    }
    codes[i].parent = static_cast<int32_t>(it->second);
    view.code_children_[it->second].push_back(static_cast<uint32_t>(i));
  }
  for (const pb::Coder& c : header.coders()) {
    coder_positions.emplace(c.id(), view.coders_.size());
    view.coders_.push_back({c.id(), c.name()});
  }
  for (const pb::Case& c : header.cases()) {
    case_positions.emplace(c.id(), view.cases_.size());
    view.cases_.push_back({c.id(), c.name()});
  }
  return absl::OkStatus();
}

bool ProjectView::Decoder::FindCase(const std::string& id, int32_t& out) const {
  out = -1;
  if (id.empty()) return true;
  const auto it = case_positions.find(id);
  if (it == case_positions.end()) return false;
  out = static_cast<int32_t>(it->second);
  return true;
}

absl::Status ProjectView::Decoder::Documents() {
  pb::CompactDocuments& docs = *corpus.mutable_documents();
  document_rows = docs.names_size();
  CompactReader reader("documents");
  THEMATICA_RETURN_IF_ERROR(reader.CheckDocumentColumns(docs, document_rows));
  view.document_ids_.guids = std::move(*docs.mutable_ids()->mutable_guids());
  for (int i = 0; i < docs.ids().text_id_rows_size(); ++i) {
    view.document_ids_.text.emplace(docs.ids().text_id_rows(i), docs.ids().text_ids(i));
  }
  std::vector<uint64_t>& text_offsets = view.text_offsets_;
  view.document_names_.reserve(document_rows);
  view.document_cases_.reserve(document_rows);
  text_offsets.reserve(document_rows + 1);
  text_offsets.push_back(0);
  for (uint32_t row = 0; row < document_rows; ++row) {
    view.document_names_.push_back(std::move(*docs.mutable_names(row)));
    const uint64_t length = docs.text_bytes(row);
    if (length > texts_size - text_offsets.back()) {
      return reader.Corrupt(absl::StrCat("row ", row, ": text beyond the end of the texts"));
    }
    text_offsets.push_back(text_offsets.back() + length);
    const uint32_t c = docs.cases(row);
    if (c > view.cases_.size()) {
      return reader.Corrupt(absl::StrCat("row ", row, " refers to case ", c, " of ", view.cases_.size()));
    }
    view.document_cases_.push_back(static_cast<int32_t>(c) - 1);
  }
  if (text_offsets.back() != texts_size) return reader.Corrupt("texts longer than the documents' texts");
  view.max_ends_.assign(document_rows, 0);
  return DocumentResiduals(reader, docs);
}

// What the documents' residuals may hold: other cases and speaker turns.
absl::Status ProjectView::Decoder::DocumentResiduals(const CompactReader& reader,
                                                     const pb::CompactDocuments& docs) {
  for (const pb::CompactDocumentResidual& r : docs.residuals()) {
    const pb::Document& d = r.record();
    const uint32_t row = r.row();
    // The columns own these; a residual that sets them is not what the
    // writer makes, and would make the view and the loaded project differ.
    if (!d.id().empty() || !d.name().empty() || !d.text().empty()) {
      return reader.Corrupt(absl::StrCat("row ", row, ": residual repeats a column"));
    }
    if (!d.case_id().empty()) {
      if (view.document_cases_[row] >= 0 || !FindCase(d.case_id(), view.document_cases_[row])) {
        return reader.Corrupt(absl::StrCat("row ", row, " refers to unknown case ", d.case_id()));
      }
    }
    std::vector<Turn> turns;
    for (const pb::SpeakerTurn& t : d.speaker_turns()) {
      Turn turn{Span{t.span().start(), t.span().end()}, -1};
      if (!FindCase(t.case_id(), turn.case_row)) {
        return reader.Corrupt(absl::StrCat("row ", row, ": speaker turn refers to unknown case ", t.case_id()));
      }
      if (turn.span.start < 0 || turn.span.end < turn.span.start ||
          static_cast<uint64_t>(turn.span.end) > view.DocumentTextBytes(row)) {
        return reader.Corrupt(absl::StrCat("row ", row, ": speaker turn [", turn.span.start, ", ",
                                           turn.span.end, ") outside the text"));
      }
      view.max_ends_[row] = std::max(view.max_ends_[row], turn.span.end);
      turns.push_back(turn);
    }
    if (!turns.empty()) view.turns_.emplace(row, std::move(turns));
  }
  return absl::OkStatus();
}

absl::Status ProjectView::Decoder::Excerpts() {
  pb::CompactExcerpts& ex = *corpus.mutable_excerpts();
  const size_t excerpt_rows = ex.documents_size();
  CompactReader reader("excerpts");
  THEMATICA_RETURN_IF_ERROR(reader.CheckExcerptColumns(ex, excerpt_rows));
  view.excerpt_ids_.guids = std::move(*ex.mutable_ids()->mutable_guids());
  for (int i = 0; i < ex.ids().text_id_rows_size(); ++i) {
    view.excerpt_ids_.text.emplace(ex.ids().text_id_rows(i), ex.ids().text_ids(i));
  }
  view.excerpt_documents_.reserve(excerpt_rows);
  view.excerpt_starts_.reserve(excerpt_rows);
  view.excerpt_ends_.reserve(excerpt_rows);
  view.excerpt_coders_.reserve(excerpt_rows);
  view.excerpt_code_offsets_.reserve(excerpt_rows + 1);
  view.excerpt_codes_.reserve(ex.codes_size());
  view.excerpt_code_offsets_.push_back(0);
  int code = 0;
  int64_t document = 0;
  for (uint32_t row = 0; row < excerpt_rows; ++row) {
    const pb::CompactExcerptResidual* residual = reader.Residual(ex.residuals(), row);
    const pb::Excerpt* rest = residual != nullptr ? &residual->record() : nullptr;
    if (rest != nullptr && (!rest->id().empty() || rest->span().start() != 0 || rest->span().end() != 0)) {
      return reader.Corrupt(absl::StrCat("row ", row, ": residual repeats a column"));
    }
    THEMATICA_ASSIGN_OR_RETURN(const uint32_t doc, ExcerptDocument(reader, ex, row, rest, document));
    const int64_t start = ex.starts(row);
    const auto end = static_cast<int64_t>(static_cast<uint64_t>(start) + static_cast<uint64_t>(ex.lengths(row)));
    if (start < 0 || end < start || static_cast<uint64_t>(end) > view.DocumentTextBytes(doc)) {
      return reader.Corrupt(absl::StrCat("row ", row, ": span [", start, ", ", end, ") outside document ",
                                         view.document_names_[doc], " (", view.DocumentTextBytes(doc),
                                         " bytes)"));
    }
    view.max_ends_[doc] = std::max(view.max_ends_[doc], end);
    view.excerpt_documents_.push_back(doc);
    view.excerpt_starts_.push_back(start);
    view.excerpt_ends_.push_back(end);
    THEMATICA_RETURN_IF_ERROR(ExcerptCodes(reader, ex, row, rest, code));
    THEMATICA_RETURN_IF_ERROR(ExcerptCoder(reader, ex, row, rest));
  }
  if (code != ex.codes_size()) return reader.Corrupt("codes column too long");
  return absl::OkStatus();
}

// The document row of excerpt `row` (`document`: the running position + 1 the
// column's differences add up to).
absl::StatusOr<uint32_t> ProjectView::Decoder::ExcerptDocument(const CompactReader& reader,
                                                               const pb::CompactExcerpts& ex, uint32_t row,
                                                               const pb::Excerpt* rest, int64_t& document) {
  document += ex.documents(row);
  if (document < 0 || document > static_cast<int64_t>(document_rows)) {
    return reader.Corrupt(absl::StrCat("row ", row, " refers to document ", document, " of ",
                                       document_rows));
  }
  if (document == 0) {
    return reader.Corrupt(absl::StrCat("row ", row, " refers to no document",
                                       rest != nullptr && !rest->document_id().empty()
                                           ? absl::StrCat(" (unknown id ", rest->document_id(), ")")
                                           : ""));
  }
  if (rest != nullptr && !rest->document_id().empty()) {
    return reader.Corrupt(absl::StrCat("row ", row, ": residual repeats a column"));
  }
  return static_cast<uint32_t>(document - 1);
}

// The codes of excerpt `row`, from the codes column (from its entry `code`
// on) or from its residual.
absl::Status ProjectView::Decoder::ExcerptCodes(const CompactReader& reader, const pb::CompactExcerpts& ex,
                                                uint32_t row, const pb::Excerpt* rest, int& code) {
  const size_t code_count = view.codes_.size();
  bool any = false;
  for (bool more = true; more;) {
    if (code >= ex.codes_size()) return reader.Corrupt("codes column too short");
    const uint32_t entry = ex.codes(code++);
    if (entry == 0 && !any) break;  // No codes in the columns.
    const uint32_t c = entry >> 1;
    more = (entry & 1) != 0;
    if (c == 0 || c > code_count) {
      return reader.Corrupt(absl::StrCat("row ", row, " refers to code ", c, " of ", code_count));
    }
    view.excerpt_codes_.push_back(c - 1);
    any = true;
  }
  if (rest != nullptr && !rest->code_ids().empty()) {
    if (any) return reader.Corrupt(absl::StrCat("row ", row, ": residual repeats a column"));
    for (const std::string& id : rest->code_ids()) {
      const auto it = view.code_positions_.find(id);
      if (it == view.code_positions_.end()) {
        return reader.Corrupt(absl::StrCat("row ", row, " refers to unknown code ", id));
      }
      view.excerpt_codes_.push_back(it->second);
    }
  }
  view.excerpt_code_offsets_.push_back(static_cast<uint32_t>(view.excerpt_codes_.size()));
  return absl::OkStatus();
}

absl::Status ProjectView::Decoder::ExcerptCoder(const CompactReader& reader, const pb::CompactExcerpts& ex,
                                                uint32_t row, const pb::Excerpt* rest) {
  int32_t coder = static_cast<int32_t>(ex.coders(row)) - 1;
  if (ex.coders(row) > view.coders_.size()) {
    return reader.Corrupt(absl::StrCat("row ", row, " refers to coder ", ex.coders(row), " of ",
                                       view.coders_.size()));
  }
  if (rest != nullptr && !rest->coder_id().empty()) {
    const auto it = coder_positions.find(rest->coder_id());
    if (coder >= 0 || it == coder_positions.end()) {
      return reader.Corrupt(absl::StrCat("row ", row, " refers to unknown coder ", rest->coder_id()));
    }
    coder = static_cast<int32_t>(it->second);
  }
  view.excerpt_coders_.push_back(coder);
  return absl::OkStatus();
}

// Excerpts by code (rows ascending within a code).
void ProjectView::Decoder::IndexByCode() {
  const size_t code_count = view.codes_.size();
  std::vector<uint32_t>& offsets = view.by_code_offsets_;
  offsets.assign(code_count + 1, 0);
  for (uint32_t c : view.excerpt_codes_) ++offsets[c + 1];
  for (size_t c = 0; c < code_count; ++c) offsets[c + 1] += offsets[c];
  view.by_code_.resize(view.excerpt_codes_.size());
  std::vector<uint32_t> next(offsets.begin(), offsets.end() - 1);
  for (uint32_t e = 0; e < view.excerpt_count(); ++e) {
    for (uint32_t c : view.ExcerptCodes(e)) view.by_code_[next[c]++] = e;
  }
}

std::string ProjectView::DocumentId(size_t doc) const {
  return document_ids_.Get(static_cast<uint32_t>(doc));
}

std::string ProjectView::DocumentCaseId(size_t doc) const {
  return document_cases_[doc] < 0 ? std::string() : cases_[document_cases_[doc]].id;
}

std::string ProjectView::ExcerptId(size_t e) const { return excerpt_ids_.Get(static_cast<uint32_t>(e)); }

std::optional<size_t> ProjectView::FindDocument(absl::string_view id_or_name) const {
  for (size_t i = 0; i < document_count(); ++i) {
    if (DocumentId(i) == id_or_name) return i;
  }
  for (size_t i = 0; i < document_count(); ++i) {
    if (document_names_[i] == id_or_name) return i;
  }
  return std::nullopt;
}

std::optional<size_t> ProjectView::FindCode(absl::string_view id) const {
  const auto it = code_positions_.find(id);
  if (it == code_positions_.end()) return std::nullopt;
  return it->second;
}

absl::Status ProjectView::CheckText(size_t doc) const {
  const uint8_t state = text_state_[doc].load(std::memory_order_acquire);
  if (state == kTextOk || state == kTextAscii) return absl::OkStatus();
  const absl::string_view text(data_ + texts_offset_ + text_offsets_[doc], DocumentTextBytes(doc));
  auto bad = [&](absl::string_view why) {
    text_state_[doc].store(kTextBad, std::memory_order_release);
    return absl::DataLossError(absl::StrCat(path_, ": text of document \"", document_names_[doc], "\" (",
                                            DocumentId(doc), "): ", why));
  };
  if (absl::Status utf8 = ValidateUtf8(text); !utf8.ok()) return bad(utf8.message());
  const int64_t length = CodePointCount(text);
  if (max_ends_[doc] > length) {
    return bad(absl::StrCat("a span ends at ", max_ends_[doc], ", past its ", length, " code points"));
  }
  text_state_[doc].store(static_cast<uint64_t>(length) == text.size() ? kTextAscii : kTextOk,
                         std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<absl::string_view> ProjectView::Text(size_t doc) const {
  if (doc >= document_count()) {
    return absl::OutOfRangeError(absl::StrCat("document ", doc, " of ", document_count()));
  }
  THEMATICA_RETURN_IF_ERROR(CheckText(doc));
  return absl::string_view(data_ + texts_offset_ + text_offsets_[doc], DocumentTextBytes(doc));
}

absl::StatusOr<absl::string_view> ProjectView::ExcerptText(size_t e) const {
  if (e >= excerpt_count()) return absl::OutOfRangeError(absl::StrCat("excerpt ", e, " of ", excerpt_count()));
  THEMATICA_ASSIGN_OR_RETURN(absl::string_view text, Text(excerpt_documents_[e]));
  if (text_state_[excerpt_documents_[e]].load(std::memory_order_acquire) == kTextAscii) {
    return text.substr(static_cast<size_t>(excerpt_starts_[e]),
                       static_cast<size_t>(excerpt_ends_[e] - excerpt_starts_[e]));
  }
  const size_t begin = ByteOffset(text, excerpt_starts_[e]);
  const size_t end = begin + ByteOffset(text.substr(begin), excerpt_ends_[e] - excerpt_starts_[e]);
  return text.substr(begin, end - begin);
}

std::vector<uint32_t> ProjectView::CodeSet(uint32_t code, bool with_descendants) const {
  std::vector<uint32_t> out = {code};
  if (!with_descendants) return out;
  std::vector<bool> seen(codes_.size());
  seen[code] = true;
  for (size_t i = 0; i < out.size(); ++i) {
    for (uint32_t child : code_children_[out[i]]) {
      if (!seen[child]) {
        seen[child] = true;
        out.push_back(child);
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<size_t>> ProjectView::Excerpts(absl::string_view code_id,
                                                          bool with_descendants) const {
  const std::optional<size_t> code = FindCode(code_id);
  if (!code) return absl::NotFoundError(absl::StrCat("code ", code_id, " not found"));
  std::vector<size_t> out;
  for (uint32_t c : CodeSet(static_cast<uint32_t>(*code), with_descendants)) {
    out.insert(out.end(), by_code_.begin() + by_code_offsets_[c], by_code_.begin() + by_code_offsets_[c + 1]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<CodeCount> ProjectView::CodeCounts(bool include_descendants) const {
  // For each code, the codes whose counts it feeds (itself, and its
  // ancestors with include_descendants).
  std::vector<std::vector<uint32_t>> feeds(codes_.size());
  for (size_t i = 0; i < codes_.size(); ++i) {
    feeds[i].push_back(static_cast<uint32_t>(i));
    if (!include_descendants) continue;
    size_t steps = 0;
    for (int32_t p = codes_[i].parent; p >= 0 && steps++ < codes_.size(); p = codes_[p].parent) {
      feeds[i].push_back(static_cast<uint32_t>(p));
    }
  }
  std::vector<int64_t> excerpts(codes_.size(), 0);
  std::vector<absl::flat_hash_set<uint32_t>> documents(codes_.size());
  std::vector<absl::flat_hash_set<int32_t>> cases(codes_.size());
  std::vector<uint32_t> targets;
  std::vector<int32_t> case_rows;
  for (size_t e = 0; e < excerpt_count(); ++e) {
    targets.clear();
    for (uint32_t c : ExcerptCodes(e)) targets.insert(targets.end(), feeds[c].begin(), feeds[c].end());
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    if (targets.empty()) continue;
    const uint32_t doc = excerpt_documents_[e];
    // The cases of the speaker turns it overlaps, else the document's.
    case_rows.clear();
    if (auto it = turns_.find(doc); it != turns_.end()) {
      const Span span{excerpt_starts_[e], excerpt_ends_[e]};
      for (const Turn& t : it->second) {
        if (t.case_row >= 0 && t.span.Overlaps(span)) case_rows.push_back(t.case_row);
      }
    }
    if (case_rows.empty() && document_cases_[doc] >= 0) case_rows.push_back(document_cases_[doc]);
    for (uint32_t t : targets) {
      ++excerpts[t];
      documents[t].insert(doc);
      cases[t].insert(case_rows.begin(), case_rows.end());
    }
  }
  std::vector<CodeCount> out;
  out.reserve(codes_.size());
  for (size_t i = 0; i < codes_.size(); ++i) {
    out.push_back({codes_[i].id, excerpts[i], static_cast<int64_t>(documents[i].size()),
                   static_cast<int64_t>(cases[i].size())});
  }
  return out;
}

absl::StatusOr<Project> ProjectView::ToProject() const {
  absl::StatusOr<Project> project = ParseProject(absl::string_view(data_, size_), NativeFormat::kBinary);
  if (!project.ok()) {
    return absl::Status(project.status().code(), absl::StrCat(path_, ": ", project.status().message()));
  }
  return project;
}

absl::Status ProjectView::Validate() const {
  for (size_t doc = 0; doc < document_count(); ++doc) THEMATICA_RETURN_IF_ERROR(CheckText(doc));
  return ToProject().status();
}

}  // namespace thematica
