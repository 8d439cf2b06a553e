#include "cli/team_io.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "internal/file_util.h"
#include "thematica/project_file.h"

namespace thematica::cli {

absl::StatusOr<LoadedProject> ReadTeamProject(const std::string& path) {
  LoadedProject out;
  for (absl::string_view ext : {".thematica", ".json", ".qdpx", ".qdc"}) {
    if (!absl::EndsWithIgnoreCase(path, ext)) continue;
    absl::StatusOr<ImportResult> in = ReadProjectFile(path);
    if (!in.ok()) return in.status();
    out.project = std::move(in->project);
    out.format = ext == ".json" ? NativeFormat::kJson : NativeFormat::kBinary;
    return out;
  }
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  out.format = absl::StartsWith(absl::StripLeadingAsciiWhitespace(*bytes), "{") ? NativeFormat::kJson
                                                                               : NativeFormat::kBinary;
  absl::StatusOr<Project> p = ParseProject(*bytes, out.format);
  if (!p.ok()) {
    return absl::Status(p.status().code(), absl::StrCat(path, ": ", p.status().message()));
  }
  out.project = *std::move(p);
  return out;
}

}  // namespace thematica::cli
