// REFI-QDA exchange: read and write the codebook format (.qdc, XML) and the
// project format (.qdpx, a zip of project.qde plus source files) that NVivo,
// ATLAS.ti, MAXQDA, QualCoder and others exchange (standard 1.5, schemas
// Codebook.xsd and Project-mrt2019.xsd).
//
// Guarantees:
//  - Positions: REFI-QDA selections count "characters", and tools disagree on
//    what a character is. Thematica converts per producing tool (the `origin`
//    attribute, see ConventionForOrigin) to Unicode code points of the text as
//    stored (UTF-8 BOM stripped, line ends as written), and refuses a file in
//    which any converted selection falls outside its text or inside a
//    character. Our own exports say "positions: Unicode code points" in their
//    origin and round-trip exactly.
//  - Untrusted input: zip entries that escape the archive (`..`, absolute
//    paths, links), decompression bombs (QdpxLimits), XML with a DOCTYPE,
//    invalid UTF-8, missing or repeated GUIDs (within one kind) and dangling
//    references are refused with a clear error; nothing is written.
//  - Nothing silently lost: what the model does not hold (picture, PDF, audio
//    and video sources with their selections, links and graphs between
//    other objects) is kept as raw XML in ProjectInfo::metadata under
//    "refi:opaque:…" and written back on export; what cannot be kept is named
//    in ImportResult::warnings.
//  - Saves are atomic (thematica::WriteFileAtomic).
//
//   absl::StatusOr<thematica::ImportResult> r = thematica::ReadQdpx("x.qdpx");
//   if (!r.ok()) { std::cerr << r.status() << "\n"; return 1; }
//   for (const std::string& w : r->warnings) std::cerr << "warning: " << w;
//   THEMATICA_RETURN_IF_ERROR(thematica::WriteQdpx(r->project, "y.qdpx"));
#ifndef THEMATICA_REFI_QDA_H_
#define THEMATICA_REFI_QDA_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

// What a tool's selection positions count.
enum class PositionConvention {
  // Unicode code points of the text as written (Thematica, and the default
  // for tools whose convention is unknown).
  kCodePoints,
  // UTF-16 code units of the text as written, BOM excluded, CRLF = 2
  // (NVivo for Windows and Mac, QualCoder). Established on the shared NVivo
  // samples: 300 of 303 selections on word boundaries, no emoji cut.
  kUtf16CodeUnits,
  // Code points with a CRLF line end counted as one (ATLAS.ti, per
  // QualCoder's importer).
  kCodePointsCrlfAsOne,
  // UTF-8 bytes (Taguette).
  kUtf8Bytes,
};

// "code points", "UTF-16 code units", …
absl::string_view PositionConventionName(PositionConvention convention);

// The convention of the tool named by a REFI-QDA `origin` attribute.
PositionConvention ConventionForOrigin(absl::string_view origin);

// Bounds for reading an untrusted .qdpx (all sizes uncompressed bytes).
struct QdpxLimits {
  int64_t max_entry_size = int64_t{1} << 30;       // 1 GiB per entry.
  int64_t max_total_size = int64_t{4} << 30;       // 4 GiB in all.
  int64_t max_entries = 100000;
  // Uncompressed / compressed size of one entry (entries under 1 MiB are
  // exempt, since tiny compressible files reach high ratios honestly).
  double max_compression_ratio = 200.0;
  // Overrides the convention ConventionForOrigin picks.
  std::optional<PositionConvention> positions;
};

struct ImportResult {
  Project project;
  // Everything read that the project does not carry, one message each.
  std::vector<std::string> warnings;
};

// The origin attribute Thematica writes.
std::string ThematicaOrigin();

// --- Project exchange (.qdpx) ------------------------------------------------
absl::StatusOr<ImportResult> ReadQdpx(absl::string_view path,
                                      const QdpxLimits& limits = {});
absl::StatusOr<ImportResult> ReadQdpxFromMemory(absl::string_view bytes,
                                                const QdpxLimits& limits = {});
absl::Status WriteQdpx(const Project& project, absl::string_view path);
absl::StatusOr<std::string> WriteQdpxToMemory(const Project& project);

// A bare project.qde (XML). Sources with `plainTextPath` are looked up
// through `read_source` (given the name after "internal://", or the external
// path); pass nullptr to refuse them.
using SourceReader =
    std::function<absl::StatusOr<std::string>(absl::string_view name,
                                              bool internal)>;
absl::StatusOr<ImportResult> ParseQde(absl::string_view xml,
                                      const SourceReader& read_source,
                                      const QdpxLimits& limits = {});
// The project.qde of an export; the text files it names go to `files`
// (name inside the zip → bytes) unless `inline_text`, which puts the text in
// PlainTextContent instead.
std::string SerializeQde(const Project& project, bool inline_text,
                         std::vector<std::pair<std::string, std::string>>* files);

// --- Codebook exchange (.qdc) ------------------------------------------------
// A project holding only the codebook (and themes, from Sets).
absl::StatusOr<ImportResult> ReadQdc(absl::string_view path);
absl::StatusOr<ImportResult> ParseQdc(absl::string_view xml);
absl::Status WriteQdc(const Project& project, absl::string_view path);
std::string SerializeQdc(const Project& project);

}  // namespace thematica

#endif  // THEMATICA_REFI_QDA_H_
