// The JSON encoding: the protobuf JSON mapping of pb::Project, indented for
// people and diff tools. Written and read record by record (the header
// object, then the documents and excerpts arrays), so the corpus is never
// held twice in memory; members this version does not know are kept
// (internal/preserved_fields.h).
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "internal/compact_columns.h"
#include "internal/json_fast.h"
#include "internal/json_split.h"
#include "internal/preserved_fields.h"
#include "internal/project_loader.h"
#include "native/convert.h"
#include "native/encodings.h"
#include "thematica/status_macros.h"

namespace thematica::native {
namespace {

google::protobuf::util::TypeResolver* Resolver() {
  static google::protobuf::util::TypeResolver* resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool());
  return resolver;
}

absl::Status ParseJsonMessage(absl::string_view json, google::protobuf::Message* message,
                              absl::string_view what) {
  google::protobuf::util::JsonParseOptions options;
  // Members this version does not know were kept by CollectJson beforehand.
  options.ignore_unknown_fields = true;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return absl::DataLossError(absl::StrCat("not a valid Thematica JSON project: ", what, ": ",
                                            status.message().as_string()));
  }
  return absl::OkStatus();
}


// The top-level members of a JSON project: the header's as one object, the
// documents and excerpts arrays as they are in the file.
struct ProjectJson {
  std::string header = "{";
  absl::string_view documents = "null", excerpts = "null";
};

absl::StatusOr<ProjectJson> SplitProjectJson(absl::string_view bytes) {
  absl::StatusOr<std::vector<internal::JsonMember>> members = internal::SplitJsonObject(bytes);
  if (!members.ok()) {
    return absl::DataLossError(
        absl::StrCat("not a valid Thematica JSON project: ", members.status().message()));
  }
  ProjectJson out;
  for (const internal::JsonMember& m : *members) {
    if (m.key == "documents") {
      out.documents = m.value;
    } else if (m.key == "excerpts") {
      out.excerpts = m.value;
    } else {
      if (out.header.size() > 1) out.header += ",";
      absl::StrAppend(&out.header, "\"", m.key, "\":", m.value);
    }
  }
  out.header += "}";
  return out;
}

// Records are decoded in batches: one parser call per record costs more in
// set-up than in parsing, one call for all would hold the corpus twice.
// `insert` takes each batch (a pb::Project with only `key` set).
template <typename Insert>
absl::Status DecodeInBatches(const std::vector<absl::string_view>& records, absl::string_view key,
                             pb::Project& batch, Insert&& insert) {
  constexpr size_t kBatch = 4096;
  for (size_t first = 0; first < records.size(); first += kBatch) {
    const size_t last = std::min(records.size(), first + kBatch);
    std::string json = absl::StrCat("{\"", key, "\":[");
    for (size_t i = first; i < last; ++i) {
      if (i > first) json += ",";
      json.append(records[i].data(), records[i].size());
    }
    json += "]}";
    batch.Clear();
    THEMATICA_RETURN_IF_ERROR(ParseJsonMessage(
        json, &batch, absl::StrCat(key, " ", first, "–", last - 1)));
    insert(batch);
  }
  return absl::OkStatus();
}

absl::Status DecodeDocuments(const std::vector<absl::string_view>& documents, const Upgrade& upgrade,
                             PreservedFieldMap& kept, pb::Project& batch, internal::ProjectLoader& project) {
  for (absl::string_view record : documents) {
    THEMATICA_RETURN_IF_ERROR(internal::CollectJsonRecord(record, pb::Document::descriptor(), kept));
  }
  return DecodeInBatches(documents, "documents", batch, [&](pb::Project& b) {
    for (pb::Document& d : *b.mutable_documents()) {
      upgrade.Record(d);
      project.Add(FromProto(d));
    }
  });
}

// Excerpts: the common spelling directly, the rest through protobuf (in the
// file's order).
absl::Status DecodeExcerpts(const std::vector<absl::string_view>& excerpts, const Upgrade& upgrade,
                            PreservedFieldMap& kept, pb::Project& batch, internal::ProjectLoader& project) {
  auto insert = [&](pb::Project& b) {
    for (pb::Excerpt& x : *b.mutable_excerpts()) {
      upgrade.Record(x);
      project.Add(FromProto(x));
    }
  };
  const bool fast = upgrade.KeepsExcerpts();
  std::vector<absl::string_view> unusual;
  for (absl::string_view record : excerpts) {
    std::optional<Excerpt> e = fast ? internal::FastExcerpt(record) : std::nullopt;
    if (!e) THEMATICA_RETURN_IF_ERROR(internal::CollectJsonRecord(record, pb::Excerpt::descriptor(), kept));
    if (e) {
      if (!unusual.empty()) {
        THEMATICA_RETURN_IF_ERROR(DecodeInBatches(unusual, "excerpts", batch, insert));
        unusual.clear();
      }
      project.Add(*std::move(e));
    } else {
      unusual.push_back(record);
    }
  }
  return DecodeInBatches(unusual, "excerpts", batch, insert);
}

}  // namespace

