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
#include "absl/time/time.h"
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

// The one rule for every time an object holds (created, modified): unset
// (InfinitePast) or within 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z,
// the range of protobuf's Timestamp and of RFC 3339, so that every file
// format can write it (outside it, protobuf's JSON writer fails mid-file).
inline bool TimeInFileRange(absl::Time t) {
  if (t == absl::InfinitePast()) return true;
  return t >= absl::FromUnixSeconds(-62135596800) && t < absl::FromUnixSeconds(253402300800);
}
inline absl::Status CheckTime(absl::Time t, absl::string_view kind, absl::string_view id,
                              absl::string_view field) {
  if (TimeInFileRange(t)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(kind, id.empty() ? "" : " ", id, ": ", field, " time ",
                                                 absl::FormatTime(t, absl::UTCTimeZone()),
                                                 " is outside years 1 to 9999"));
}

// InvalidArgument naming the object, the field and the byte offset of the
// first string of `item` that is not valid UTF-8, or the first time outside
// the range every file format can hold.
template <typename T>
absl::Status CheckStrings(const T& item, absl::string_view kind, absl::string_view id) {
  absl::Status status;
  if constexpr (requires { item.created; }) {
    status.Update(CheckTime(item.created, kind, id, "created"));
  }
  if constexpr (requires { item.modified; }) {
    status.Update(CheckTime(item.modified, kind, id, "modified"));
  }
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
