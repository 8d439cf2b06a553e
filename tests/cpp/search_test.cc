#include "thematica/search.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ana_ = p_.AddCoder({.name = "Ana"}).value();
    p4_ = p_.AddCase({.name = "P4"}).value();
    // Code points: "Le café est fermé. CAFE\u0301 ouvert ! 😀 Cafe" …
    d1_ = p_.AddDocument({.name = "d1", .text = "Le café est fermé. CAFE\xCC\x81 ouvert! \xF0\x9F\x98\x80 Cafe\nNew line."})
              .value();
    d2_ = p_.AddDocument({.name = "focus", .text = "A: I trust her.\nB: trust takes time.",
                          .speaker_turns = {{.span = {0, 15}, .case_id = p4_, .speaker = "A"},
                                            {.span = {16, 36}, .speaker = "B"}}})
              .value();
    code_ = p_.AddCode({.name = "Trust"}).value();
  }
  Project p_;
  std::string ana_, p4_, d1_, d2_, code_;
};

TEST_F(SearchTest, LiteralFoldsCaseAndOptionallyAccents) {
  ASSERT_OK_AND_ASSIGN(auto exact, Search(p_, "café", {.case_sensitive = true}));
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0].span, (Span{3, 7}));
  ASSERT_OK_AND_ASSIGN(auto any_case, Search(p_, "café", {}));
  EXPECT_EQ(any_case.size(), 1u);  // CAFE + combining accent is another spelling.
  ASSERT_OK_AND_ASSIGN(auto folded, Search(p_, "cafe", {.accent_sensitive = false}));
  ASSERT_EQ(folded.size(), 3u);
  // "CAFÉ" as E + U+0301: the hit takes the combining mark with it.
  EXPECT_EQ(folded[1].text, "CAFE\xCC\x81");
  EXPECT_EQ(folded[1].span, (Span{19, 24}));
  // After the emoji (one code point) positions stay code points.
  EXPECT_EQ(folded[2].span, (Span{35, 39}));
  EXPECT_EQ(folded[2].before.substr(folded[2].before.size() - 5), "\xF0\x9F\x98\x80 ");
}

TEST_F(SearchTest, RegularExpressionsAndContext) {
  ASSERT_OK_AND_ASSIGN(auto hits, Search(p_, "t\\w+st", {.regex = true, .context = 5}));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].document_id, d2_);
  EXPECT_EQ(hits[0].text, "trust");
  EXPECT_EQ(hits[0].before, "A: I ");
  EXPECT_EQ(hits[0].after, " her.");
  EXPECT_STATUS(Search(p_, "(unclosed", {.regex = true}), absl::StatusCode::kInvalidArgument,
                "invalid regular expression \"(unclosed\"");
  EXPECT_STATUS(Search(p_, ""), absl::StatusCode::kInvalidArgument, "empty");
  // Linear time: a pattern that is catastrophic for backtracking engines.
  ASSERT_OK(p_.AddDocument({.name = "long", .text = std::string(5000, 'a') + "!"}));
  ASSERT_OK_AND_ASSIGN(auto none, Search(p_, "(a+)+$", {.regex = true}));
  EXPECT_TRUE(none.empty());
}

TEST_F(SearchTest, AutocodeScopes) {
  ASSERT_OK_AND_ASSIGN(AutocodeResult sentences,
                       Autocode(p_, "fermé", code_, AutocodeScope::kSentence, {}, ana_));
  ASSERT_EQ(sentences.excerpt_ids.size(), 1u);
  EXPECT_EQ(p_.ExcerptText(sentences.excerpt_ids[0]).value(), "Le café est fermé.");
  ASSERT_OK_AND_ASSIGN(AutocodeResult turns, Autocode(p_, "trust", code_, AutocodeScope::kTurn));
  ASSERT_EQ(turns.excerpt_ids.size(), 2u);
  EXPECT_EQ(p_.ExcerptText(turns.excerpt_ids[1]).value(), "B: trust takes time.");
  // Again: both turns already carry the code.
  ASSERT_OK_AND_ASSIGN(AutocodeResult again, Autocode(p_, "trust", code_, AutocodeScope::kTurn));
  EXPECT_TRUE(again.excerpt_ids.empty());
  EXPECT_EQ(again.already_coded, 2);
  ASSERT_OK_AND_ASSIGN(AutocodeResult lines, Autocode(p_, "new", code_, AutocodeScope::kParagraph));
  EXPECT_EQ(p_.ExcerptText(lines.excerpt_ids[0]).value(), "New line.");
  ASSERT_OK_AND_ASSIGN(AutocodeResult outside, Autocode(p_, "ouvert", code_, AutocodeScope::kTurn));
  EXPECT_EQ(outside.outside_turns, 1);
  const size_t before = p_.excerpts().size();
  EXPECT_STATUS(Autocode(p_, "café", "nope", AutocodeScope::kHit), absl::StatusCode::kNotFound, "code nope");
  EXPECT_EQ(p_.excerpts().size(), before);
}

TEST_F(SearchTest, AutocodeBySpeakerLabelOrCase) {
  ASSERT_OK_AND_ASSIGN(AutocodeResult byCase, AutocodeSpeaker(p_, "P4", code_));
  ASSERT_EQ(byCase.excerpt_ids.size(), 1u);
  EXPECT_EQ(p_.ExcerptText(byCase.excerpt_ids[0]).value(), "A: I trust her.");
  ASSERT_OK_AND_ASSIGN(AutocodeResult byLabel, AutocodeSpeaker(p_, "B", code_));
  EXPECT_EQ(byLabel.excerpt_ids.size(), 1u);
}

}  // namespace
}  // namespace thematica
