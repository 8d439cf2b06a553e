// Coder: a person who codes (REFI-QDA "User").
//
//   std::string ana = project.AddCoder({.name = "Ana"}).value();
#ifndef THEMATICA_CODER_H_
#define THEMATICA_CODER_H_

#include <string>

#include "absl/time/time.h"
#include "thematica/metadata.h"

namespace thematica {

struct Coder {
  std::string id;    // Assigned by Project::AddCoder when empty.
  std::string name;  // Unique within the project.
  absl::Time created = absl::InfinitePast();  // Set on add when unset.
  Metadata metadata;
};

}  // namespace thematica

#endif  // THEMATICA_CODER_H_
