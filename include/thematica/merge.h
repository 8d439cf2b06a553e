// Three-way merge of projects: two people changed copies of one study (`ours`
// and `theirs`, both descended from `base`); Merge combines their work.
// Objects are matched by stable id. A change made on one side applies; the
// same change made on both sides applies once; a field changed differently on
// both sides is a typed conflict that carries both versions and gets a
// default resolution in the merged project, so the result is always a
// consistent project.
//
//   absl::StatusOr<thematica::MergeResult> r = thematica::Merge(base, ours, theirs);
//   for (const thematica::MergeConflict& c : r->conflicts) std::cerr << c.message << "\n";
//   // Decide one differently and merge again:
//   thematica::MergeOptions options;
//   options.resolutions[r->conflicts[0].key()] = "theirs";
//   r = thematica::Merge(base, ours, theirs, options);
//
// When a document's text changed between base and one side, codings made
// against another version of the text (the other side's, or the base's) are
// re-anchored to the merged text through a code-point diff of the two texts;
// a coding whose text was edited (deleted, or inserted into) cannot be placed
// exactly: that is an `unplaceable_excerpt` conflict, whose default keeps the
// coding on the nearest surviving text — never moved silently.
//
// Cost: linear in the size of the three projects (hash lookups by id), plus
// a code-point diff per document whose text changed.
#ifndef THEMATICA_MERGE_H_
#define THEMATICA_MERGE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

enum class ConflictType {
  kCodeRenamed,         // A code renamed differently on both sides.
  kCodeMoved,           // A code moved under different parents.
  kDeletedUsed,         // Deleted on one side, used (coded, in a theme, …) on the other.
  kDeletedChanged,      // Deleted on one side, changed on the other.
  kExcerptRange,        // An excerpt's range changed differently.
  kExcerptCodes,        // An excerpt's codes changed differently.
  kUnplaceableExcerpt,  // A coding whose text was edited on the other side.
  kDocumentText,        // A document's text edited on both sides.
  kAttributeValue,      // A case's attribute value set differently.
  kThemeCodes,          // A theme's codes changed differently.
  kNameClash,           // Two objects ended up with one name (say, both sides added "Hope").
  kField,               // Any other field changed differently (names, descriptions, …).
};

// "code_renamed", "code_moved", "deleted_used", "deleted_changed",
// "excerpt_range", "excerpt_codes", "unplaceable_excerpt", "document_text",
// "attribute_value", "theme_codes", "name_clash", "field".
absl::string_view ConflictTypeName(ConflictType type);

struct MergeConflict {
  ConflictType type = ConflictType::kField;
  ObjectKind kind = ObjectKind::kNone;
  std::string object_id;
  std::string name;   // Of the object, for people (a code's path, a document's name, …).
  std::string field;  // "name", "parent", "span", "codes", "text", "attribute:ID", "exists", …
  // Each side's version, as text in the form a resolution value takes: a
  // name, a parent id, "[start, end)" (code points of the merged text), code
  // ids joined by ",", "deleted" / "kept" for the existence conflicts. `ours`
  // or `theirs` is "deleted" when that side removed the object; `base` is
  // empty for an object both sides added.
  std::string base;
  std::string ours;
  std::string theirs;
  // What the merged project holds until told otherwise: "ours", "theirs", or
  // another value (a union of both sides' codes, the nearest span, …).
  std::string default_resolution;
  std::string default_value;
  // The choice from MergeOptions applied instead of the default, if any.
  std::string resolution;
  std::string message;  // One line for people.

  // The key MergeOptions::resolutions uses for this conflict.
  std::string key() const { return ConflictKey(object_id, field); }
  static std::string ConflictKey(absl::string_view object_id, absl::string_view field);
};

struct MergeOptions {
  // ConflictKey → "ours", "theirs", or a value in the conflict's text form.
  // Keys that match no conflict are ignored.
  absl::flat_hash_map<std::string, std::string> resolutions;
};

struct MergeResult {
  Project project;
  // Every conflict met, the resolved ones included (their `resolution` set).
  std::vector<MergeConflict> conflicts;
  // Conflicts decided by default (no resolution given).
  int64_t unresolved() const;
};

// Merges `ours` and `theirs`, both edited from `base`. The merged project
// keeps ours' project id and ours' order of objects, theirs' additions after.
// Names that must be unique (codes and themes among siblings; coders,
// attributes, cases and documents in the project) and that two objects end up
// sharing are a `name_clash` conflict: the later object (theirs' addition,
// usually) gets "NAME (2)" by default. InvalidArgument for a resolution value
// that does not parse for its field (naming the conflict and the value);
// Moves of codes (or themes) that together would put one under itself keep
// ours' parent for the one theirs moved (a `code_moved` conflict).
// FailedPrecondition if the merged project would still be inconsistent (a
// resolution that names a taken name or makes a cycle), with the problems
// listed.
absl::StatusOr<MergeResult> Merge(const Project& base, const Project& ours,
                                  const Project& theirs,
                                  const MergeOptions& options = {});

}  // namespace thematica

#endif  // THEMATICA_MERGE_H_
