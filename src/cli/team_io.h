// Project loading for the team commands (diff, merge, merge-driver): git
// hands them temporary copies without an extension, so a file whose
// extension names no format is recognised by its content.
#ifndef THEMATICA_SRC_CLI_TEAM_IO_H_
#define THEMATICA_SRC_CLI_TEAM_IO_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/native_io.h"
#include "thematica/project.h"

namespace thematica::cli {

struct LoadedProject {
  Project project;
  // The native encoding the file is in (kBinary for a .qdpx or .qdc).
  NativeFormat format = NativeFormat::kBinary;
};

// .thematica, .json, .qdpx, .qdc by extension (ReadProjectFile), otherwise
// by content: JSON when it starts with "{", the binary format else.
absl::StatusOr<LoadedProject> ReadTeamProject(const std::string& path);

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_TEAM_IO_H_
