// Pieces of thematica::ImportFile shared by the per-format readers (private
// to src/io). Each reader returns plain text with one paragraph per line, or
// caption cues; import_file.cc turns them into an ImportedText with turns.
// Errors here do not name the file: ExtractText prefixes the file name.
#ifndef THEMATICA_IO_IMPORT_INTERNAL_H_
#define THEMATICA_IO_IMPORT_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/import.h"

namespace thematica::internal {

// Bytes → UTF-8: a UTF-8 or UTF-16 byte-order mark wins; else `encoding`
// (see ImportOptions::encoding); else UTF-8, then windows-1252. The error for
// undecodable bytes gives the byte offset and the encodings tried.
absl::StatusOr<std::string> DecodeText(absl::string_view bytes, absl::string_view encoding);

// UTF-8 of one single-byte or UTF-16 encoding, or InvalidArgument naming the
// first byte offset it cannot decode. `name` as DecodeText accepts.
absl::StatusOr<std::string> DecodeAs(absl::string_view bytes, absl::string_view name);

// "\r\n" and "\r" → "\n"; trailing spaces of lines and trailing blank lines
// removed; a leading BOM removed.
std::string NormalizeLines(absl::string_view text);

// Appends the UTF-8 of the entity body `name` (without & and ;) — numeric or
// one of the common HTML named entities; false when unknown.
bool AppendEntity(absl::string_view name, std::string& out);

absl::StatusOr<std::string> DocxText(absl::string_view bytes);
absl::StatusOr<std::string> OdtText(absl::string_view bytes);
absl::StatusOr<std::string> HtmlText(absl::string_view bytes, absl::string_view encoding);
absl::StatusOr<std::string> RtfText(absl::string_view bytes);
// Appends the character Windows-1252 byte `b` stands for, as UTF-8 (U+FFFD
// for the five bytes the code page leaves undefined).
void AppendCp1252(std::string& out, unsigned char b);
absl::StatusOr<std::string> PdfText(absl::string_view bytes);

// A caption cue: its times and text (tags removed, lines joined by spaces);
// `speaker` from a WebVTT voice tag, else empty.
struct Cue {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::string speaker;
  std::string text;
};
absl::StatusOr<std::vector<Cue>> ParseVtt(absl::string_view text);
absl::StatusOr<std::vector<Cue>> ParseSrt(absl::string_view text);

// "hh:mm:ss.ttt", "mm:ss.ttt", "hh:mm:ss,ttt", "hh:mm:ss", "mm:ss" → ms.
std::optional<int64_t> ParseTimestamp(absl::string_view s);

}  // namespace thematica::internal

#endif  // THEMATICA_IO_IMPORT_INTERNAL_H_
