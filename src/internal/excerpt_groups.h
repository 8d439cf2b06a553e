// The one grouping of a project's excerpts by document that the read-side
// modules (query, text agreement, unitized alpha) share, instead of each
// building its own map from document id.
//
//   const std::vector<std::vector<const Excerpt*>> by_document =
//       internal::ExcerptsByDocument(project, [](const Excerpt& e) { return e.coder_id == ana; });
//   for (size_t d = 0; d < project.documents().size(); ++d) Use(project.documents()[d], by_document[d]);
#ifndef THEMATICA_SRC_INTERNAL_EXCERPT_GROUPS_H_
#define THEMATICA_SRC_INTERNAL_EXCERPT_GROUPS_H_

#include <cstddef>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica::internal {

// Document id → its position in project.documents(). The views point into
// the project: valid while its documents are not changed.
absl::flat_hash_map<absl::string_view, size_t> DocumentPositions(const Project& project);

// The excerpts `keep` accepts, grouped by document: element d holds those of
// project.documents()[d], in the order of project.excerpts().
template <typename Keep>
std::vector<std::vector<const Excerpt*>> ExcerptsByDocument(const Project& project, Keep&& keep) {
  const absl::flat_hash_map<absl::string_view, size_t> position = DocumentPositions(project);
  std::vector<std::vector<const Excerpt*>> out(project.documents().size());
  for (const Excerpt& e : project.excerpts()) {
    if (keep(e)) out[position.at(e.document_id)].push_back(&e);
  }
  return out;
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_EXCERPT_GROUPS_H_
