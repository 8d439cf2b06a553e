// The three encodings of the native format, behind the public entry points of
// thematica/native_io.h: record (binary protobuf, one record per document and
// excerpt: record.cc), compact (format 1.2 columns: compact.cc) and JSON (the
// protobuf JSON mapping: json.cc).
//
//   std::string out;
//   absl::Status s = native::WriteBinary(
//       project, [&](absl::string_view piece) { out.append(piece); }, false);
//
// Writers hand the file to `sink` piece by piece (the encoded corpus is never
// held whole); with `interruptible` they poll CheckInterrupt between records.
// Parsers return the project unvalidated (the caller validates).
#ifndef THEMATICA_SRC_NATIVE_ENCODINGS_H_
#define THEMATICA_SRC_NATIVE_ENCODINGS_H_

#include <string>

#include <google/protobuf/message.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "internal/project_loader.h"
#include "thematica/interrupt.h"
#include "thematica/project.h"

namespace thematica::native {

using Sink = absl::FunctionRef<void(absl::string_view)>;

// Polled between records by the writers when saving to a file (not when
// serialising to memory, which must not come back incomplete).
inline absl::Status Poll(bool interruptible, absl::string_view what) {
  return interruptible ? CheckInterrupt(what) : absl::OkStatus();
}

absl::Status WriteBinary(const Project& project, Sink sink, bool interruptible);
absl::StatusOr<internal::ProjectLoader> ParseBinaryUnvalidated(absl::string_view bytes);

absl::Status WriteCompact(const Project& project, Sink sink, bool interruptible);
// `bytes` starts after the magic prefix (internal::kCompactMagic).
absl::StatusOr<internal::ProjectLoader> ParseCompactUnvalidated(absl::string_view bytes);

absl::Status WriteJson(const Project& project, Sink sink, bool interruptible);
absl::StatusOr<internal::ProjectLoader> ParseJsonUnvalidated(absl::string_view bytes);
// JSON of one message, through its deterministic binary encoding so that map
// entries (case attributes, metadata) come out sorted and saves reproduce.
std::string MessageJson(const google::protobuf::Message& message);

}  // namespace thematica::native

#endif  // THEMATICA_SRC_NATIVE_ENCODINGS_H_
