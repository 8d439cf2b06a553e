// Document: a text source (transcript, field note, survey answer) in UTF-8,
// optionally linked to the case of its participant and divided into speaker
// turns. Positions are code points (see span.h).
//
//   std::string doc = project.AddDocument({.name = "P4 interview",
//                                          .text = "…", .case_id = p4})
//                         .value();
#ifndef THEMATICA_DOCUMENT_H_
#define THEMATICA_DOCUMENT_H_

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
  friend bool operator==(const SpeakerTurn&, const SpeakerTurn&) = default;
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
};

}  // namespace thematica

#endif  // THEMATICA_DOCUMENT_H_
