#include "thematica/text.h"

#include <string>

#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica {
namespace {

using ::testing::HasSubstr;

TEST(ValidateUtf8Test, AcceptsAsciiMultibyteAndNonBmp) {
  EXPECT_OK(ValidateUtf8("plain"));
  EXPECT_OK(ValidateUtf8("caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80"));
  EXPECT_OK(ValidateUtf8(""));
}

TEST(ValidateUtf8Test, NamesTheByteOffsetOfTheFirstBadSequence) {
  // 0xFF never occurs in UTF-8; it stands at byte 3.
  EXPECT_STATUS(ValidateUtf8("abc\xFF"), absl::StatusCode::kInvalidArgument,
                "invalid UTF-8 at byte offset 3");
  // Truncated 3-byte sequence at the end (offset 10, after 8 ASCII + 2).
  EXPECT_STATUS(ValidateUtf8("abcdefgh\xC3\xA9\xE2\x80"),
                absl::StatusCode::kInvalidArgument, "byte offset 10: sequence truncated");
  EXPECT_STATUS(ValidateUtf8("\xC0\xAF"), absl::StatusCode::kInvalidArgument,
                "byte offset 0");  // Overlong '/'.
  EXPECT_STATUS(ValidateUtf8("x\xED\xA0\x80"), absl::StatusCode::kInvalidArgument,
                "byte offset 1: UTF-16 surrogate");
  EXPECT_STATUS(ValidateUtf8("\xF4\x90\x80\x80"), absl::StatusCode::kInvalidArgument,
                "above U+10FFFF");
  EXPECT_STATUS(ValidateUtf8("a\xC3" "b"), absl::StatusCode::kInvalidArgument,
                "byte offset 1: missing continuation byte");
}

TEST(TextIndexTest, CountsCodePointsNotBytes) {
  // "é" is 2 bytes, "😀" 4 bytes (one code point, two UTF-16 units),
  // "e\u0301" is two code points (combining acute accent).
  const std::string text = "caf\xC3\xA9 \xF0\x9F\x98\x80 e\xCC\x81!";
  TextIndex index(text);
  EXPECT_EQ(index.length(), 10);
  EXPECT_FALSE(index.ascii());
  EXPECT_EQ(index.Slice(text, {3, 4}), "\xC3\xA9");
  EXPECT_EQ(index.Slice(text, {5, 6}), "\xF0\x9F\x98\x80");
  EXPECT_EQ(index.Slice(text, {7, 9}), "e\xCC\x81");
  EXPECT_EQ(index.Slice(text, {9, 10}), "!");
  // Bytes: "caf" 0-2, "é" 3-4, " " 5, "😀" 6-9, " " 10.
  EXPECT_EQ(index.ByteOffset(text, 6), 10u);
  EXPECT_EQ(index.CodePointOffset(text, 10), 6);
}

TEST(TextIndexTest, MapsEveryOffsetOfALongTextBothWays) {
  // Longer than several checkpoint strides, mixing widths.
  std::string text;
  std::vector<size_t> starts;
  const char* pieces[] = {"a", "\xC3\xA9", "\xE2\x80\xA6", "\xF0\x9F\x98\x80"};
  for (int i = 0; i < 500; ++i) {
    starts.push_back(text.size());
    text += pieces[(i * 7) % 4];
  }
  TextIndex index(text);
  ASSERT_EQ(index.length(), 500);
  for (int cp = 0; cp < 500; ++cp) {
    EXPECT_EQ(index.ByteOffset(text, cp), starts[cp]) << cp;
    EXPECT_EQ(index.CodePointOffset(text, starts[cp]), cp) << cp;
  }
  EXPECT_EQ(index.ByteOffset(text, 500), text.size());
}

TEST(TextIndexTest, AsciiFastPath) {
  TextIndex index("hello world");
  EXPECT_TRUE(index.ascii());
  EXPECT_EQ(index.length(), 11);
  EXPECT_EQ(index.Slice("hello world", {6, 11}), "world");
  EXPECT_EQ(index.Slice("hello world", {6, 99}), "world");  // Clamped.
}

TEST(SpanTest, TouchingSpansDoNotOverlap) {
  EXPECT_FALSE((Span{0, 5}).Overlaps({5, 9}));
  EXPECT_TRUE((Span{0, 6}).Overlaps({5, 9}));
  EXPECT_FALSE((Span{3, 3}).Overlaps({0, 9}));  // Empty overlaps nothing.
  EXPECT_TRUE((Span{0, 9}).Contains(Span{2, 9}));
  EXPECT_EQ((Span{0, 6}).Intersection({4, 9}), (Span{4, 6}));
  EXPECT_EQ((Span{0, 3}).Intersection({4, 9}).length(), 0);
}

}  // namespace
}  // namespace thematica
