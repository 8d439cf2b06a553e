// Phrase finding for coding by phrase instead of by offset: where a phrase a
// person typed occurs in a document's text, matched leniently, and where the
// closest passage is when it does not occur.
//
// Lenient means: runs of white space (any Unicode space, line ends) match
// one space; curly and straight quotes match each other (‘ ’ ‚ ′ ' and
// “ ” „ ″ « » "); dashes match "-" (‐ ‑ ‒ – — ― −); "…" matches "...". When
// nothing matches so, letter case is ignored too. Spans are code points.
//
//   absl::StatusOr<thematica::PhraseMatches> m =
//       thematica::FindPhrase(text, "\"be my voice\"");
//   if (m.ok() && m->occurrences.size() == 1) { /* code m->occurrences[0] */ }
#ifndef THEMATICA_PHRASE_H_
#define THEMATICA_PHRASE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/span.h"

namespace thematica {

struct PhraseMatches {
  std::vector<Span> occurrences;  // In text order; may overlap.
  bool ignored_case = false;      // Found only when letter case was ignored.
  // When there are no occurrences: the passage of as many words as the
  // phrase that is most like it (edit distance), if the text has words.
  std::optional<Span> closest;
};

// InvalidArgument when the phrase is empty or only white space.
absl::StatusOr<PhraseMatches> FindPhrase(absl::string_view text, absl::string_view phrase);

// `text` around `span` for messages: up to `width` code points each side,
// the span in [brackets], "…" where cut, line ends shown as " ⏎ ".
std::string PhraseContext(absl::string_view text, Span span, int64_t width = 30);

}  // namespace thematica

#endif  // THEMATICA_PHRASE_H_
