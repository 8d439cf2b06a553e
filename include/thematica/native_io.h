// The native file format: a Project as protobuf (proto/thematica/v1), binary
// (`.thematica`) or the protobuf JSON mapping (`.json`).
//
// Guarantees: a save → load round trip is lossless and saving the loaded
// project again gives the same bytes; saving is atomic (temp file, fsync,
// rename: a failed save leaves the old file as it was); loading validates
// every reference and range and refuses a newer major format version.
//
//   absl::StatusOr<thematica::Project> p = thematica::LoadProject("s.json");
//   if (!p.ok()) { std::cerr << p.status() << "\n"; return 1; }
//   absl::Status s = thematica::SaveProject(*p, "study.thematica");
#ifndef THEMATICA_NATIVE_IO_H_
#define THEMATICA_NATIVE_IO_H_

#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "thematica/project.h"

namespace thematica {

// kBinary and kCompact are both `.thematica` files; loading tells them apart
// by the compact file's prefix, so either reader reads both.
//   kBinary: one protobuf record per document and excerpt (format 1.0 on).
//   kCompact: format 1.2 on: ids stored once and referred to by position,
//     excerpts in packed columns, all texts in one run at the end (README,
//     "Scale"; proto/thematica/v1/thematica.proto, CompactCorpus). About an
//     eighth of the binary overhead per excerpt and several times faster to
//     load; readers of format 1.1 and older refuse it.
//   kJson: the protobuf JSON mapping, for people and diff tools.
enum class NativeFormat { kBinary, kJson, kCompact };

// "binary", "json", "compact".
absl::string_view NativeFormatName(NativeFormat format);
// The format named by NativeFormatName; InvalidArgument for anything else.
absl::StatusOr<NativeFormat> NativeFormatByName(absl::string_view name);

// The format a path's extension names: ".thematica" (binary) or ".json";
// InvalidArgument for anything else.
absl::StatusOr<NativeFormat> NativeFormatForPath(absl::string_view path);

// Encodes the project. JSON is indented for people and diff tools.
std::string SerializeProject(const Project& project, NativeFormat format);

// Decodes and validates. DataLoss for bytes that do not parse (truncated or
// corrupt), FailedPrecondition for a newer major format version,
// InvalidArgument listing every consistency problem otherwise.
absl::StatusOr<Project> ParseProject(absl::string_view bytes,
                                     NativeFormat format);

// Reads `path` in the format its extension names. File-system failures carry
// the errno (IoErrno below) and name the path.
absl::StatusOr<Project> LoadProject(absl::string_view path);

// Writes `path` atomically in the format its extension names.
absl::Status SaveProject(const Project& project, absl::string_view path);
// Writes `path` atomically in `format`, which must suit the extension
// (.json for kJson, .thematica for kBinary and kCompact).
absl::Status SaveProject(const Project& project, absl::string_view path, NativeFormat format);

// The errno a file-system failure of these calls (and of every other reader
// and writer of the library) carries, if any: e.g. ENOENT with NotFound.
std::optional<int> IoErrno(const absl::Status& status);

// Every problem with the file at `path`, one message each; empty when it
// loads cleanly. A file that cannot be read or decoded gives one problem.
std::vector<std::string> ValidateProjectFile(absl::string_view path);

// A whole object (a change record's `before`, say) as the native format's
// JSON of its message (thematica.v1.ChangeObject's member for its kind).
std::string ObjectValueJson(const ObjectValue& value);
// Proto field names that differ between two objects of one kind, in field
// order, leaving out `modified` (which every edit sets).
std::vector<std::string> ChangedFields(const ObjectValue& before, const ObjectValue& after);

}  // namespace thematica

#endif  // THEMATICA_NATIVE_IO_H_
