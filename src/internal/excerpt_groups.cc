#include "internal/excerpt_groups.h"

namespace thematica::internal {

absl::flat_hash_map<absl::string_view, size_t> DocumentPositions(const Project& project) {
  absl::flat_hash_map<absl::string_view, size_t> out;
  out.reserve(project.documents().size());
  for (size_t i = 0; i < project.documents().size(); ++i) out[project.documents()[i].id] = i;
  return out;
}

}  // namespace thematica::internal
