// The compact encoding (format 1.2): the project header as in the record
// encoding, then the corpus in columns (pb::CompactCorpus) and every text in
// one run (Project.compact_texts), after a magic prefix whose zero byte makes
// 1.1 readers refuse the file. A row that holds anything the columns do not
// (other fields, fields kept from a newer version, references the columns
// cannot express) also gets a residual: its full record message minus what
// the columns hold. Fields added to Document or Excerpt later need nothing
// here: ToProto writes them, the residual carries them. The decoding
// ProjectView shares with the loader is in internal/compact_columns.h.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "internal/compact_columns.h"
#include "internal/preserved_fields.h"
#include "internal/project_loader.h"
#include "native/convert.h"
#include "native/encodings.h"
#include "thematica/id.h"
#include "thematica/interrupt.h"
#include "thematica/status_macros.h"

namespace thematica::native {
namespace {

using ::google::protobuf::Timestamp;
using internal::CompactReader;
using internal::kCompactMagic;
using internal::kCompactTextsField;
using internal::kCreatedNanos;
using internal::kHasCreated;
using internal::kHasModified;
using internal::kModifiedDiffers;
using internal::kModifiedNanos;

// 16 bytes for a canonical GUID, nullopt otherwise.
std::optional<std::array<char, 16>> GuidBytes(absl::string_view id) {
  if (!IsCanonicalGuid(id)) return std::nullopt;
  std::array<char, 16> out;
  size_t n = 0;
  for (size_t i = 0; i < id.size();) {
    if (id[i] == '-') {
      ++i;
      continue;
    }
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out[n++] = static_cast<char>(nibble(id[i]) << 4 | nibble(id[i + 1]));
    i += 2;
  }
  return out;
}

void AddId(absl::string_view id, uint32_t row, pb::CompactIds* out) {
  if (std::optional<std::array<char, 16>> guid = GuidBytes(id)) {
    out->mutable_guids()->append(guid->data(), guid->size());
  } else {
    out->mutable_guids()->append(16, '\0');
    out->add_text_id_rows(row);
    out->add_text_ids(std::string(id));
  }
}

// Run-length encoding into pairs (value, count) of a packed column.
template <typename T>
class Runs {
 public:
  explicit Runs(google::protobuf::RepeatedField<T>* out) : out_(out) {}
  ~Runs() { Flush(); }
  void Add(T value) {
    if (count_ != 0 && value == value_) {
      ++count_;
      return;
    }
    Flush();
    value_ = value;
    count_ = 1;
  }

 private:
  void Flush() {
    if (count_ == 0) return;
    out_->Add(value_);
    out_->Add(static_cast<T>(count_));
    count_ = 0;
  }
  google::protobuf::RepeatedField<T>* out_;
  T value_{};
  int64_t count_ = 0;
};

// Moves records' time stamps into the columns (those without fields of a
// newer version in them; the others stay in the residual).
class TimesWriter {
 public:
  explicit TimesWriter(pb::CompactTimes* out)
      : out_(out), flags_(out->mutable_flag_runs()), created_(out->mutable_created_second_runs()) {}

  template <typename Message>
  void Take(Message& m) {
    auto plain = [](const Timestamp& t) { return t.GetReflection()->GetUnknownFields(t).empty(); };
    const bool created = m.has_created() && plain(m.created());
    const bool modified = m.has_modified() && plain(m.modified());
    uint32_t flags = 0;
    int64_t created_seconds = 0;
    if (created) {
      flags |= kHasCreated;
      created_seconds = m.created().seconds();
      created_.Add(created_seconds - previous_created_);
      previous_created_ = created_seconds;
      if (m.created().nanos() != 0) {
        flags |= kCreatedNanos;
        out_->add_created_nanos(m.created().nanos());
      }
    }
    if (modified) {
      flags |= kHasModified;
      if (!created || m.modified().seconds() != m.created().seconds() ||
          m.modified().nanos() != m.created().nanos()) {
        flags |= kModifiedDiffers;
        out_->add_modified_seconds(m.modified().seconds() - created_seconds);
        if (m.modified().nanos() != 0) {
          flags |= kModifiedNanos;
          out_->add_modified_nanos(m.modified().nanos());
        }
      }
    }
    if (created) m.clear_created();
    if (modified) m.clear_modified();
    flags_.Add(flags);
  }