std::string MessageJson(const google::protobuf::Message& message) {
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string out;
  // Cannot fail for bytes just produced from our own schema.
  (void)google::protobuf::util::BinaryToJsonString(
      Resolver(), "type.googleapis.com/" + message.GetDescriptor()->full_name(), binary, &out,
      options);
  return out;
}

// The header object, then the documents and excerpts arrays written record
// by record to `sink`, so the corpus is never held twice in memory.
absl::Status WriteJson(const Project& project, Sink sink, bool interruptible) {
  const PreservedFieldMap& kept = project.preserved_fields();
  pb::Project header;
  HeaderToProto(project, &header);
  std::string head = MessageJson(header);
  internal::ApplyJson(kept, "", pb::Project::descriptor(), head, /*split_entities=*/true);
  // Drop the header object's own closing brace (only that one: the last
  // member may itself end in braces) so the arrays can follow.
  while (!head.empty() && absl::ascii_isspace(static_cast<unsigned char>(head.back()))) head.pop_back();
  if (!head.empty() && head.back() == '}') head.pop_back();
  while (!head.empty() && absl::ascii_isspace(static_cast<unsigned char>(head.back()))) head.pop_back();
  sink(absl::string_view(head));
  auto write_array = [&](absl::string_view key, const auto& items, auto&& to_proto) -> absl::Status {
    if (items.empty()) return absl::OkStatus();
    sink(absl::StrCat(",\n \"", key, "\": [\n"));
    bool first = true;
    for (const auto& item : items) {
      THEMATICA_RETURN_IF_ERROR(Poll(interruptible, "saving"));
      if (!first) sink(",\n");
      first = false;
      const google::protobuf::Message& message = to_proto(item);
      std::string json = MessageJson(message);
      internal::ApplyJson(kept, item.id, message.GetDescriptor(), json);
      sink(json);
    }
    sink("]");
    return absl::OkStatus();
  };
  pb::Document document;
  THEMATICA_RETURN_IF_ERROR(
      write_array("documents", project.documents(), [&](const Document& d) -> const pb::Document& {
        document.Clear();
        ToProto(d, &document);
        return document;
      }));
  pb::Excerpt excerpt;
  THEMATICA_RETURN_IF_ERROR(
      write_array("excerpts", project.excerpts(), [&](const Excerpt& e) -> const pb::Excerpt& {
        excerpt.Clear();
        ToProto(e, &excerpt);
        return excerpt;
      }));
  sink("\n}\n");
  return absl::OkStatus();
}

// Decodes the top-level members; documents and excerpts one record at a time.
absl::StatusOr<internal::ProjectLoader> ParseJsonUnvalidated(absl::string_view bytes) {
  THEMATICA_ASSIGN_OR_RETURN(const ProjectJson split, SplitProjectJson(bytes));
  pb::Project header;
  THEMATICA_RETURN_IF_ERROR(ParseJsonMessage(split.header, &header, "project"));
  THEMATICA_RETURN_IF_ERROR(internal::CheckFormatVersion(header));
  const Upgrade upgrade(header);
  upgrade.Header(header);
  PreservedFieldMap kept;
  THEMATICA_RETURN_IF_ERROR(
      internal::CollectJson(split.header, pb::Project::descriptor(), "", kept, /*split_entities=*/true));
  absl::StatusOr<std::vector<absl::string_view>> documents = internal::SplitJsonArray(split.documents);
  absl::StatusOr<std::vector<absl::string_view>> excerpts = internal::SplitJsonArray(split.excerpts);
  if (!documents.ok() || !excerpts.ok()) {
    return absl::DataLossError(absl::StrCat(
        "not a valid Thematica JSON project: documents or excerpts: ",
        (documents.ok() ? excerpts.status() : documents.status()).message()));
  }
  internal::ProjectLoader project;
  project.Reserve(documents->size(), excerpts->size());
  THEMATICA_RETURN_IF_ERROR(HeaderFromProto(header, project));
  pb::Project batch;
  THEMATICA_RETURN_IF_ERROR(DecodeDocuments(*documents, upgrade, kept, batch, project));
  THEMATICA_RETURN_IF_ERROR(DecodeExcerpts(*excerpts, upgrade, kept, batch, project));
  project.SetPreservedFields(std::move(kept));
  return project;
}

}  // namespace thematica::native
