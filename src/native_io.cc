// The public entry points of the native format (thematica/native_io.h): the
// format by path or name, load, save, validate. The encodings are in
// src/native/ (record.cc, compact.cc, json.cc), the model ↔ proto
// conversions they share in native/convert.h.
#include "thematica/native_io.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal/compact_columns.h"
#include "internal/file_util.h"
#include "native/convert.h"
#include "native/encodings.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

namespace pb = ::thematica::v1;
using internal::kCompactMagic;

// What a file whose project is inconsistent gets: every problem, the first 20
// spelled out.
absl::Status RefuseInvalid(std::vector<std::string> problems) {
  constexpr size_t kShown = 20;
  const size_t total = problems.size();
  if (problems.size() > kShown) problems.resize(kShown);
  std::string message = absl::StrCat("invalid project (", total,
                                     total == 1 ? " problem" : " problems",
                                     "): ", absl::StrJoin(problems, "; "));
  if (total > kShown) absl::StrAppend(&message, "; and ", total - kShown, " more");
  return absl::InvalidArgumentError(message);
}

absl::Status WriteProject(const Project& project, NativeFormat format, native::Sink sink,
                          bool interruptible) {
  switch (format) {
    case NativeFormat::kBinary:
      return native::WriteBinary(project, sink, interruptible);
    case NativeFormat::kCompact:
      return native::WriteCompact(project, sink, interruptible);
    case NativeFormat::kJson:
      break;
  }
  return native::WriteJson(project, sink, interruptible);
}

absl::StatusOr<internal::ProjectLoader> ParseUnvalidated(absl::string_view bytes, NativeFormat format) {
  // The library reports through its Status; protobuf must not print its own
  // "[libprotobuf ERROR …]" lines (e.g. for invalid UTF-8) to stderr.
  google::protobuf::LogSilencer silence;
  if (format == NativeFormat::kJson) {
    // JSON text is UTF-8 (RFC 8259): say where it is not, before parsing.
    if (absl::Status utf8 = ValidateUtf8(bytes); !utf8.ok()) {
      return absl::DataLossError(absl::StrCat("not a valid Thematica JSON project: ", utf8.message()));
    }
    return native::ParseJsonUnvalidated(bytes);
  }
  // Either binary encoding, whichever the file is in.
  if (absl::StartsWith(bytes, kCompactMagic)) {
    return native::ParseCompactUnvalidated(bytes.substr(kCompactMagic.size()));
  }
  return native::ParseBinaryUnvalidated(bytes);
}

}  // namespace

absl::StatusOr<NativeFormat> NativeFormatForPath(absl::string_view path) {
  if (absl::EndsWithIgnoreCase(path, ".thematica")) return NativeFormat::kBinary;
  if (absl::EndsWithIgnoreCase(path, ".json")) return NativeFormat::kJson;
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot tell the format of \"", path,
      "\" from its extension (expected .thematica or .json)"));
}

absl::string_view NativeFormatName(NativeFormat format) {
  switch (format) {
    case NativeFormat::kBinary:
      return "binary";
    case NativeFormat::kCompact:
      return "compact";
    case NativeFormat::kJson:
      break;
  }
  return "json";
}

absl::StatusOr<NativeFormat> NativeFormatByName(absl::string_view name) {
  for (NativeFormat f : {NativeFormat::kBinary, NativeFormat::kCompact, NativeFormat::kJson}) {
    if (name == NativeFormatName(f)) return f;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", name, "\" (expected json, binary or compact)"));
}

std::string SerializeProject(const Project& project, NativeFormat format) {
  std::string out;
  // Not interruptible, so it cannot fail.
  (void)WriteProject(
      project, format, [&](absl::string_view piece) { out.append(piece.data(), piece.size()); },
      /*interruptible=*/false);
  return out;
}

absl::StatusOr<Project> ParseProject(absl::string_view bytes, NativeFormat format) {
  THEMATICA_ASSIGN_OR_RETURN(internal::ProjectLoader loaded, ParseUnvalidated(bytes, format));
  return std::move(loaded).Finish(RefuseInvalid);
}

absl::StatusOr<Project> LoadProject(absl::string_view path) {
  THEMATICA_ASSIGN_OR_RETURN(NativeFormat format, NativeFormatForPath(path));
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<Project> project = ParseProject(bytes, format);
  if (!project.ok()) {
    return absl::Status(project.status().code(),
                        absl::StrCat(path, ": ", project.status().message()));
  }
  return project;
}

absl::Status SaveProject(const Project& project, absl::string_view path) {
  THEMATICA_ASSIGN_OR_RETURN(NativeFormat format, NativeFormatForPath(path));
  return SaveProject(project, path, format);
}

absl::Status SaveProject(const Project& project, absl::string_view path, NativeFormat format) {
  THEMATICA_ASSIGN_OR_RETURN(NativeFormat by_extension, NativeFormatForPath(path));
  if ((format == NativeFormat::kJson) != (by_extension == NativeFormat::kJson)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot save \"", path, "\" in the ", NativeFormatName(format),
        " encoding: use .json for json, .thematica for binary and compact"));
  }
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Open(path));
  // Interrupted, the writer is dropped uncommitted: the old file stays.
  THEMATICA_RETURN_IF_ERROR(WriteProject(
      project, format, [&](absl::string_view piece) { out->Append(piece); }, /*interruptible=*/true));
  return out->Commit();
}

std::vector<std::string> ValidateProjectFile(absl::string_view path) {
  absl::StatusOr<NativeFormat> format = NativeFormatForPath(path);
  if (!format.ok()) return {std::string(format.status().message())};
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return {std::string(bytes.status().message())};
  absl::StatusOr<internal::ProjectLoader> loaded = ParseUnvalidated(*bytes, *format);
  if (!loaded.ok()) return {std::string(loaded.status().message())};
  return loaded->Problems();
}

namespace {

// The message an ObjectValue is saved as (the one ChangeObject member set).
std::unique_ptr<google::protobuf::Message> ObjectMessage(const ObjectValue& value) {
  pb::ChangeObject object;
  native::ToProto(value, &object);
  const google::protobuf::Reflection* reflection = object.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> set;
  reflection->ListFields(object, &set);
  std::unique_ptr<google::protobuf::Message> out(
      reflection->GetMessage(object, set.front()).New());
  out->CopyFrom(reflection->GetMessage(object, set.front()));
  return out;
}

}  // namespace

std::string ObjectValueJson(const ObjectValue& value) {
  std::string json = native::MessageJson(*ObjectMessage(value));
  while (!json.empty() && absl::ascii_isspace(static_cast<unsigned char>(json.back()))) json.pop_back();
  return json;
}

std::vector<std::string> ChangedFields(const ObjectValue& before, const ObjectValue& after) {
  std::vector<std::string> out;
  if (before.index() != after.index()) return out;
  std::unique_ptr<google::protobuf::Message> a = ObjectMessage(before), b = ObjectMessage(after);
  const google::protobuf::Descriptor* d = a->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    if (f->name() == "modified") continue;
    // Each side with only this field, compared as messages (maps unordered).
    std::unique_ptr<google::protobuf::Message> only_a(a->New()), only_b(b->New());
    a->GetReflection()->SwapFields(a.get(), only_a.get(), {f});
    b->GetReflection()->SwapFields(b.get(), only_b.get(), {f});
    if (!google::protobuf::util::MessageDifferencer::Equals(*only_a, *only_b)) out.push_back(f->name());
  }
  return out;
}

}  // namespace thematica
