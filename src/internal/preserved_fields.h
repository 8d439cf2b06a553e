// Keeping what a newer minor format version wrote and this version does not
// know (OpenTimelineIO's "unknown fields", for protobuf): the loaders collect
// unknown content of every message, nested ones included, per object id; the
// writers put it back where it was. Binary files keep protobuf's unknown
// fields (wire bytes); JSON files keep unknown members (raw JSON text).
//
// A path names a message inside an object's message by field names, with an
// element key after a repeated field (its index) or a map field (its key):
// "speaker_turns", "2", "span". Segments are joined with kPathSeparator.
//
//   PreservedFieldMap kept;
//   CollectBinary(document_proto, document_proto.id(), kept);  // on load
//   ApplyBinary(kept.at(id), &document_proto);                 // on save
#ifndef THEMATICA_SRC_INTERNAL_PRESERVED_FIELDS_H_
#define THEMATICA_SRC_INTERNAL_PRESERVED_FIELDS_H_

#include <string>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica::internal {

inline constexpr char kPathSeparator = '\x1f';

// Saving in the other encoding carries what was kept too, so that converting
// a newer file binary → JSON → binary (or back) with this version loses
// nothing: wire fields travel in JSON as a base64 member of this name, JSON
// members travel in binary as length-delimited fields of this number (the
// largest protobuf allows). Readers of format 1.1 and later know both.
inline constexpr absl::string_view kWireCarrierKey = "thematica_unknown_wire_fields";
inline constexpr int kJsonCarrierField = 536870911;

// Adds the unknown fields of `message` and of every message inside it to
// `out[id]`. With `split_entities`, the elements of the project header's
// object lists (coders, codes, …) are filed under their own ids instead.
void CollectBinary(const google::protobuf::Message& message, const std::string& id,
                   PreservedFieldMap& out, bool split_entities = false);

// Puts `fields.binary` back into `message` (paths that no longer exist are
// skipped). With `split_entities`, also every header list element's own.
void ApplyBinary(const PreservedFieldMap& all, const std::string& id,
                 google::protobuf::Message* message, bool split_entities = false);

// Adds the members of the JSON object `json` (and of the objects inside it)
// that `descriptor` does not know to `out[id]`; with `split_entities` as above.
absl::Status CollectJson(absl::string_view json, const google::protobuf::Descriptor* descriptor,
                         const std::string& id, PreservedFieldMap& out,
                         bool split_entities = false);

// CollectJson for one document or excerpt record, filed under its own "id"
// (the record is split once).
absl::Status CollectJsonRecord(absl::string_view json, const google::protobuf::Descriptor* descriptor,
                               PreservedFieldMap& out);

// Inserts the kept JSON members into `json`, the text of one message as the
// writer printed it (`descriptor` its type); with `split_entities` as above.
void ApplyJson(const PreservedFieldMap& all, const std::string& id,
               const google::protobuf::Descriptor* descriptor, std::string& json,
               bool split_entities = false);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_PRESERVED_FIELDS_H_
