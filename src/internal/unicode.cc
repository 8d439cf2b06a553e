#include "internal/unicode.h"

namespace thematica::internal {
namespace {

// Base letters of U+00C0–U+00FF and U+0100–U+017F ('?' where there is none).
const char kLatin1Base[] = "AAAAAA?CEEEEIIII?NOOOOO?OUUUUY??aaaaaa?ceeeeiiii?nooooo?ouuuuy?y";
const char kLatinExtABase[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkkLlLlLlLlLlNnNnNnnNnOoOoOo??RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

}  // namespace

char32_t DecodeAt(absl::string_view text, size_t& i) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char b = p[i];
  if (b < 0x80) {
    ++i;
    return b;
  }
  int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  char32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

char32_t Lower(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x17F) {
    const bool even_upper = (cp <= 0x137) || (cp >= 0x14A && cp <= 0x177);
    const bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if (cp == 0x178) return 0xFF;
    if (cp == 0x130) return 'i';
    if (even_upper && cp % 2 == 0) return cp + 1;
    if (odd_upper && cp % 2 == 1) return cp + 1;
    return cp;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;  // Greek.
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                  // Cyrillic.
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  return cp;
}

char32_t StripAccent(char32_t cp) {
  char base = '?';
  if (cp >= 0xC0 && cp <= 0xFF) base = kLatin1Base[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) base = kLatinExtABase[cp - 0x100];
  return base == '?' ? cp : static_cast<char32_t>(base);
}

bool IsCombining(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;    // Punctuation, symbols, arrows.
  if (cp >= 0x3000 && cp <= 0x303F) return false;    // CJK punctuation.
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;    // Variation selectors.
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;    // Full-width punctuation.
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;  // Emoji and pictographs.
  return true;
}

std::vector<std::string> LowercaseWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = DecodeAt(text, i);
    if (IsWordChar(cp)) {
      AppendUtf8(word, Lower(cp));
      continue;
    }
    if ((cp == '\'' || cp == 0x2019) && !word.empty() && i < text.size()) {
      size_t next = i;
      if (IsWordChar(DecodeAt(text, next))) {
        word += '\'';
        continue;
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

FoldedText Fold(absl::string_view text, bool fold_case, bool fold_accents) {
  FoldedText out;
  out.text.reserve(text.size());
  out.code_point.reserve(text.size() + 1);
  size_t i = 0;
  int64_t cp_index = 0;
  while (i < text.size()) {
    char32_t cp = DecodeAt(text, i);
    if (!(fold_accents && IsCombining(cp))) {
      if (fold_case) cp = Lower(cp);
      if (fold_accents) cp = fold_case ? Lower(StripAccent(cp)) : StripAccent(cp);
      const size_t before = out.text.size();
      AppendUtf8(out.text, cp);
      out.code_point.insert(out.code_point.end(), out.text.size() - before, cp_index);
    }
    ++cp_index;
  }
  out.code_point.push_back(cp_index);
  return out;
}

}  // namespace thematica::internal
