// Text search over a project's documents — literal (optionally case- and
// accent-insensitive) or RE2 regular expressions (linear time: no pattern
// can make a search blow up) — with keyword-in-context, and auto-coding of
// the hits (the hit, its sentence, paragraph or speaker turn) or of speaker
// turns by speaker. Positions are code points of the original text.
//
//   auto hits = thematica::Search(project, "bridge", {.context = 30});
//   auto made = thematica::Autocode(project, "trust", code_id,
//                                   thematica::AutocodeScope::kSentence, {});
#ifndef THEMATICA_SEARCH_H_
#define THEMATICA_SEARCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

struct SearchOptions {
  bool regex = false;             // RE2 syntax, UTF-8.
  bool case_sensitive = false;
  bool accent_sensitive = true;   // false: "cafe" finds "café" and "cafe\u0301".
  int64_t context = 40;           // Code points of context on each side.
  std::vector<std::string> document_ids;  // Empty: every document.
};

// A stretch of a document found by Search or RunQuery (QueryHit is this type).
struct SearchHit {
  std::string document_id;
  Span span;           // The hit, code points (combining marks that follow included).
  std::string text;    // The hit as written.
  std::string before;  // Up to `context` code points before.
  std::string after;   // Up to `context` code points after.
};

// Non-overlapping hits in document order. An invalid regular expression or
// an empty pattern is InvalidArgument.
absl::StatusOr<std::vector<SearchHit>> Search(const Project& project, absl::string_view pattern,
                                              const SearchOptions& options = {});

enum class AutocodeScope {
  kHit,        // Exactly the hit.
  kSentence,   // The sentence around it (ended by . ! ? … or a line end).
  kParagraph,  // The line/paragraph around it.
  kTurn,       // The speaker turn holding it (hits outside turns are skipped).
};

// "hit", "sentence", "paragraph", "turn"; Parse: InvalidArgument for other names.
absl::string_view AutocodeScopeName(AutocodeScope scope);
absl::StatusOr<AutocodeScope> ParseAutocodeScope(absl::string_view name);

struct AutocodeResult {
  std::vector<std::string> excerpt_ids;  // Excerpts created.
  int64_t already_coded = 0;  // Ranges that already carried the code.
  int64_t outside_turns = 0;  // kTurn: hits in no speaker turn.
};

// Codes every hit's scope with `code_id` (by `coder_id` when given); several
// hits in one scope give one excerpt. All or nothing: on error nothing is
// added.
absl::StatusOr<AutocodeResult> Autocode(Project& project, absl::string_view pattern,
                                        absl::string_view code_id, AutocodeScope scope,
                                        const SearchOptions& options = {},
                                        absl::string_view coder_id = "");

// Codes every speaker turn whose speaker label, or whose case's name, is
// `speaker`.
absl::StatusOr<AutocodeResult> AutocodeSpeaker(Project& project, absl::string_view speaker,
                                               absl::string_view code_id,
                                               absl::string_view coder_id = "");

}  // namespace thematica

#endif  // THEMATICA_SEARCH_H_
