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
//    character. Where another tool's selections carry their text in `name`
//    (QualCoder writes it), the unit under which the most texts equal their
//    names is used instead (the tool's own on a tie), and a warning says
//    which. Our own exports name their unit in
//    their origin ("positions: Unicode code points", or the target tool's
//    unit, see ExportTarget) and round-trip exactly.
//  - Sources: `plainTextPath="internal://x"` and a bare or relative path
//    ("x.txt") both name sources/x.txt (or Sources/x.txt) when the archive
//    holds exactly that entry; nothing outside the archive is ever opened. A
//    re-export carries every text that was imported.
//  - Originals: a document's imported original (Document::source_file) in a
//    rich-text format (.docx, .doc, .odt, .rtf, .pdf, .html) is written as
//    the TextSource's rich-text file, richTextPath="internal://<id>.<ext>"
//    in sources/, as NVivo writes its .docx files; other originals (.txt,
//    .md, .vtt, .srt) travel in the sidecar only. On import a rich-text file
//    inside the archive becomes the document's source_file (name from the
//    path, SHA-256 recomputed, media type from the extension); where an
//    archive Thematica wrote was changed since, the name and media type it
//    recorded come back for every original whose SHA-256 still matches.
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
//   std::vector<std::string> not_shown;  // What QualCoder will show differently.
//   THEMATICA_RETURN_IF_ERROR(thematica::WriteQdpx(
//       r->project, "for_qualcoder.qdpx",
//       {.target = thematica::ExportTarget::kQualCoder}, &not_shown));
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
  // (NVivo for Windows and Mac, QualCoder). Established on the NVivo
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
// The convention named by PositionConventionName; InvalidArgument listing the
// names for anything else.
absl::StatusOr<PositionConvention> ParsePositionConvention(absl::string_view name);

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

// The tool an export is for: each reads selection positions its own way (see
// the README's table). kRefi, the standard (code points), is the default.
enum class ExportTarget {
  kRefi,       // "refi": code points, one selection per excerpt.
  kNvivo,      // "nvivo": UTF-16 code units; one selection per coding, as
               // NVivo writes its own exports.
  kAtlasTi,    // "atlas.ti": code points with a CRLF line end counted as one.
  kMaxqda,     // "maxqda": code points.
  kQualCoder,  // "qualcoder": UTF-16 code units of LF-only texts, one
               // selection per coding (QualCoder reads only the first Coding
               // of a selection), a <User> for every coder, the quote in each
               // selection's name; warns about characters above U+FFFF.
};

// "refi", "nvivo", "atlas.ti", "maxqda", "qualcoder".
absl::string_view ExportTargetName(ExportTarget target);
// The inverse of ExportTargetName (case-insensitive); InvalidArgument naming
// the accepted names otherwise.
absl::StatusOr<ExportTarget> ParseExportTarget(absl::string_view name);
// The position convention a target's export uses.
PositionConvention ConventionForTarget(ExportTarget target);

struct QdpxWriteOptions {
  ExportTarget target = ExportTarget::kRefi;
};

// --- Project exchange (.qdpx) ------------------------------------------------
absl::StatusOr<ImportResult> ReadQdpx(absl::string_view path,
                                      const QdpxLimits& limits = {});
absl::StatusOr<ImportResult> ReadQdpxFromMemory(absl::string_view bytes,
                                                const QdpxLimits& limits = {});
// Writes the project for `options.target`. What the target will not show as
// Thematica holds it (e.g. QualCoder's quotes after characters above U+FFFF)
// is appended to `warnings` when given. Only the "refi" export carries
// Thematica's own sidecar (thematica/project.json), which makes a round trip
// through Thematica exact; the others are for their tool.
absl::Status WriteQdpx(const Project& project, absl::string_view path,
                       const QdpxWriteOptions& options = {},
                       std::vector<std::string>* warnings = nullptr);
absl::StatusOr<std::string> WriteQdpxToMemory(const Project& project,
                                              const QdpxWriteOptions& options = {},
                                              std::vector<std::string>* warnings = nullptr);

// A bare project.qde (XML). Sources with `plainTextPath` are looked up
// through `read_source` (given the name after "internal://", or the external
// path); pass nullptr to refuse them. A `richTextPath="internal://…"` is
// looked up the same way and becomes the document's source_file (a warning
// when it cannot be read; external rich-text paths are never asked for).
using SourceReader =
    std::function<absl::StatusOr<std::string>(absl::string_view name,
                                              bool internal)>;
absl::StatusOr<ImportResult> ParseQde(absl::string_view xml,
                                      const SourceReader& read_source,
                                      const QdpxLimits& limits = {});
// The project.qde of an export for `options.target`; the text files it names
// go to `files` (name inside the zip → bytes) unless `inline_text`, which puts
// the text in PlainTextContent instead (and writes no rich-text originals).
std::string SerializeQde(const Project& project, bool inline_text,
                         std::vector<std::pair<std::string, std::string>>* files,
                         const QdpxWriteOptions& options = {},
                         std::vector<std::string>* warnings = nullptr);

// --- Codebook exchange (.qdc) ------------------------------------------------
// A project holding only the codebook (and themes, from Sets).
absl::StatusOr<ImportResult> ReadQdc(absl::string_view path);
absl::StatusOr<ImportResult> ParseQdc(absl::string_view xml);
absl::Status WriteQdc(const Project& project, absl::string_view path);
std::string SerializeQdc(const Project& project);

}  // namespace thematica

#endif  // THEMATICA_REFI_QDA_H_
