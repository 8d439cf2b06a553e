// The original files of .qdpx text sources (private to src/io): a document's
// imported original (Document::source_file) travels as the TextSource's
// rich-text file, sources/<document id>.<extension>, the way NVivo writes
// its .docx files.
//
//   std::string ext = RichTextExtension(*doc.source_file);  // "docx", or "".
#ifndef THEMATICA_IO_REFI_SOURCES_H_
#define THEMATICA_IO_REFI_SOURCES_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "thematica/document.h"
#include "thematica/refi_qda.h"

namespace thematica::internal {

// Rich-text (and PDF) formats, by extension, with their media types. Plain
// text and caption files (.txt, .md, .vtt, .srt) are not rich text: another
// tool would try to open them as a document; they travel in the sidecar only.
struct RichTextFormat {
  absl::string_view extension;
  absl::string_view media_type;
};
inline constexpr RichTextFormat kRichTextFormats[] = {
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"doc", "application/msword"},
    {"odt", "application/vnd.oasis.opendocument.text"},
    {"rtf", "application/rtf"},
    {"pdf", "application/pdf"},
    {"html", "text/html"},
    {"htm", "text/html"},
};

// The lower-case extension of a file name ("" when it has none or it is not
// letters and digits).
inline std::string ExtensionOf(absl::string_view name) {
  const size_t slash = name.find_last_of('/');
  if (slash != absl::string_view::npos) name.remove_prefix(slash + 1);
  const size_t dot = name.find_last_of('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == name.size() ||
      name.size() - dot - 1 > 10) {
    return "";
  }
  std::string ext = absl::AsciiStrToLower(name.substr(dot + 1));
  for (char c : ext) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return "";
  }
  return ext;
}

// The extension under which `file` is written as a rich-text file, or ""
// when it is not rich text (by its name's extension, else its media type).
inline std::string RichTextExtension(const SourceFile& file) {
  const std::string ext = ExtensionOf(file.name);
  for (const RichTextFormat& f : kRichTextFormats) {
    if (f.extension == ext) return ext;
  }
  if (!ext.empty()) return "";
  for (const RichTextFormat& f : kRichTextFormats) {
    if (f.media_type == file.media_type) return std::string(f.extension);
  }
  return "";
}

// The media type of a file read back by its extension.
inline absl::string_view MediaTypeForExtension(absl::string_view ext) {
  for (const RichTextFormat& f : kRichTextFormats) {
    if (f.extension == ext) return f.media_type;
  }
  if (ext == "txt") return "text/plain";
  if (ext == "md") return "text/markdown";
  if (ext == "vtt") return "text/vtt";
  if (ext == "srt") return "application/x-subrip";
  return "application/octet-stream";
}

// The originals Thematica recorded in the sidecar of an archive another tool
// has changed since, by document id (content left empty). A rich-text file
// whose SHA-256 matches its record gets the recorded name, media type and
// importer back.
using RecordedOriginals = absl::flat_hash_map<std::string, SourceFile>;

// ParseQde, with the records of an untrusted sidecar (may be null).
absl::StatusOr<ImportResult> ParseQdeWithOriginals(absl::string_view xml,
                                                   const SourceReader& read_source,
                                                   const QdpxLimits& limits,
                                                   const RecordedOriginals* recorded);

}  // namespace thematica::internal

#endif  // THEMATICA_IO_REFI_SOURCES_H_
