// The one rule for every string an object holds (names, descriptions, labels,
// memo text, attribute values, speaker labels, metadata keys and values): it
// must be valid UTF-8, because every file format stores UTF-8 and a loader
// refuses anything else. Used by every Add/Update call and by Validate(), so
// a project can never hold what its own loader would refuse.
//
//   THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(code, "code"));
#ifndef THEMATICA_SRC_INTERNAL_STRING_RULES_H_
#define THEMATICA_SRC_INTERNAL_STRING_RULES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "thematica/attribute.h"
#include "thematica/case.h"
#include "thematica/codebook.h"
#include "thematica/coder.h"
#include "thematica/document.h"
#include "thematica/excerpt.h"
#include "thematica/memo.h"
#include "thematica/metadata.h"
#include "thematica/relation.h"
#include "thematica/text.h"
#include "thematica/theme.h"

namespace thematica {
struct ProjectInfo;
}

namespace thematica::internal {

using NamedStrings = std::vector<std::pair<std::string, const std::string*>>;

inline void AddMetadata(const Metadata& m, NamedStrings& out) {
  for (const auto& [key, value] : m) {
    out.emplace_back("metadata key", &key);
    out.emplace_back(absl::StrCat("metadata \"", key, "\""), &value);
  }
}

// The free-text strings of each kind of object (not ids: they are checked
// as GUIDs; not document text: it is checked, with its offset, on its own).
inline NamedStrings StringsOf(const Coder& c) {
  NamedStrings s = {{"name", &c.name}};
  AddMetadata(c.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const AttributeDefinition& a) {
  NamedStrings s = {{"name", &a.name}, {"description", &a.description}};
  AddMetadata(a.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Case& c) {
  NamedStrings s = {{"name", &c.name}, {"description", &c.description}};
  for (const auto& [id, value] : c.attributes) {
    if (const std::string* text = value.text()) s.emplace_back("attribute value", text);
  }
  AddMetadata(c.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Document& d) {
  NamedStrings s = {{"name", &d.name}, {"description", &d.description}};
  for (const SpeakerTurn& t : d.speaker_turns) s.emplace_back("speaker label", &t.speaker);
  AddMetadata(d.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Code& c) {
  NamedStrings s = {{"name", &c.name},           {"description", &c.description},
                    {"inclusion", &c.inclusion}, {"exclusion", &c.exclusion},
                    {"example", &c.example},     {"color", &c.color}};
  AddMetadata(c.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Excerpt& e) {
  NamedStrings s;
  AddMetadata(e.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Theme& t) {
  NamedStrings s = {{"name", &t.name}, {"description", &t.description}, {"color", &t.color}};
  AddMetadata(t.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Relation& r) {
  NamedStrings s = {{"label", &r.label}, {"description", &r.description}};
  AddMetadata(r.metadata, s);
  return s;
}
inline NamedStrings StringsOf(const Memo& m) {
  NamedStrings s = {{"title", &m.title}, {"text", &m.text}};
  AddMetadata(m.metadata, s);
  return s;
}

// InvalidArgument naming the object, the field and the byte offset of the
// first string of `item` that is not valid UTF-8.
template <typename T>
absl::Status CheckStrings(const T& item, absl::string_view kind, absl::string_view id) {
  for (const auto& [field, value] : StringsOf(item)) {
    absl::Status s = ValidateUtf8(*value);
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(kind, " ", id, ": ", field, " is not valid UTF-8 (", s.message(), ")"));
    }
  }
  return absl::OkStatus();
}
template <typename T>
absl::Status CheckStrings(const T& item, absl::string_view kind) {
  return CheckStrings(item, kind, item.id);
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_STRING_RULES_H_
