// Theme: a pattern of meaning grouping codes; sub-themes nest to any depth.
// A code may sit under several themes.
//
//   std::string bridge = project.AddTheme({.name = "The bridge"}).value();
//   project.AddTheme({.name = "Advocacy", .parent_id = bridge,
//                     .code_ids = {speaking_up}});
#ifndef THEMATICA_THEME_H_
#define THEMATICA_THEME_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "thematica/metadata.h"

namespace thematica {

struct Theme {
  std::string id;    // Assigned on add when empty.
  std::string name;  // Unique among sibling themes.
  std::string description;
  std::string parent_id;              // Theme::id, or empty for a top theme.
  std::vector<std::string> code_ids;  // Codes grouped here, no repeats.
  std::string color;                  // "#RRGGBB" or empty.
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  std::string creator_id;
  Metadata metadata;
};

}  // namespace thematica

#endif  // THEMATICA_THEME_H_