 private:
  pb::CompactTimes* out_;
  Runs<uint32_t> flags_;
  Runs<int64_t> created_;
  int64_t previous_created_ = 0;
};

// The header's cases into columns (Project.cases is left empty).
void CasesToColumns(pb::Project& header, pb::CompactCases* out) {
  absl::flat_hash_map<absl::string_view, uint32_t> attributes;
  for (const pb::AttributeDefinition& a : header.attributes()) attributes.emplace(a.id(), attributes.size() + 1);
  absl::flat_hash_map<std::string, uint32_t> values;  // Serialized value → position.
  TimesWriter times(out->mutable_times());
  for (pb::Case& c : *header.mutable_cases()) {
    const auto row = static_cast<uint32_t>(out->names_size());
    AddId(c.id(), row, out->mutable_ids());
    c.clear_id();
    out->add_names(std::move(*c.mutable_name()));
    c.clear_name();
    times.Take(c);
    std::vector<std::string> keys;
    for (const auto& [key, value] : c.attributes()) {
      if (attributes.contains(key) && value.value_case() != pb::AttributeValue::VALUE_NOT_SET &&
          value.GetReflection()->GetUnknownFields(value).empty() &&
          (!value.has_date() || value.date().GetReflection()->GetUnknownFields(value.date()).empty())) {
        keys.push_back(key);
      }
    }
    std::sort(keys.begin(), keys.end());
    out->add_value_counts(static_cast<uint32_t>(keys.size()));
    for (const std::string& key : keys) {
      out->add_value_attributes(attributes[key]);
      const pb::AttributeValue& value = c.attributes().at(key);
      std::string bytes;
      {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        value.SerializeToCodedStream(&coded);
      }
      const auto [it, added] = values.emplace(std::move(bytes), values.size());
      if (added) *out->add_value_table() = value;
      out->add_values(it->second);
      c.mutable_attributes()->erase(key);
    }
    if (c.ByteSizeLong() != 0) {
      pb::CompactCaseResidual* r = out->add_residuals();
      r->set_row(row);
      r->mutable_record()->Swap(&c);
    }
  }
  header.clear_cases();
}
// Positions (+1) of what rows refer to, by id.
using PositionMap = absl::flat_hash_map<absl::string_view, uint32_t>;
struct Positions {
  PositionMap cases, codes, coders, documents;
};

uint32_t Position(const PositionMap& map, const std::string& id) {
  const auto it = map.find(id);
  return it == map.end() ? 0 : it->second;
}

// The documents into columns (their texts are written after the header);
// fills `positions.documents`. Returns the texts' total size.
absl::StatusOr<uint64_t> DocumentsToColumns(const Project& project, bool interruptible,
                                            Positions& positions, pb::CompactDocuments* docs) {
  const PreservedFieldMap& kept = project.preserved_fields();
  uint64_t text_bytes = 0;
  pb::Document document;
  TimesWriter times(docs->mutable_times());
  for (const Document& d : project.documents()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    const auto row = static_cast<uint32_t>(docs->names_size());
    positions.documents.emplace(d.id, row + 1);
    document.Clear();
    ToProto(d, &document);
    internal::ApplyBinary(kept, d.id, &document);
    AddId(d.id, row, docs->mutable_ids());
    document.clear_id();
    docs->add_names(std::move(*document.mutable_name()));
    document.clear_name();
    docs->add_text_bytes(d.text.size());
    text_bytes += d.text.size();
    document.clear_text();
    const uint32_t c = Position(positions.cases, d.case_id);
    docs->add_cases(c);
    if (c != 0) document.clear_case_id();
    times.Take(document);
    if (document.ByteSizeLong() != 0) {
      pb::CompactDocumentResidual* r = docs->add_residuals();
      r->set_row(row);
      r->mutable_record()->Swap(&document);
    }
  }
  return text_bytes;
}

absl::Status ExcerptsToColumns(const Project& project, bool interruptible, const Positions& positions,
                               pb::CompactExcerpts* ex) {
  const PreservedFieldMap& kept = project.preserved_fields();
  pb::Excerpt excerpt;
  TimesWriter times(ex->mutable_times());
  int64_t previous_document = 0;
  for (const Excerpt& e : project.excerpts()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    const auto row = static_cast<uint32_t>(ex->documents_size());
    excerpt.Clear();
    ToProto(e, &excerpt);
    internal::ApplyBinary(kept, e.id, &excerpt);
    AddId(e.id, row, ex->mutable_ids());
    excerpt.clear_id();
    const uint32_t d = Position(positions.documents, e.document_id);
    ex->add_documents(static_cast<int32_t>(d - previous_document));
    previous_document = d;
    if (d != 0) excerpt.clear_document_id();
    ex->add_starts(e.span.start);
    // Wraps like the int64 it is read back into.
    ex->add_lengths(static_cast<int64_t>(static_cast<uint64_t>(e.span.end) -
                                         static_cast<uint64_t>(e.span.start)));
    excerpt.mutable_span()->clear_start();
    excerpt.mutable_span()->clear_end();
    if (excerpt.span().ByteSizeLong() == 0) excerpt.clear_span();
    bool all_codes = !e.code_ids.empty();
    for (const std::string& c : e.code_ids) all_codes = all_codes && Position(positions.codes, c) != 0;
    if (all_codes) {
      for (size_t k = 0; k < e.code_ids.size(); ++k) {
        ex->add_codes(Position(positions.codes, e.code_ids[k]) * 2 + (k + 1 < e.code_ids.size() ? 1 : 0));
      }
      excerpt.clear_code_ids();
    } else {
      ex->add_codes(0);
    }
    const uint32_t coder = Position(positions.coders, e.coder_id);
    ex->add_coders(coder);
    if (coder != 0) excerpt.clear_coder_id();
    times.Take(excerpt);
    if (excerpt.ByteSizeLong() != 0) {
      pb::CompactExcerptResidual* r = ex->add_residuals();
      r->set_row(row);
      r->mutable_record()->Swap(&excerpt);
    }
  }
  return absl::OkStatus();
}

// The magic prefix, the header with its columns, and the texts field's tag
// and length (its bytes, the documents' texts, follow). Clears `header`.
void SinkHeader(pb::Project& header, uint64_t text_bytes, Sink sink) {
  sink(kCompactMagic);
  std::string buffer;
  {
    google::protobuf::io::StringOutputStream stream(&buffer);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    header.SerializeToCodedStream(&coded);
    using google::protobuf::internal::WireFormatLite;
    // Only when there is text: an empty bytes field is not written either.
    if (text_bytes != 0) {
      coded.WriteTag(WireFormatLite::MakeTag(kCompactTextsField,
                                             WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
      coded.WriteVarint64(text_bytes);
    }
  }
  header.Clear();
  sink(absl::string_view(buffer));
}

// The documents from their columns, each text copied out of `all_text`.
absl::Status DocumentsFromColumns(pb::CompactDocuments& docs, size_t document_rows,
                                  absl::string_view all_text, const Upgrade& upgrade,
                                  PreservedFieldMap& kept, internal::ProjectLoader& project) {
  CompactReader reader("documents");
  THEMATICA_RETURN_IF_ERROR(reader.CheckDocumentColumns(docs, document_rows));
  uint64_t offset = 0;
  for (uint32_t row = 0; row < document_rows; ++row) {
    THEMATICA_RETURN_IF_ERROR(CheckInterrupt("loading"));
    Document d;
    d.id = reader.Id(docs.ids(), row);
    d.name = std::move(*docs.mutable_names(row));
    const uint64_t length = docs.text_bytes(row);
    if (length > all_text.size() - offset) {
      return reader.Corrupt(absl::StrCat("row ", row, ": text beyond the end of the texts"));
    }
    d.text = std::string(all_text.substr(offset, length));
    offset += length;
    if (const uint32_t c = docs.cases(row); c != 0) {
      if (c > project.project().cases().size()) {
        return reader.Corrupt(absl::StrCat("row ", row, " refers to case ", c, " of ",
                                           project.project().cases().size()));
      }
      d.case_id = project.project().cases()[c - 1].id;
    }
    THEMATICA_RETURN_IF_ERROR(reader.Times(docs.times(), row, d.created, d.modified));
    if (const pb::CompactDocumentResidual* r = reader.Residual(docs.residuals(), row)) {
      pb::Document full;
      ToProto(d, &full);
      full.MergeFrom(r->record());
      upgrade.Record(full);
      internal::CollectBinary(full, full.id(), kept);
      d = FromProto(full);
    } else if (!upgrade.empty()) {
      pb::Document full;
      ToProto(d, &full);
      upgrade.Record(full);
      d = FromProto(full);
    }
    project.Add(std::move(d));
  }
  if (offset != all_text.size()) return reader.Corrupt("texts longer than the documents' texts");
  return absl::OkStatus();
}

// The code ids of excerpt `row` from the codes column, from its entry `code`
// on (each entry: position + 1, shifted left, low bit: more follow).
absl::Status ExcerptCodesFromColumn(const CompactReader& reader, const pb::CompactExcerpts& ex,
                                    const std::vector<Code>& codes, uint32_t row, int& code,
                                    Excerpt& e) {
  for (bool more = true; more;) {
    if (code >= ex.codes_size()) return reader.Corrupt("codes column too short");
    const uint32_t entry = ex.codes(code++);
    if (entry == 0 && e.code_ids.empty()) break;  // No codes in the columns.
    const uint32_t c = entry >> 1;
    more = (entry & 1) != 0;
    if (c == 0 || c > codes.size()) {
      return reader.Corrupt(absl::StrCat("row ", row, " refers to code ", c, " of ", codes.size()));
    }
    e.code_ids.push_back(codes[c - 1].id);
  }
  return absl::OkStatus();
}

absl::Status ExcerptsFromColumns(pb::CompactExcerpts& ex, size_t excerpt_rows, const Upgrade& upgrade,
                                 PreservedFieldMap& kept, internal::ProjectLoader& project) {
  CompactReader reader("excerpts");
  THEMATICA_RETURN_IF_ERROR(reader.CheckExcerptColumns(ex, excerpt_rows));
  const std::vector<Document>& documents = project.project().documents();
  const std::vector<Code>& codes = project.project().codebook().codes();
  const std::vector<Coder>& coders = project.project().coders();
  int code = 0;
  int64_t document = 0;
  for (uint32_t row = 0; row < excerpt_rows; ++row) {
    if (row % 4096 == 0) THEMATICA_RETURN_IF_ERROR(CheckInterrupt("loading"));
    Excerpt e;
    e.id = reader.Id(ex.ids(), row);
    document += ex.documents(row);
    if (document < 0 || document > static_cast<int64_t>(documents.size())) {
      return reader.Corrupt(absl::StrCat("row ", row, " refers to document ", document, " of ",
                                         documents.size()));
    }
    if (document != 0) e.document_id = documents[document - 1].id;
    e.span.start = ex.starts(row);
    e.span.end = static_cast<int64_t>(static_cast<uint64_t>(e.span.start) +
                                      static_cast<uint64_t>(ex.lengths(row)));
    THEMATICA_RETURN_IF_ERROR(ExcerptCodesFromColumn(reader, ex, codes, row, code, e));
    if (const uint32_t c = ex.coders(row); c != 0) {
      if (c > coders.size()) {
        return reader.Corrupt(absl::StrCat("row ", row, " refers to coder ", c, " of ", coders.size()));
      }
      e.coder_id = coders[c - 1].id;
    }
    THEMATICA_RETURN_IF_ERROR(reader.Times(ex.times(), row, e.created, e.modified));
    if (const pb::CompactExcerptResidual* r = reader.Residual(ex.residuals(), row)) {
      pb::Excerpt full;
      ToProto(e, &full);
      full.MergeFrom(r->record());
      upgrade.Record(full);
      if (HasUnknownFields(full)) internal::CollectBinary(full, full.id(), kept);
      e = FromProto(full);
    } else if (!upgrade.KeepsExcerpts()) {
      pb::Excerpt full;
      ToProto(e, &full);
      upgrade.Record(full);
      e = FromProto(full);
    }
    project.Add(std::move(e));
  }
  if (code != ex.codes_size()) return reader.Corrupt("codes column too long");
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteCompact(const Project& project, Sink sink, bool interruptible) {
  pb::Project header;
  HeaderToProto(project, &header);
  internal::ApplyBinary(project.preserved_fields(), "", &header, /*split_entities=*/true);
  pb::CompactCorpus& corpus = *header.mutable_compact_corpus();
  CasesToColumns(header, corpus.mutable_cases());
  Positions positions;
  for (const Case& c : project.cases()) positions.cases.emplace(c.id, positions.cases.size() + 1);
  for (const Code& c : project.codebook().codes()) positions.codes.emplace(c.id, positions.codes.size() + 1);
  for (const Coder& c : project.coders()) positions.coders.emplace(c.id, positions.coders.size() + 1);
  THEMATICA_ASSIGN_OR_RETURN(
      const uint64_t text_bytes,
      DocumentsToColumns(project, interruptible, positions, corpus.mutable_documents()));
  THEMATICA_RETURN_IF_ERROR(
      ExcerptsToColumns(project, interruptible, positions, corpus.mutable_excerpts()));
  SinkHeader(header, text_bytes, sink);
  for (const Document& d : project.documents()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    sink(absl::string_view(d.text));
  }
  return absl::OkStatus();
}

absl::StatusOr<internal::ProjectLoader> ParseCompactUnvalidated(absl::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError("project file larger than 2 GiB");
  }
  // The texts stay where they are in `bytes`; everything else is the header.
  THEMATICA_ASSIGN_OR_RETURN(const internal::CompactLayout layout, internal::ScanCompact(bytes));
  std::optional<absl::string_view> texts;
  if (layout.texts) texts = bytes.substr(layout.texts->first, layout.texts->second);
  pb::Project header;
  THEMATICA_RETURN_IF_ERROR(internal::ParseCompactHeader(bytes, layout, header));
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  // The writer puts the columns after every header field (and the texts
  // after them): a file cut before them has none.
  if (!header.has_compact_corpus()) {
    return absl::DataLossError("corrupt or truncated Thematica compact file: no columns");
  }
  pb::CompactCorpus corpus;
  corpus.Swap(header.mutable_compact_corpus());
  header.clear_compact_corpus();
  THEMATICA_RETURN_IF_ERROR(internal::CasesFromColumns(corpus.cases(), header));
  const Upgrade upgrade(header);
  upgrade.Header(header);
  PreservedFieldMap kept;
  internal::CollectBinary(header, "", kept, /*split_entities=*/true);
  internal::ProjectLoader project;
  pb::CompactDocuments& docs = *corpus.mutable_documents();
  pb::CompactExcerpts& ex = *corpus.mutable_excerpts();
  const size_t document_rows = docs.names_size(), excerpt_rows = ex.documents_size();
  project.Reserve(document_rows, excerpt_rows);
  THEMATICA_RETURN_IF_ERROR(HeaderFromProto(header, project));
  THEMATICA_RETURN_IF_ERROR(
      DocumentsFromColumns(docs, document_rows, texts.value_or(""), upgrade, kept, project));
  THEMATICA_RETURN_IF_ERROR(ExcerptsFromColumns(ex, excerpt_rows, upgrade, kept, project));
  project.SetPreservedFields(std::move(kept));
  return project;
}

}  // namespace thematica::native
