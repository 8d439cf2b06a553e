// UTF-8 validation and code-point indexing of document text.
//
// Thematica stores text as UTF-8 and addresses it in Unicode code points.
// TextIndex maps between the two in O(1) for ASCII text and O(1) amortised
// (a checkpoint every 64 code points) otherwise.
//
//   THEMATICA_RETURN_IF_ERROR(thematica::ValidateUtf8(text));
//   thematica::TextIndex index(text);
//   absl::string_view quote = index.Slice(text, {3, 10});
#ifndef THEMATICA_TEXT_H_
#define THEMATICA_TEXT_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "thematica/span.h"

namespace thematica {

// OK when `text` is well-formed UTF-8 (no overlong forms, surrogates or
// code points above U+10FFFF); otherwise InvalidArgument naming the byte
// offset of the first bad sequence.
absl::Status ValidateUtf8(absl::string_view text);

// Number of code points in valid UTF-8 `text`.
int64_t CodePointCount(absl::string_view text);

// Code-point <-> byte-offset map over one valid UTF-8 text. Holds no
// reference to the text.
class TextIndex {
 public:
  TextIndex() = default;
  explicit TextIndex(absl::string_view text);

  // Length of the text in code points.
  int64_t length() const { return length_; }
  bool ascii() const { return checkpoints_.empty(); }

  // Byte offset of code point `cp` (0 <= cp <= length()).
  size_t ByteOffset(absl::string_view text, int64_t cp) const;
  // Code point at byte offset `byte`, which must start a code point.
  int64_t CodePointOffset(absl::string_view text, size_t byte) const;
  // The bytes of `span` (clamped to the text).
  absl::string_view Slice(absl::string_view text, Span span) const;

 private:
  static constexpr int64_t kStride = 64;
  int64_t length_ = 0;
  // Byte offset of every kStride-th code point; empty for ASCII text.
  std::vector<uint32_t> checkpoints_;
};

}  // namespace thematica

#endif  // THEMATICA_TEXT_H_
