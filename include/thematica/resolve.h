// Finding an object from what a person typed — one rule for every kind, used
// by the Python bindings and the command line alike:
//
//   1. the id of an object of that kind;
//   2. for codes and themes, a path of names joined by "/" ("Parent/Child");
//   3. a name that exactly one object of that kind has.
//
// A name that several codes (or themes) share is an error listing their
// paths (InvalidArgument: "give the path or the id"); a key that matches
// nothing is NotFound, suggesting the closest names ("did you mean …?") and
// listing what the study has.
//
//   absl::StatusOr<const thematica::Code*> code = thematica::ResolveCode(project, "Trust");
#ifndef THEMATICA_RESOLVE_H_
#define THEMATICA_RESOLVE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

absl::StatusOr<const Code*> ResolveCode(const Project& project, absl::string_view key);
absl::StatusOr<const Theme*> ResolveTheme(const Project& project, absl::string_view key);
absl::StatusOr<const Coder*> ResolveCoder(const Project& project, absl::string_view key);
absl::StatusOr<const Case*> ResolveCase(const Project& project, absl::string_view key);
absl::StatusOr<const Document*> ResolveDocument(const Project& project, absl::string_view key);
absl::StatusOr<const AttributeDefinition*> ResolveAttribute(const Project& project, absl::string_view key);

// The names people type for each kind: names, and "/" paths of nested codes
// and themes. Kind is "code", "theme", "coder", "case", "document" or
// "attribute".
std::vector<std::string> TypedNames(const Project& project, absl::string_view kind);

// Edit distance between `a` and `b` in code points, case-insensitive (ASCII).
int EditDistance(absl::string_view a, absl::string_view b);

// Up to `limit` candidates nearest to `name` (distance at most about a third
// of the longer name, or a candidate containing `name`), nearest first.
std::vector<std::string> Closest(absl::string_view name, const std::vector<std::string>& candidates,
                                 size_t limit = 3);

// "; did you mean \"A\" or \"B\"? (the study has: …)" for an error message;
// just the list when nothing is close, and "" when there are no candidates.
std::string DidYouMean(absl::string_view name, const std::vector<std::string>& candidates);

}  // namespace thematica

#endif  // THEMATICA_RESOLVE_H_
