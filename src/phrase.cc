#include "thematica/phrase.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "internal/unicode.h"

namespace thematica {
namespace {

bool IsSpace(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

char32_t FoldPunctuation(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case '`':
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0xAB: case 0xBB:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return '-';
    default:
      return c;
  }
}

// `text` folded; index[k] is the code point of text that folded[k] came from.
struct Folded {
  std::u32string chars;
  std::vector<int64_t> index;
};

Folded Fold(absl::string_view text, bool lower) {
  Folded f;
  f.chars.reserve(text.size());
  f.index.reserve(text.size());
  bool space = false;
  int64_t cp = 0;
  for (size_t i = 0; i < text.size(); ++cp) {
    char32_t c = internal::DecodeAt(text, i);
    if (IsSpace(c)) {
      if (!space) {
        f.chars.push_back(' ');
        f.index.push_back(cp);
      }
      space = true;
      continue;
    }
    space = false;
    if (c == 0x2026) {
      for (int k = 0; k < 3; ++k) {
        f.chars.push_back('.');
        f.index.push_back(cp);
      }
      continue;
    }
    c = FoldPunctuation(c);
    if (lower) c = internal::Lower(c);
    f.chars.push_back(c);
    f.index.push_back(cp);
  }
  return f;
}

std::u32string Trim(std::u32string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t start = 0;
  while (start < s.size() && s[start] == ' ') ++start;
  return s.substr(start);
}

int64_t EditDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<int64_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int64_t>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int64_t diagonal = row[0];
    row[0] = static_cast<int64_t>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int64_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

absl::StatusOr<PhraseMatches> FindPhrase(absl::string_view text, absl::string_view phrase) {
  PhraseMatches out;
  for (bool lower : {false, true}) {
    const std::u32string needle = Trim(Fold(phrase, lower).chars);
    if (needle.empty()) return absl::InvalidArgumentError("the phrase is empty");
    const Folded hay = Fold(text, lower);
    auto it = hay.chars.begin();
    while (true) {
      it = std::search(it, hay.chars.end(), needle.begin(), needle.end());
      if (it == hay.chars.end()) break;
      const size_t at = static_cast<size_t>(it - hay.chars.begin());
      out.occurrences.push_back({hay.index[at], hay.index[at + needle.size() - 1] + 1});
      ++it;
    }
    if (!out.occurrences.empty()) {
      out.ignored_case = lower;
      return out;
    }
  }
  // Closest passage: windows of as many words as the phrase, at each word.
  const Folded hay = Fold(text, true);
  const std::u32string needle = Trim(Fold(phrase, true).chars);
  const int64_t words = 1 + std::count(needle.begin(), needle.end(), U' ');
  std::vector<size_t> starts;
  for (size_t k = 0; k < hay.chars.size(); ++k) {
    if (hay.chars[k] != ' ' && (k == 0 || hay.chars[k - 1] == ' ')) starts.push_back(k);
  }
  int64_t best = -1;
  for (size_t w = 0; w < starts.size(); ++w) {
    size_t end = hay.chars.size();
    if (w + static_cast<size_t>(words) < starts.size()) end = starts[w + static_cast<size_t>(words)];
    while (end > starts[w] && hay.chars[end - 1] == ' ') --end;
    const std::u32string window = hay.chars.substr(starts[w], end - starts[w]);
    const int64_t length_gap = std::abs(static_cast<int64_t>(window.size()) - static_cast<int64_t>(needle.size()));
    if (best >= 0 && length_gap >= best) continue;
    const int64_t d = EditDistance(window, needle);
    if (best < 0 || d < best) {
      best = d;
      out.closest = Span{hay.index[starts[w]], hay.index[end - 1] + 1};
    }
  }
  return out;
}

std::string PhraseContext(absl::string_view text, Span span, int64_t width) {
  std::vector<size_t> offsets;  // Byte offset of each code point, plus the end.
  for (size_t i = 0; i < text.size();) {
    offsets.push_back(i);
    internal::DecodeAt(text, i);
  }
  offsets.push_back(text.size());
  const int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  auto at = [&](int64_t cp) { return offsets[static_cast<size_t>(std::clamp<int64_t>(cp, 0, n))]; };
  const int64_t from = std::max<int64_t>(0, span.start - width);
  const int64_t to = std::min<int64_t>(n, span.end + width);
  std::string out = from > 0 ? "…" : "";
  absl::StrAppend(&out, text.substr(at(from), at(span.start) - at(from)), "[",
                  text.substr(at(span.start), at(span.end) - at(span.start)), "]",
                  text.substr(at(span.end), at(to) - at(span.end)), to < n ? "…" : "");
  // One line per context, however the text breaks.
  for (size_t i = 0; (i = out.find('\n', i)) != std::string::npos;) out.replace(i, 1, " ⏎ ");
  return out;
}

}  // namespace thematica
