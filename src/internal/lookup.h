// Private: how the library looks an entity up by what a caller typed and
// words the miss, so every "<kind> <key> not found" reads the same.
//
//   const Document* d = internal::FindDocumentByIdOrName(project, key);
//   if (d == nullptr) return internal::NotFound("document", key);
#ifndef THEMATICA_SRC_INTERNAL_LOOKUP_H_
#define THEMATICA_SRC_INTERNAL_LOOKUP_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica::internal {

// "<kind> <key> not found" (e.g. "code c-12 not found"): the one wording of
// a miss, as a message (the rule set's edit wording) or as a NotFound status.
inline std::string NotFoundText(absl::string_view kind, absl::string_view key) {
  return absl::StrCat(kind, " ", key, " not found");
}
inline absl::Status NotFound(absl::string_view kind, absl::string_view key) {
  return absl::NotFoundError(NotFoundText(kind, key));
}

// The document whose id is `key`, else the one named `key`; nullptr when none.
inline const Document* FindDocumentByIdOrName(const Project& project, absl::string_view key) {
  const Document* d = project.FindDocument(key);
  return d != nullptr ? d : project.FindDocumentByName(key);
}

// The attribute whose id is `key`, else the one named `key`; nullptr when none.
inline const AttributeDefinition* FindAttributeByIdOrName(const Project& project, absl::string_view key) {
  const AttributeDefinition* a = project.FindAttribute(key);
  return a != nullptr ? a : project.FindAttributeByName(key);
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_LOOKUP_H_
