// Zip reading and writing for .qdpx archives (private to src/io).
//
// Reading treats the archive as hostile: every entry name is checked before
// anything is read (no absolute paths, no "..", no backslashes, no links), and
// sizes are bounded by QdpxLimits both as declared and as actually inflated.
//
//   THEMATICA_ASSIGN_OR_RETURN(ZipEntries entries, ReadZip(bytes, limits));
//   THEMATICA_ASSIGN_OR_RETURN(std::string zip, WriteZip(entries));
#ifndef THEMATICA_IO_REFI_ZIP_H_
#define THEMATICA_IO_REFI_ZIP_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/refi_qda.h"

namespace thematica::internal {

// (name, bytes) in archive order; directories are left out.
using ZipEntries = std::vector<std::pair<std::string, std::string>>;

// InvalidArgument for an entry that escapes the archive or is a link,
// ResourceExhausted for one over the limits, DataLoss for a corrupt archive.
absl::StatusOr<ZipEntries> ReadZip(absl::string_view bytes,
                                   const QdpxLimits& limits);

// A deflated zip of `entries`.
absl::StatusOr<std::string> WriteZip(const ZipEntries& entries);

// OK when `name` is a relative path that stays inside the archive.
absl::Status CheckEntryName(absl::string_view name);

}  // namespace thematica::internal

#endif  // THEMATICA_IO_REFI_ZIP_H_
