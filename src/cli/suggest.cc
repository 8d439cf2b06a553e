#include "cli/suggest.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace thematica::cli {
namespace {

// The core's rule, with the command line's wording for a name that matches nothing.
template <typename T>
absl::StatusOr<const T*> Named(const Project& p, absl::StatusOr<const T*> found, absl::string_view kind,
                               absl::string_view key) {
  if (!absl::IsNotFound(found.status())) return found;
  return absl::NotFoundError(
      absl::StrCat("no ", kind, " named \"", key, "\"", DidYouMean(key, TypedNames(p, kind))));
}

}  // namespace

std::vector<std::string> CodeNames(const Project& p) { return TypedNames(p, "code"); }
std::vector<std::string> ThemeNames(const Project& p) { return TypedNames(p, "theme"); }
std::vector<std::string> AttributeNames(const Project& p) { return TypedNames(p, "attribute"); }
std::vector<std::string> CoderNames(const Project& p) { return TypedNames(p, "coder"); }
std::vector<std::string> DocumentNames(const Project& p) { return TypedNames(p, "document"); }

absl::StatusOr<const Code*> FindCode(const Project& p, const std::string& key) {
  return Named(p, ResolveCode(p, key), "code", key);
}
absl::StatusOr<const Theme*> FindTheme(const Project& p, const std::string& key) {
  return Named(p, ResolveTheme(p, key), "theme", key);
}
absl::StatusOr<const AttributeDefinition*> FindAttribute(const Project& p, const std::string& key) {
  return Named(p, ResolveAttribute(p, key), "attribute", key);
}
absl::StatusOr<const Coder*> FindCoder(const Project& p, const std::string& key) {
  return Named(p, ResolveCoder(p, key), "coder", key);
}
absl::StatusOr<const Document*> FindDocument(const Project& p, const std::string& key) {
  return Named(p, ResolveDocument(p, key), "document", key);
}

}  // namespace thematica::cli
