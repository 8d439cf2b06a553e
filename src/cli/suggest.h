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
#include "thematica/resolve.h"

namespace thematica::cli {

// The suggestion machinery lives in the core (thematica/resolve.h).
using ::thematica::Closest;
using ::thematica::DidYouMean;
using ::thematica::EditDistance;

// The names people type for each kind of thing in `project`.
std::vector<std::string> CodeNames(const Project& project);  // Names and "/" paths.
std::vector<std::string> ThemeNames(const Project& project);
std::vector<std::string> AttributeNames(const Project& project);
std::vector<std::string> CoderNames(const Project& project);
std::vector<std::string> DocumentNames(const Project& project);

// Lookups by what a person types: thematica::Resolve* (id, path, unique
// name; ambiguity an error), with the command line's wording when nothing
// matches: "no code named \"X\"; did you mean …".
// A code by id, "/" path or a name only one code has.
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
