// Maps positions in one version of a text to another through a Myers diff of
// their code points (the O(ND) algorithm, after common prefix and suffix are
// trimmed), for re-anchoring codings when a document's text was edited.
//
//   TextMap map = DiffTexts(old_text, new_text);
//   std::optional<Span> moved = map.MapExact(excerpt.span);  // nullopt: touched by an edit
#ifndef THEMATICA_SRC_TEAM_TEXT_DIFF_H_
#define THEMATICA_SRC_TEAM_TEXT_DIFF_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "thematica/span.h"

namespace thematica::team {

// Runs of code points the two texts share, in order: old[old_start, +length)
// equals new[new_start, +length).
struct EqualRun {
  int64_t old_start = 0;
  int64_t new_start = 0;
  int64_t length = 0;
};

class TextMap {
 public:
  TextMap(std::vector<EqualRun> runs, int64_t old_length, int64_t new_length);

  // The span in the new text when every code point of `span` survived the
  // edit unchanged and nothing was inserted inside it; nullopt otherwise.
  std::optional<Span> MapExact(Span span) const;
  // The nearest span in the new text: a start inside a deleted stretch moves
  // to the end of the stretch's replacement, an end to its start. May be
  // empty; never outside [0, new length].
  Span MapApproximate(Span span) const;
  const std::vector<EqualRun>& runs() const { return runs_; }

 private:
  // Index of the run holding old position `p`, or -1.
  int64_t RunAt(int64_t p) const;
  int64_t MapPosition(int64_t p, bool is_end) const;
  std::vector<EqualRun> runs_;
  int64_t old_length_;
  int64_t new_length_;
};

// Diffs two UTF-8 texts by code point. When the texts differ in more than
// `max_edits` insertions plus deletions (after trimming), the middle is
// treated as replaced wholesale: positions there do not map exactly.
TextMap DiffTexts(absl::string_view old_text, absl::string_view new_text,
                  int64_t max_edits = 2000);

}  // namespace thematica::team

#endif  // THEMATICA_SRC_TEAM_TEXT_DIFF_H_
