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

// Calls fn(field name, string) for each free-text string of an object (not
// ids: they are checked as GUIDs; not document text: it is checked, with its
// offset, on its own). Visits without allocating: Validate() runs it over
// every object of projects with millions of excerpts.
template <typename Fn>
void ForEachMetadataString(const Metadata& m, Fn&& fn) {
  for (const auto& [key, value] : m) {
    fn("metadata key", key);
    fn("metadata value", value);
  }
}
template <typename Fn>
void ForEachString(const Coder& c, Fn&& fn) {
  fn("name", c.name);
  ForEachMetadataString(c.metadata, fn);
}
template <typename Fn>
void ForEachString(const AttributeDefinition& a, Fn&& fn) {
  fn("name", a.name);
  fn("description", a.description);
  ForEachMetadataString(a.metadata, fn);
}
template <typename Fn>
void ForEachString(const Case& c, Fn&& fn) {
  fn("name", c.name);
  fn("description", c.description);
  for (const auto& [id, value] : c.attributes) {
    if (const std::string* text = value.text()) fn("attribute value", *text);
  }
  ForEachMetadataString(c.metadata, fn);
}
template <typename Fn>
void ForEachString(const Document& d, Fn&& fn) {
  fn("name", d.name);
  fn("description", d.description);
  for (const SpeakerTurn& t : d.speaker_turns) fn("speaker label", t.speaker);
  ForEachMetadataString(d.metadata, fn);
}
template <typename Fn>
void ForEachString(const Code& c, Fn&& fn) {
  fn("name", c.name);
  fn("description", c.description);
  fn("inclusion", c.inclusion);
  fn("exclusion", c.exclusion);
  fn("example", c.example);
  fn("color", c.color);
  ForEachMetadataString(c.metadata, fn);
}
template <typename Fn>
void ForEachString(const Excerpt& e, Fn&& fn) {
  ForEachMetadataString(e.metadata, fn);
}
template <typename Fn>
void ForEachString(const Theme& t, Fn&& fn) {
  fn("name", t.name);
  fn("description", t.description);
  fn("color", t.color);
  ForEachMetadataString(t.metadata, fn);
}
template <typename Fn>
void ForEachString(const Relation& r, Fn&& fn) {
  fn("label", r.label);
  fn("description", r.description);
  ForEachMetadataString(r.metadata, fn);
}
template <typename Fn>
void ForEachString(const Memo& m, Fn&& fn) {
  fn("title", m.title);
  fn("text", m.text);
  ForEachMetadataString(m.metadata, fn);
}

// InvalidArgument naming the object, the field and the byte offset of the
// first string of `item` that is not valid UTF-8.
template <typename T>
absl::Status CheckStrings(const T& item, absl::string_view kind, absl::string_view id) {
  absl::Status status;
  ForEachString(item, [&](absl::string_view field, const std::string& value) {
    if (!status.ok()) return;
    absl::Status s = ValidateUtf8(value);
    if (!s.ok()) {
      status = absl::InvalidArgumentError(
          absl::StrCat(kind, " ", id, ": ", field, " is not valid UTF-8 (", s.message(), ")"));
    }
  });
  return status;
}
template <typename T>
absl::Status CheckStrings(const T& item, absl::string_view kind) {
  return CheckStrings(item, kind, item.id);
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_STRING_RULES_H_
