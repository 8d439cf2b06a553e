// Any project file by its extension: the native formats (.thematica, .json)
// and the REFI-QDA exchange formats (.qdpx projects, .qdc codebooks), with
// the warnings an import produced (what the other tool wrote that the
// project does not carry). LoadProject/SaveProject (native_io.h) handle the
// native formats only; this is what the command-line tool uses.
//
//   absl::StatusOr<thematica::ImportResult> in =
//       thematica::ReadProjectFile("from_nvivo.qdpx");
//   for (const std::string& w : in->warnings) std::cerr << w << "\n";
//   THEMATICA_RETURN_IF_ERROR(
//       thematica::WriteProjectFile(in->project, "study.thematica"));
#ifndef THEMATICA_PROJECT_FILE_H_
#define THEMATICA_PROJECT_FILE_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"
#include "thematica/refi_qda.h"

namespace thematica {

// Reads .thematica, .json, .qdpx or .qdc (a .qdc gives a project holding
// only the codebook); InvalidArgument for another extension.
absl::StatusOr<ImportResult> ReadProjectFile(absl::string_view path);

// Writes .thematica, .json, .qdpx or .qdc (a .qdc holds the codebook only),
// atomically.
absl::Status WriteProjectFile(const Project& project, absl::string_view path);

}  // namespace thematica

#endif  // THEMATICA_PROJECT_FILE_H_
