#include "thematica/project_file.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "thematica/native_io.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

absl::Status UnknownExtension(absl::string_view path) {
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot tell the format of \"", path,
      "\" from its extension (expected .thematica, .json, .qdpx or .qdc)"));
}

}  // namespace

absl::StatusOr<ImportResult> ReadProjectFile(absl::string_view path) {
  if (absl::EndsWithIgnoreCase(path, ".qdpx")) return ReadQdpx(path);
  if (absl::EndsWithIgnoreCase(path, ".qdc")) return ReadQdc(path);
  if (!NativeFormatForPath(path).ok()) return UnknownExtension(path);
  THEMATICA_ASSIGN_OR_RETURN(Project project, LoadProject(path));
  return ImportResult{std::move(project), {}};
}

absl::Status WriteProjectFile(const Project& project, absl::string_view path) {
  if (absl::EndsWithIgnoreCase(path, ".qdpx")) return WriteQdpx(project, path);
  if (absl::EndsWithIgnoreCase(path, ".qdc")) return WriteQdc(project, path);
  if (!NativeFormatForPath(path).ok()) return UnknownExtension(path);
  return SaveProject(project, path);
}

}  // namespace thematica
