// The record encoding (binary, format 1.0 on): the header message (everything
// but the corpus), then each document and excerpt as a record of fields 11
// and 13. The result is an ordinary serialized pb::Project (repeated fields
// may come in any order), written and read without ever holding the encoded
// corpus twice in memory.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <limits>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "internal/compact_columns.h"
#include "internal/preserved_fields.h"
#include "internal/project_loader.h"
#include "native/convert.h"
#include "native/encodings.h"
#include "thematica/interrupt.h"
#include "thematica/status_macros.h"

namespace thematica::native {
namespace {

using google::protobuf::internal::WireFormatLite;

// Field numbers of pb::Project written and read one element at a time.
constexpr int kDocumentsField = pb::Project::kDocumentsFieldNumber;
constexpr int kExcerptsField = pb::Project::kExcerptsFieldNumber;

absl::Status Corrupt(const google::protobuf::io::CodedInputStream& in, absl::string_view bytes,
                     absl::string_view what) {
  return absl::DataLossError(absl::StrCat("corrupt or truncated Thematica file: ", what,
                                          " at byte ", in.CurrentPosition(), " of ",
                                          bytes.size()));
}

bool IsRecord(uint32_t tag) {
  const int field = WireFormatLite::GetTagFieldNumber(tag);
  return (field == kDocumentsField || field == kExcerptsField) &&
         WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
}

// What the first pass over a record file finds: the bytes of every field but
// the records (they parse as the header), and how many records there are.
struct RecordScan {
  std::string header_bytes;
  size_t documents = 0, excerpts = 0;
};

absl::StatusOr<RecordScan> ScanRecords(absl::string_view bytes) {
  RecordScan scan;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetTotalBytesLimit(std::numeric_limits<int>::max());
  while (true) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (start != static_cast<int>(bytes.size())) return Corrupt(in, bytes, "invalid field tag");
      break;
    }
    if (!WireFormatLite::SkipField(&in, tag)) return Corrupt(in, bytes, "bad field");
    if (IsRecord(tag)) {
      ++(WireFormatLite::GetTagFieldNumber(tag) == kDocumentsField ? scan.documents : scan.excerpts);
    } else {
      scan.header_bytes.append(bytes.data() + start, static_cast<size_t>(in.CurrentPosition() - start));
    }
  }
  return scan;
}

// The second pass: decodes each document and excerpt straight into `project`.
absl::Status ReadRecords(absl::string_view bytes, const Upgrade& upgrade, PreservedFieldMap& kept,
                         internal::ProjectLoader& project) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetTotalBytesLimit(std::numeric_limits<int>::max());
  pb::Document document;
  pb::Excerpt excerpt;
  while (const uint32_t tag = in.ReadTag()) {
    if (!IsRecord(tag)) {
      if (!WireFormatLite::SkipField(&in, tag)) return Corrupt(in, bytes, "bad field");
      continue;
    }
    const bool is_document = WireFormatLite::GetTagFieldNumber(tag) == kDocumentsField;
    google::protobuf::MessageLite& message =
        is_document ? static_cast<google::protobuf::MessageLite&>(document)
                    : static_cast<google::protobuf::MessageLite&>(excerpt);
    message.Clear();
    uint32_t length = 0;
    if (!in.ReadVarint32(&length)) return Corrupt(in, bytes, "bad length");
    const auto limit = in.PushLimit(static_cast<int>(length));
    if (!message.MergeFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
      return Corrupt(in, bytes, is_document ? "bad document" : "bad excerpt");
    }
    in.PopLimit(limit);
    THEMATICA_RETURN_IF_ERROR(CheckInterrupt("loading"));
    if (is_document) {
      upgrade.Record(document);
      internal::CollectBinary(document, document.id(), kept);
      project.Add(FromProto(document));
    } else {
      upgrade.Record(excerpt);
      if (HasUnknownFields(excerpt)) internal::CollectBinary(excerpt, excerpt.id(), kept);
      project.Add(FromProto(excerpt));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteBinary(const Project& project, Sink sink, bool interruptible) {
  std::string buffer;
  // Exactly sized each time: a string grown by StringOutputStream would be
  // zero-filled to its whole (header-sized) capacity for every record.
  auto emit = [&](const google::protobuf::MessageLite& m, int field) {
    const size_t size = m.ByteSizeLong();  // Caches sizes for the write.
    const uint32_t tag =
        WireFormatLite::MakeTag(field, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
    const size_t prefix = field == 0 ? 0
                                     : google::protobuf::io::CodedOutputStream::VarintSize32(tag) +
                                           google::protobuf::io::CodedOutputStream::VarintSize32(
                                               static_cast<uint32_t>(size));
    buffer.resize(prefix + size);
    {
      google::protobuf::io::ArrayOutputStream stream(buffer.data(), static_cast<int>(buffer.size()));
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      if (field != 0) {
        coded.WriteTag(tag);
        coded.WriteVarint32(static_cast<uint32_t>(size));
      }
      m.SerializeWithCachedSizes(&coded);
    }
    sink(absl::string_view(buffer));
  };
  const PreservedFieldMap& kept = project.preserved_fields();
  pb::Project header;
  HeaderToProto(project, &header);
  internal::ApplyBinary(kept, "", &header, /*split_entities=*/true);
  emit(header, 0);
  pb::Document document;
  for (const Document& d : project.documents()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    document.Clear();
    ToProto(d, &document);
    internal::ApplyBinary(kept, d.id, &document);
    emit(document, kDocumentsField);
  }
  pb::Excerpt excerpt;
  for (const Excerpt& e : project.excerpts()) {
    THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
    excerpt.Clear();
    ToProto(e, &excerpt);
    internal::ApplyBinary(kept, e.id, &excerpt);
    emit(excerpt, kExcerptsField);
  }
  return absl::OkStatus();
}

// A first pass gathers the (small) non-corpus fields into the header and
// counts the records; a second pass decodes each document and excerpt
// straight into the project, so the corpus is never held twice.
absl::StatusOr<internal::ProjectLoader> ParseBinaryUnvalidated(absl::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::ResourceExhaustedError("project file larger than 2 GiB");
  }
  THEMATICA_ASSIGN_OR_RETURN(const RecordScan scan, ScanRecords(bytes));
  pb::Project header;
  if (!header.ParseFromString(scan.header_bytes)) {
    return absl::DataLossError("corrupt Thematica file: bad project header");
  }
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  const Upgrade upgrade(header);
  upgrade.Header(header);
  PreservedFieldMap kept;
  internal::CollectBinary(header, "", kept, /*split_entities=*/true);
  internal::ProjectLoader project;
  project.Reserve(scan.documents, scan.excerpts);
  THEMATICA_RETURN_IF_ERROR(HeaderFromProto(header, project));
  THEMATICA_RETURN_IF_ERROR(ReadRecords(bytes, upgrade, kept, project));
  project.SetPreservedFields(std::move(kept));
  return project;
}

}  // namespace thematica::native
