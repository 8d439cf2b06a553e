// "Did you mean …" for names a person typed: the candidates closest to a
// misspelled code, theme, attribute or coder by edit distance (Levenshtein
// over code points, ignoring case).
//
//   return absl::NotFoundError(absl::StrCat("no coder \"", name, "\"",
//                                           DidYouMean(name, coder_names)));
#ifndef THEMATICA_SRC_CLI_SUGGEST_H_
#define THEMATICA_SRC_CLI_SUGGEST_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica::cli {

// Edit distance between `a` and `b` in code points, case-insensitive (ASCII).
int EditDistance(absl::string_view a, absl::string_view b);

// Up to `limit` candidates nearest to `name` (distance at most about a third
// of the longer name, or a candidate containing `name`), nearest first.
std::vector<std::string> Closest(absl::string_view name, const std::vector<std::string>& candidates,
                                 size_t limit = 3);

// "; did you mean \"A\" or \"B\"? (the study has: …)" for an error message;
// just the list when nothing is close, and "" when there are no candidates.
std::string DidYouMean(absl::string_view name, const std::vector<std::string>& candidates);

// The names people type for each kind of thing in `project`.
std::vector<std::string> CodeNames(const Project& project);  // Names and "/" paths.
std::vector<std::string> ThemeNames(const Project& project);
std::vector<std::string> AttributeNames(const Project& project);
std::vector<std::string> CoderNames(const Project& project);
std::vector<std::string> DocumentNames(const Project& project);

// Lookups by what a person types, failing with NotFound and "did you mean".
// A code by "/" path or by a name only one code has.
absl::StatusOr<const Code*> FindCode(const Project& project, const std::string& key);
// A theme by name (or id).
absl::StatusOr<const Theme*> FindTheme(const Project& project, const std::string& key);
// An attribute by name (or id).
absl::StatusOr<const AttributeDefinition*> FindAttribute(const Project& project, const std::string& key);
// A coder by name.
absl::StatusOr<const Coder*> FindCoder(const Project& project, const std::string& key);
// A document by name (or id).
absl::StatusOr<const Document*> FindDocument(const Project& project, const std::string& key);

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_SUGGEST_H_
