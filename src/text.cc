#include "thematica/text.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace thematica {
namespace {

// Length of the sequence starting with lead byte `b`, 0 when `b` cannot
// start one.
inline int SequenceLength(unsigned char b) {
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

inline bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

}  // namespace

absl::Status ValidateUtf8(absl::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::copy(p + i, p + i + 8, reinterpret_cast<unsigned char*>(&word));
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char b = p[i];
    const int len = SequenceLength(b);
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid UTF-8 at byte offset ", i, ": ", why));
    };
    if (len == 0) return bad(absl::StrCat("byte 0x", absl::Hex(b), " cannot start a character"));
    if (i + len > n) return bad("sequence truncated at end of text");
    for (int k = 1; k < len; ++k) {
      if (!IsContinuation(p[i + k])) return bad("missing continuation byte");
    }
    if (len == 3) {
      if (b == 0xE0 && p[i + 1] < 0xA0) return bad("overlong encoding");
      if (b == 0xED && p[i + 1] >= 0xA0) return bad("UTF-16 surrogate");
    } else if (len == 4) {
      if (b == 0xF0 && p[i + 1] < 0x90) return bad("overlong encoding");
      if (b == 0xF4 && p[i + 1] >= 0x90) return bad("code point above U+10FFFF");
    }
    i += len;
  }
  return absl::OkStatus();
}

int64_t CodePointCount(absl::string_view text) {
  int64_t count = 0;
  for (unsigned char c : text) count += !IsContinuation(c);
  return count;
}

TextIndex::TextIndex(absl::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  bool ascii = true;
  for (size_t i = 0; i < text.size(); ++i) {
    if (p[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    length_ = static_cast<int64_t>(text.size());
    return;
  }
  int64_t cp = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(p[i])) continue;
    if (cp % kStride == 0) checkpoints_.push_back(static_cast<uint32_t>(i));
    ++cp;
  }
  length_ = cp;
  if (checkpoints_.empty()) checkpoints_.push_back(0);
}

size_t TextIndex::ByteOffset(absl::string_view text, int64_t cp) const {
  if (cp <= 0) return 0;
  if (cp >= length_) return text.size();
  if (checkpoints_.empty()) return static_cast<size_t>(cp);
  size_t byte = checkpoints_[cp / kStride];
  int64_t remaining = cp % kStride;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  while (remaining > 0) {
    ++byte;
    while (byte < text.size() && IsContinuation(p[byte])) ++byte;
    --remaining;
  }
  return byte;
}

int64_t TextIndex::CodePointOffset(absl::string_view text, size_t byte) const {
  if (checkpoints_.empty()) return static_cast<int64_t>(std::min(byte, text.size()));
  byte = std::min(byte, text.size());
  // Last checkpoint at or before `byte`.
  auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(),
                             static_cast<uint32_t>(byte));
  size_t k = static_cast<size_t>(it - checkpoints_.begin()) - 1;
  int64_t cp = static_cast<int64_t>(k) * kStride;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = checkpoints_[k]; i < byte; ++i) cp += !IsContinuation(p[i]);
  return cp;
}

absl::string_view TextIndex::Slice(absl::string_view text, Span span) const {
  const int64_t start = std::clamp<int64_t>(span.start, 0, length_);
  const int64_t end = std::clamp<int64_t>(span.end, start, length_);
  const size_t b = ByteOffset(text, start);
  const size_t e = ByteOffset(text, end);
  return text.substr(b, e - b);
}

}  // namespace thematica
