// Case: a participant or other unit of analysis (REFI-QDA "Case"), with
// typed attribute values such as role = patient.
//
//   std::string p4 = project.AddCase({.name = "P4"}).value();
#ifndef THEMATICA_CASE_H_
#define THEMATICA_CASE_H_

#include <map>
#include <string>

#include "absl/time/time.h"
#include "thematica/attribute.h"
#include "thematica/metadata.h"

namespace thematica {

struct Case {
  std::string id;    // Assigned on add when empty.
  std::string name;  // Unique within the project, e.g. "P4".
  std::string description;
  // Values keyed by AttributeDefinition::id; a missing key is missing data.
  std::map<std::string, AttributeValue> attributes;
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  std::string creator_id;
  Metadata metadata;
};

}  // namespace thematica

#endif  // THEMATICA_CASE_H_
