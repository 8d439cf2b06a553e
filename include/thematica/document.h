// Document: a text source (transcript, field note, survey answer) in UTF-8,
// optionally linked to the case of its participant and divided into speaker
// turns. Positions are code points (see span.h).
//
//   std::string doc = project.AddDocument({.name = "P4 interview",
//                                          .text = "…", .case_id = p4})
//                         .value();
#ifndef THEMATICA_DOCUMENT_H_
#define THEMATICA_DOCUMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "thematica/metadata.h"
#include "thematica/span.h"

namespace thematica {

// A range of the text attributed to a case and/or a speaker label.
struct SpeakerTurn {
  Span span;
  std::string case_id;  // Case::id, or empty.
  std::string speaker;  // Label as written in the transcript, or empty.
  int64_t start_ms = -1;  // Start time in milliseconds, or -1 when unknown.
  int64_t end_ms = -1;    // End time in milliseconds, or -1 when unknown.
  friend bool operator==(const SpeakerTurn&, const SpeakerTurn&) = default;
};

// The file a document was imported from, kept so that an export can carry
// the original (a .qdpx source's rich-text file) and a re-import can match it.
struct SourceFile {
  std::string name;        // File name without directories, e.g. "P4.docx".
  std::string content;     // The file's bytes, unchanged.
  std::string sha256;      // Lower-case hex SHA-256 of content.
  std::string media_type;  // IANA media type, e.g. "text/vtt".
  std::string importer;    // Importer name and version, e.g. "thematica-import 0.1.0 vtt".
  friend bool operator==(const SourceFile&, const SourceFile&) = default;
};

struct Document {
  std::string id;    // Assigned on add when empty.
  std::string name;  // Unique within the project.
  std::string text;  // Valid UTF-8; checked on add.
  std::string case_id;  // Case::id of the participant, or empty.
  std::vector<SpeakerTurn> speaker_turns;
  std::string description;
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  std::string creator_id;
  Metadata metadata;
  std::optional<SourceFile> source_file;  // The imported original, if kept.
};

}  // namespace thematica

#endif  // THEMATICA_DOCUMENT_H_
