// Relation: a labelled edge of the thematic map between two themes or codes
// (REFI-QDA "Link").
//
//   project.AddRelation({.source_id = advocacy, .target_id = bridge,
//                        .label = "function of"});
#ifndef THEMATICA_RELATION_H_
#define THEMATICA_RELATION_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "thematica/metadata.h"

namespace thematica {

enum class RelationDirection { kOneWay, kBidirectional, kAssociative };

// "one-way", "bidirectional", "associative".
absl::string_view RelationDirectionName(RelationDirection direction);
absl::StatusOr<RelationDirection> ParseRelationDirection(absl::string_view name);

struct Relation {
  std::string id;         // Assigned on add when empty.
  std::string source_id;  // Theme::id or Code::id.
  std::string target_id;  // Theme::id or Code::id.
  std::string label;
  RelationDirection direction = RelationDirection::kOneWay;
  std::string description;
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  std::string creator_id;
  Metadata metadata;
};

}  // namespace thematica

#endif  // THEMATICA_RELATION_H_
