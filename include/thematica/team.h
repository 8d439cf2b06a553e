// Blind parallel coding: a coder's working copy of a project, and combining
// the copies back so every coder's codings sit side by side for agreement.
//
// Objects keep their ids in a copy, so combining matches them by id: no
// coder, code or document is duplicated even when a coder added codes (new
// codes are added once and reported) and combining the same copy again adds
// nothing. Projects made independently (no shared ids) are matched by code
// path and by a hash of the document text.
//
//   thematica::Project ana = thematica::CopyFor(study, "Ana", {}).value();
//   … Ana codes her copy …
//   thematica::CombineReport report;
//   thematica::Project all = thematica::Combine(study, {&ana, &ben}, &report).value();
#ifndef THEMATICA_TEAM_H_
#define THEMATICA_TEAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

struct CopyOptions {
  // Ids of the documents to code; empty: every document.
  std::vector<std::string> document_ids;
  // Blind: leave out every other coder's excerpts (and memos they wrote).
  bool blind = true;
};

// A working copy of `original` for `coder` (an id or name; a new name adds
// the coder): the codebook, themes, cases, attributes and the chosen
// documents with their ids, the coder set as current coder, an empty change
// log. NotFound for an unknown document id.
absl::StatusOr<Project> CopyFor(const Project& original, absl::string_view coder,
                                const CopyOptions& options);

// One object of a copy and what it became in the combined project.
struct CombineMatch {
  int copy = 0;              // Index of the copy in the list given to Combine.
  ObjectKind kind = ObjectKind::kNone;
  std::string copy_id;       // The object's id in the copy.
  std::string id;            // Its id in the combined project.
  std::string name;          // Name, code path or excerpt range.
  // "id", "name", "path", "text hash" (matched), "added" (new),
  // "present" (an excerpt already there), "updated" (an excerpt of the
  // copy's coder that changed in the copy).
  std::string matched_by;
};

struct CombineReport {
  std::vector<CombineMatch> matches;
  std::vector<std::string> added_codes;  // Ids in the combined project.
  int64_t excerpts_added = 0;
  int64_t excerpts_present = 0;
  // One line per object that could not be brought over.
  std::vector<std::string> problems;
  std::string Summary() const;
};

// `original` with every copy's coders, codes, documents and excerpts merged
// in (see the header comment). The combined project is checked like any
// edit; a failure leaves nothing half-done (the result is a new project).
absl::StatusOr<Project> Combine(const Project& original, const std::vector<const Project*>& copies,
                                CombineReport* report);

// Lower-case hex SHA-256 of a document's text: the key that matches
// documents of independent projects.
std::string TextHash(absl::string_view text);

}  // namespace thematica

#endif  // THEMATICA_TEAM_H_
