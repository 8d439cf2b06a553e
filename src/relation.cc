#include "thematica/relation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace thematica {

absl::string_view RelationDirectionName(RelationDirection direction) {
  switch (direction) {
    case RelationDirection::kOneWay:
      return "one-way";
    case RelationDirection::kBidirectional:
      return "bidirectional";
    case RelationDirection::kAssociative:
      return "associative";
  }
  return "one-way";
}

absl::StatusOr<RelationDirection> ParseRelationDirection(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "one-way" || lower == "oneway") return RelationDirection::kOneWay;
  if (lower == "bidirectional") return RelationDirection::kBidirectional;
  if (lower == "associative") return RelationDirection::kAssociative;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown relation direction \"", name,
      "\" (expected one-way, bidirectional or associative)"));
}

}  // namespace thematica
