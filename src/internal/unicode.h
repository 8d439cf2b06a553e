// Just enough Unicode for analysis: decoding, simple case folding and
// accent stripping for Latin, Greek and Cyrillic, word characters, and a
// folded copy of a text that maps back to code-point offsets (for case- and
// accent-insensitive search). Not a full Unicode library: scripts without
// case are left as they are, which is what their search needs.
#ifndef THEMATICA_SRC_INTERNAL_UNICODE_H_
#define THEMATICA_SRC_INTERNAL_UNICODE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace thematica::internal {

// The code point starting at byte `i` of valid UTF-8; advances `i`.
char32_t DecodeAt(absl::string_view text, size_t& i);
void AppendUtf8(std::string& out, char32_t cp);

char32_t Lower(char32_t cp);
// The base letter of a Latin letter with a diacritic (é → e), else cp.
char32_t StripAccent(char32_t cp);
// Combining diacritical marks (U+0300–U+036F).
bool IsCombining(char32_t cp);
// Letters, digits and combining marks (punctuation, symbols, spaces and
// emoji are not).
bool IsWordChar(char32_t cp);

// Lower-cased words; an apostrophe (' or ’) between word characters stays
// inside the word, as '.
std::vector<std::string> LowercaseWords(absl::string_view text);

// `text` with case and/or accents folded away; `code_point[b]` is the code
// point offset in `text` of folded byte b (one extra entry for the end).
struct FoldedText {
  std::string text;
  std::vector<int64_t> code_point;
};
FoldedText Fold(absl::string_view text, bool fold_case, bool fold_accents);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_UNICODE_H_
