// The native format's conversions between the model (thematica/*.h) and its
// protobuf messages (proto/thematica/v1), shared by the three encodings
// (record.cc, compact.cc, json.cc) and native_io.cc, with the upgrade chain a
// loader applies to an older file's messages.
//
//   pb::Document message;
//   ToProto(document, &message);        // model → proto
//   Document back = FromProto(message);  // proto → model, consumes its strings
//
// FromProto of a mutable message moves its strings out (the loaders decode
// each record once); the const overloads copy.
#ifndef THEMATICA_SRC_NATIVE_CONVERT_H_
#define THEMATICA_SRC_NATIVE_CONVERT_H_

#include <optional>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "internal/format_upgrade.h"
#include "internal/project_loader.h"
#include "thematica/project.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica::native {

namespace pb = ::thematica::v1;

// --- Model → proto (to_proto.cc) ------------------------------------------------

void ToProto(absl::Time t, google::protobuf::Timestamp* out);
pb::AttributeType ToProto(AttributeType type);
pb::RelationDirection ToProto(RelationDirection d);
void ToProto(const AttributeValue& v, pb::AttributeValue* out);
void ToProto(const Span& s, pb::Span* out);
pb::ProvenanceKind ToProto(ProvenanceKind kind);
// A person's excerpt without details is left out, as files before 1.2 had it.
void ToProto(const Provenance& p, pb::Excerpt* out);
void ToProto(const Excerpt& e, pb::Excerpt* out);
pb::SuggestionStatus ToProto(SuggestionStatus status);
void ToProto(const SuggestionRun& r, pb::SuggestionRun* out);
void ToProto(const Document& d, pb::Document* out);
void ToProto(const Coder& c, pb::Coder* pc);
void ToProto(const AttributeDefinition& a, pb::AttributeDefinition* pa);
void ToProto(const Case& c, pb::Case* pc);
void ToProto(const Code& c, pb::Code* pc);
void ToProto(const Theme& t, pb::Theme* pt);
void ToProto(const Relation& r, pb::Relation* pr);
void ToProto(const Memo& m, pb::Memo* pm);
void ToProto(const ProjectInfo& info, pb::ChangeProjectInfo* out);
void ToProto(const ObjectValue& value, pb::ChangeObject* out);
pb::ChangeOp ToProto(ChangeOp op);
void ToProto(const ChangeRecord& r, pb::ChangeRecord* out);
// Everything but documents and excerpts (which the writers stream).
void HeaderToProto(const Project& project, pb::Project* out);

// --- Proto → model (from_proto.cc) ----------------------------------------------

absl::Time FromProto(const google::protobuf::Timestamp& t);
absl::StatusOr<AttributeType> FromProto(pb::AttributeType type);
RelationDirection FromProto(pb::RelationDirection d);
absl::StatusOr<AttributeValue> FromProto(const pb::AttributeValue& v);
Span FromProto(const pb::Span& s);
Provenance FromProto(pb::Provenance& p);
SuggestionRun FromProto(pb::SuggestionRun& r);
Excerpt FromProto(pb::Excerpt& e);
Document FromProto(pb::Document& d);
Coder FromProto(pb::Coder& c);
absl::StatusOr<AttributeDefinition> FromProto(pb::AttributeDefinition& a);
absl::StatusOr<Case> FromProto(pb::Case& c);
Code FromProto(pb::Code& c);
Theme FromProto(pb::Theme& t);
Relation FromProto(pb::Relation& r);
Memo FromProto(pb::Memo& m);
ProjectInfo FromProto(pb::ChangeProjectInfo& p);
absl::StatusOr<ObjectValue> FromProto(pb::ChangeObject& o);
// One saved change record; InvalidArgument naming the record when it does not
// describe a change this version can undo.
absl::StatusOr<ChangeRecord> FromProto(pb::ChangeRecord& r);
// Fills everything but documents and excerpts; consumes `p`'s strings.
absl::Status HeaderFromProto(pb::Project& p, internal::ProjectLoader& out);

// Whether an excerpt record holds anything this version does not know (the
// cheap check before the full walk; excerpts are the most numerous records).
bool HasUnknownFields(const pb::Excerpt& e);

// The chain of upgrade steps from a file's version to this one.
class Upgrade {
 public:
  explicit Upgrade(const pb::Project& header)
      : chain_(internal::UpgradeChain(header.format_version().major(),
                                      header.format_version().minor())) {}
  bool empty() const { return chain_.empty(); }
  void Header(pb::Project& header) const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->header != nullptr) step->header(header);
    }
  }
  void Record(pb::Document& d) const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->document != nullptr) step->document(d);
    }
  }
  void Record(pb::Excerpt& e) const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->excerpt != nullptr) step->excerpt(e);
    }
  }
  // Whether excerpts may skip protobuf (no step changes them).
  bool KeepsExcerpts() const {
    for (const internal::UpgradeStep* step : chain_) {
      if (step->excerpt != nullptr) return false;
    }
    return true;
  }

 private:
  std::vector<const internal::UpgradeStep*> chain_;
};

}  // namespace thematica::native

#endif  // THEMATICA_SRC_NATIVE_CONVERT_H_
