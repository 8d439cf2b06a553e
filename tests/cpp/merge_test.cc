// Diff, three-way merge and the code-point text diff behind re-anchoring.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "team/text_diff.h"
#include "test_util.h"
#include "internal/project_loader.h"
#include "thematica/diff.h"
#include "thematica/merge.h"
#include "thematica/project.h"

namespace thematica {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// --- Text diff ---------------------------------------------------------------

// Longest common subsequence length by dynamic programming: the oracle for
// Myers' diff, which must find a shortest edit script (so a longest common
// subsequence).
int64_t LcsLength(const std::u32string& a, const std::u32string& b) {
  std::vector<std::vector<int64_t>> dp(a.size() + 1, std::vector<int64_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      dp[i][j] = a[i - 1] == b[j - 1] ? dp[i - 1][j - 1] + 1 : std::max(dp[i - 1][j], dp[i][j - 1]);
    }
  }
  return dp[a.size()][b.size()];
}

std::string Utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

TEST(TextDiffTest, RunsAreEqualTextAndAsLongAsTheLongestCommonSubsequence) {
  std::mt19937 rng(14);
  const std::u32string alphabet = U"ab\U0001F600\u00e9\u0301 \n";
  for (int round = 0; round < 300; ++round) {
    auto random_text = [&] {
      std::u32string s(rng() % 30, U'a');
      for (char32_t& c : s) c = alphabet[rng() % alphabet.size()];
      return s;
    };
    const std::u32string a = random_text(), b = random_text();
    const team::TextMap map = team::DiffTexts(Utf8(a), Utf8(b));
    int64_t total = 0, last_old = 0, last_new = 0;
    for (const team::EqualRun& r : map.runs()) {
      ASSERT_GE(r.old_start, last_old);
      ASSERT_GE(r.new_start, last_new);
      for (int64_t i = 0; i < r.length; ++i) ASSERT_EQ(a[r.old_start + i], b[r.new_start + i]);
      total += r.length;
      last_old = r.old_start + r.length;
      last_new = r.new_start + r.length;
    }
    EXPECT_EQ(total, LcsLength(a, b)) << "round " << round;
  }
}

TEST(TextDiffTest, MapsASpanPastAnInsertionAndRefusesOneWhoseTextWasEdited) {
  // Code points, not bytes: the emoji is one position.
  const std::string before = "I felt \xF0\x9F\x98\x80 heard by my peer worker.";
  const std::string after = "Honestly, I felt \xF0\x9F\x98\x80 heard by my worker.";
  const team::TextMap map = team::DiffTexts(before, after);
  // "heard" at [9, 14) moves by the 10 code points of "Honestly, ".
  EXPECT_EQ(map.MapExact({9, 14}), (Span{19, 24}));
  // "my peer worker" lost "peer ": not placeable exactly.
  EXPECT_EQ(map.MapExact({18, 32}), std::nullopt);
  EXPECT_EQ(map.MapApproximate({18, 32}), (Span{28, 37}));
  EXPECT_EQ(map.MapExact({0, 1}), (Span{10, 11}));
}

TEST(TextDiffTest, TooManyEditsLeaveOnlyTheCommonEnds) {
  const team::TextMap map = team::DiffTexts("start abcdefgh end", "start hgfedcba end", /*max_edits=*/2);
  EXPECT_EQ(map.MapExact({0, 5}), (Span{0, 5}));
  EXPECT_EQ(map.MapExact({15, 18}), (Span{15, 18}));
  EXPECT_EQ(map.MapExact({7, 9}), std::nullopt);
}

// --- Fixtures ------------------------------------------------------------------

// A base study and a copy for each side that makes its own ids.
class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thematica::internal::ProjectAccess::SetIdSeed(base_, 1);
    thematica::internal::ProjectAccess::SetFixedClock(base_, absl::FromUnixSeconds(1700000000));
    ana_ = base_.AddCoder({.name = "Ana"}).value();
    role_ = base_.AddAttribute({.name = "role", .type = AttributeType::kText}).value();
    p4_ = base_.AddCase({.name = "P4", .attributes = {{role_, AttributeValue("patient")}}}).value();
    doc_ = base_.AddDocument({.name = "P4 interview", .text = kText, .case_id = p4_}).value();
    functions_ = base_.AddCode({.name = "Functions", .codable = false}).value();
    advocacy_ = base_.AddCode({.name = "Advocacy", .parent_id = functions_}).value();
    trust_ = base_.AddCode({.name = "Trust"}).value();
    stigma_ = base_.AddCode({.name = "Stigma"}).value();
    // "heard" and "peer worker".
    heard_ = base_.AddExcerpt({.document_id = doc_, .span = {9, 14}, .code_ids = {trust_}, .coder_id = ana_}).value();
    worker_ = base_.AddExcerpt({.document_id = doc_, .span = {21, 32}, .code_ids = {advocacy_}}).value();
    theme_ = base_.AddTheme({.name = "Being heard", .code_ids = {trust_}}).value();
    ours_ = Fork(2);
    theirs_ = Fork(3);
  }

  Project Fork(uint64_t seed) {
    Project p = base_;
    thematica::internal::ProjectAccess::SetIdSeed(p, seed);
    ProjectInfo info = p.info();
    info.id = base_.id();
    EXPECT_OK(p.SetInfo(info));
    return p;
  }

  MergeResult MergeOk(const MergeOptions& options = {}) {
    absl::StatusOr<MergeResult> r = Merge(base_, ours_, theirs_, options);
    EXPECT_OK(r);
    if (!r.ok()) return MergeResult{};
    EXPECT_THAT(r->project.Validate(), IsEmpty());
    return *std::move(r);
  }

  static const MergeConflict* Find(const MergeResult& r, ConflictType type) {
    for (const MergeConflict& c : r.conflicts) {
      if (c.type == type) return &c;
    }
    return nullptr;
  }

  static constexpr char kText[] = "I felt \xF0\x9F\x98\x80 heard by my peer worker.";
  Project base_, ours_, theirs_;
  std::string ana_, role_, p4_, doc_, functions_, advocacy_, trust_, stigma_, heard_, worker_, theme_;
};

// --- Diff ----------------------------------------------------------------------

TEST_F(MergeTest, DiffNamesEachKindOfChange) {
  Project b = ours_;
  ASSERT_OK(b.RenameCode(trust_, "Feeling heard"));
  ASSERT_OK(b.MoveCode(stigma_, functions_));
  Excerpt e = *b.FindExcerpt(heard_);
  e.code_ids = {trust_, stigma_};
  ASSERT_OK(b.UpdateExcerpt(e));
  e = *b.FindExcerpt(worker_);
  e.span = {26, 32};
  ASSERT_OK(b.UpdateExcerpt(e));
  ASSERT_OK(b.SetCaseAttribute(p4_, role_, AttributeValue("peer worker")));
  const std::string added = b.AddCode({.name = "Hope"}).value();
  ASSERT_OK(b.RemoveTheme(theme_).status());
  const ProjectDiff d = Diff(base_, b);
  auto has = [&](ObjectKind kind, const std::string& id, DiffChangeType change, const std::string& field,
                 const std::string& before, const std::string& after) {
    return std::any_of(d.changes.begin(), d.changes.end(), [&](const DiffChange& c) {
      return c.kind == kind && c.id == id && c.change == change && c.field == field && c.before == before &&
             c.after == after;
    });
  };
  EXPECT_TRUE(has(ObjectKind::kCode, trust_, DiffChangeType::kRenamed, "name", "Trust", "Feeling heard"));
  EXPECT_TRUE(has(ObjectKind::kCode, stigma_, DiffChangeType::kMoved, "parent", "", "Functions"));
  EXPECT_TRUE(has(ObjectKind::kExcerpt, heard_, DiffChangeType::kRecoded, "codes", "Trust",
                  "Feeling heard, Functions / Stigma"));
  EXPECT_TRUE(has(ObjectKind::kExcerpt, worker_, DiffChangeType::kChanged, "span", "[21, 32)", "[26, 32)"));
  EXPECT_TRUE(has(ObjectKind::kCase, p4_, DiffChangeType::kChanged, "attribute:role", "patient", "peer worker"));
  EXPECT_TRUE(has(ObjectKind::kCode, added, DiffChangeType::kAdded, "", "", ""));
  EXPECT_TRUE(has(ObjectKind::kTheme, theme_, DiffChangeType::kRemoved, "", "", ""));
  EXPECT_THAT(d.changes, SizeIs(7));
  EXPECT_THAT(d.ToText(), HasSubstr("code renamed: Feeling heard: Trust → Feeling heard"));
  EXPECT_TRUE(Diff(base_, ours_).empty());
}

TEST_F(MergeTest, DiffShowsADocumentTextEdit) {
  Document d = *ours_.FindDocument(doc_);
  d.text = std::string(kText) + " Really.";
  ASSERT_OK(ours_.UpdateDocument(d));
  const ProjectDiff diff = Diff(base_, ours_);
  ASSERT_THAT(diff.changes, SizeIs(1));
  EXPECT_EQ(diff.changes[0].field, "text");
  EXPECT_EQ(diff.changes[0].after, d.text);
}

// --- Clean merges ----------------------------------------------------------------

TEST_F(MergeTest, ChangesOnEitherSideApplyAndTheSameChangeAppliesOnce) {
  ASSERT_OK(ours_.RenameCode(trust_, "Feeling heard"));
  ASSERT_OK(theirs_.RenameCode(trust_, "Feeling heard"));  // The same change.
  ASSERT_OK(theirs_.MoveCode(stigma_, functions_));
  const std::string hope = ours_.AddCode({.name = "Hope"}).value();
  const std::string fear = theirs_.AddCode({.name = "Fear"}).value();
  const std::string e = theirs_.AddExcerpt({.document_id = doc_, .span = {0, 6}, .code_ids = {fear}}).value();
  ASSERT_OK(ours_.RemoveExcerpt(worker_).status());
  const MergeResult r = MergeOk();
  EXPECT_THAT(r.conflicts, IsEmpty());
  const Project& p = r.project;
  EXPECT_EQ(p.FindCode(trust_)->name, "Feeling heard");
  EXPECT_EQ(p.FindCode(stigma_)->parent_id, functions_);
  EXPECT_NE(p.FindCode(hope), nullptr);
  EXPECT_NE(p.FindCode(fear), nullptr);
  EXPECT_EQ(p.ExcerptText(e).value(), "I felt");
  EXPECT_EQ(p.FindExcerpt(worker_), nullptr);
  EXPECT_EQ(p.codebook().size(), 6u);
  EXPECT_EQ(p.excerpts().size(), 2u);
}

TEST_F(MergeTest, InsertedTextBeforeACodingReanchorsTheOtherSidesCodings) {
  // Ours adds a sentence at the start (and moves its own codings with it).
  const std::string prefix = "Well\xE2\x80\xA6 ";  // 6 code points.
  Document d = *ours_.FindDocument(doc_);
  d.text = prefix + kText;
  ASSERT_OK(ours_.UpdateDocument(d));
  for (const std::string& id : {heard_, worker_}) {
    Excerpt e = *ours_.FindExcerpt(id);
    e.span = {e.span.start + 6, e.span.end + 6};
    ASSERT_OK(ours_.UpdateExcerpt(e));
  }
  // Theirs codes "my peer" against the base text and recodes "heard".
  const std::string mine = theirs_.AddExcerpt({.document_id = doc_, .span = {18, 25}, .code_ids = {stigma_}}).value();
  Excerpt heard = *theirs_.FindExcerpt(heard_);
  heard.code_ids = {trust_, stigma_};
  ASSERT_OK(theirs_.UpdateExcerpt(heard));
  const MergeResult r = MergeOk();
  EXPECT_THAT(r.conflicts, IsEmpty());
  EXPECT_EQ(r.project.ExcerptText(mine).value(), "my peer");
  EXPECT_EQ(r.project.FindExcerpt(mine)->span, (Span{24, 31}));
  EXPECT_EQ(r.project.ExcerptText(heard_).value(), "heard");
  EXPECT_EQ(r.project.FindExcerpt(heard_)->code_ids, (std::vector<std::string>{trust_, stigma_}));
  EXPECT_EQ(r.project.ExcerptText(worker_).value(), "peer worker");
}

// --- Conflicts -------------------------------------------------------------------

TEST_F(MergeTest, DeletingTextUnderTheOtherSidesCodingIsAConflictNotAMove) {
  // Ours deletes "peer " — inside the "peer worker" coding and under theirs'
  // new coding of "my peer".
  Document d = *ours_.FindDocument(doc_);
  d.text = "I felt \xF0\x9F\x98\x80 heard by my worker.";
  Excerpt w = *ours_.FindExcerpt(worker_);
  w.span = {21, 27};  // Ours re-anchors its own coding to "worker".
  ASSERT_OK(ours_.UpdateExcerpt(w));
  ASSERT_OK(ours_.UpdateDocument(d));
  const std::string mine = theirs_.AddExcerpt({.document_id = doc_, .span = {18, 25}, .code_ids = {stigma_}}).value();
  const MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  const MergeConflict& c = r.conflicts[0];
  EXPECT_EQ(c.type, ConflictType::kUnplaceableExcerpt);
  EXPECT_EQ(c.object_id, mine);
  EXPECT_EQ(c.ours, "deleted");
  EXPECT_EQ(c.default_resolution, "theirs");
  // Kept on the nearest surviving text, "my", and reported.
  EXPECT_THAT(std::string(r.project.ExcerptText(mine).value()), ::testing::StartsWith("my"));
  EXPECT_LE(r.project.FindExcerpt(mine)->span.length(), 3);
  EXPECT_EQ(r.project.ExcerptText(worker_).value(), "worker");
  EXPECT_EQ(r.project.ExcerptText(heard_).value(), "heard");
  MergeOptions drop;
  drop.resolutions[c.key()] = "deleted";
  EXPECT_EQ(MergeOk(drop).project.FindExcerpt(mine), nullptr);
}

TEST_F(MergeTest, CodeRenamedDifferently) {
  ASSERT_OK(ours_.RenameCode(trust_, "Feeling heard"));
  ASSERT_OK(theirs_.RenameCode(trust_, "Being listened to"));
  MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  const MergeConflict c = r.conflicts[0];
  EXPECT_EQ(c.type, ConflictType::kCodeRenamed);
  EXPECT_EQ(c.base, "Trust");
  EXPECT_EQ(c.ours, "Feeling heard");
  EXPECT_EQ(c.theirs, "Being listened to");
  EXPECT_EQ(r.project.FindCode(trust_)->name, "Feeling heard");
  MergeOptions options;
  options.resolutions[c.key()] = "theirs";
  r = MergeOk(options);
  EXPECT_EQ(r.project.FindCode(trust_)->name, "Being listened to");
  EXPECT_EQ(r.unresolved(), 0);
  options.resolutions[c.key()] = "Heard";
  EXPECT_EQ(MergeOk(options).project.FindCode(trust_)->name, "Heard");
}

TEST_F(MergeTest, CodeMovedDifferently) {
  const std::string other = base_.AddCode({.name = "Other"}).value();
  ours_ = Fork(2);
  theirs_ = Fork(3);
  ASSERT_OK(ours_.MoveCode(stigma_, functions_));
  ASSERT_OK(theirs_.MoveCode(stigma_, other));
  const MergeResult r = MergeOk();
  const MergeConflict* c = Find(r, ConflictType::kCodeMoved);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->ours, functions_);
  EXPECT_EQ(c->theirs, other);
  EXPECT_EQ(r.project.FindCode(stigma_)->parent_id, functions_);
}

TEST_F(MergeTest, MovesThatTogetherMakeACycleAreAConflict) {
  ASSERT_OK(ours_.MoveCode(trust_, stigma_));   // Trust under Stigma …
  ASSERT_OK(theirs_.MoveCode(stigma_, trust_));  // … and Stigma under Trust.
  const MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  EXPECT_EQ(r.conflicts[0].type, ConflictType::kCodeMoved);
  EXPECT_EQ(r.conflicts[0].object_id, stigma_);
  EXPECT_EQ(r.project.FindCode(trust_)->parent_id, stigma_);
  EXPECT_EQ(r.project.FindCode(stigma_)->parent_id, "");
}

TEST_F(MergeTest, CodeDeletedOnOneSideAndUsedOnTheOther) {
  ASSERT_OK(ours_.RemoveCode(stigma_, /*cascade=*/true).status());
  const std::string e = theirs_.AddExcerpt({.document_id = doc_, .span = {0, 6}, .code_ids = {stigma_}}).value();
  MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  const MergeConflict c = r.conflicts[0];
  EXPECT_EQ(c.type, ConflictType::kDeletedUsed);
  EXPECT_EQ(c.object_id, stigma_);
  EXPECT_EQ(c.ours, "deleted");
  EXPECT_EQ(c.theirs, "kept");
  EXPECT_THAT(c.message, HasSubstr(e));
  EXPECT_NE(r.project.FindCode(stigma_), nullptr);
  EXPECT_NE(r.project.FindExcerpt(e), nullptr);
  // Deleting after all takes the coding that used only that code with it.
  MergeOptions options;
  options.resolutions[c.key()] = "ours";
  r = MergeOk(options);
  EXPECT_EQ(r.project.FindCode(stigma_), nullptr);
  EXPECT_EQ(r.project.FindExcerpt(e), nullptr);
}

TEST_F(MergeTest, CodeDeletedOnOneSideAndPutInAThemeOnTheOther) {
  ASSERT_OK(theirs_.RemoveCode(stigma_, /*cascade=*/true).status());
  ASSERT_OK(ours_.AddCodeToTheme(theme_, stigma_));
  const MergeResult r = MergeOk();
  const MergeConflict* c = Find(r, ConflictType::kDeletedUsed);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->theirs, "deleted");
  EXPECT_EQ(r.project.FindTheme(theme_)->code_ids, (std::vector<std::string>{trust_, stigma_}));
}

TEST_F(MergeTest, UnusedDeletionAppliesWithoutConflict) {
  ASSERT_OK(ours_.RemoveCode(stigma_).status());
  ASSERT_OK(theirs_.RenameCode(trust_, "Feeling heard"));
  const MergeResult r = MergeOk();
  EXPECT_THAT(r.conflicts, IsEmpty());
  EXPECT_EQ(r.project.FindCode(stigma_), nullptr);
}

TEST_F(MergeTest, DeletedOnOneSideAndChangedOnTheOther) {
  ASSERT_OK(ours_.RemoveExcerpt(heard_).status());
  Excerpt e = *theirs_.FindExcerpt(heard_);
  e.code_ids = {stigma_};
  ASSERT_OK(theirs_.UpdateExcerpt(e));
  const MergeResult r = MergeOk();
  const MergeConflict* c = Find(r, ConflictType::kDeletedChanged);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->object_id, heard_);
  EXPECT_EQ(r.project.FindExcerpt(heard_)->code_ids, (std::vector<std::string>{stigma_}));
}

TEST_F(MergeTest, ExcerptRangeChangedDifferently) {
  Excerpt o = *ours_.FindExcerpt(worker_);
  o.span = {26, 32};
  ASSERT_OK(ours_.UpdateExcerpt(o));
  Excerpt t = *theirs_.FindExcerpt(worker_);
  t.span = {18, 32};
  ASSERT_OK(theirs_.UpdateExcerpt(t));
  MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  EXPECT_EQ(r.conflicts[0].type, ConflictType::kExcerptRange);
  EXPECT_EQ(r.conflicts[0].ours, "[26, 32)");
  EXPECT_EQ(r.conflicts[0].theirs, "[18, 32)");
  EXPECT_EQ(r.project.ExcerptText(worker_).value(), "worker");
  MergeOptions options;
  options.resolutions[r.conflicts[0].key()] = "[21, 25)";
  EXPECT_EQ(MergeOk(options).project.ExcerptText(worker_).value(), "peer");
  options.resolutions[r.conflicts[0].key()] = "nonsense";
  EXPECT_STATUS(Merge(base_, ours_, theirs_, options), absl::StatusCode::kInvalidArgument, "nonsense");
}

TEST_F(MergeTest, ExcerptCodesChangedDifferentlyDefaultToBothSidesEdits) {
  Excerpt o = *ours_.FindExcerpt(heard_);
  o.code_ids = {trust_, stigma_};
  ASSERT_OK(ours_.UpdateExcerpt(o));
  Excerpt t = *theirs_.FindExcerpt(heard_);
  t.code_ids = {advocacy_};
  ASSERT_OK(theirs_.UpdateExcerpt(t));
  const MergeResult r = MergeOk();
  const MergeConflict* c = Find(r, ConflictType::kExcerptCodes);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->default_resolution, "union");
  // Theirs removed trust, ours added stigma, theirs added advocacy.
  EXPECT_EQ(r.project.FindExcerpt(heard_)->code_ids, (std::vector<std::string>{stigma_, advocacy_}));
}

TEST_F(MergeTest, DocumentTextEditedOnBothSides) {
  Document o = *ours_.FindDocument(doc_);
  o.text = std::string(kText) + " Yes.";
  ASSERT_OK(ours_.UpdateDocument(o));
  Document t = *theirs_.FindDocument(doc_);
  t.text = std::string("So ") + kText;
  ASSERT_OK(theirs_.UpdateDocument(t));
  for (const std::string& id : {heard_, worker_}) {  // Theirs moves its codings with the text.
    Excerpt e = *theirs_.FindExcerpt(id);
    e.span = {e.span.start + 3, e.span.end + 3};
    ASSERT_OK(theirs_.UpdateExcerpt(e));
  }
  // Theirs adds a coding of "felt" on its own text.
  const std::string felt = theirs_.AddExcerpt({.document_id = doc_, .span = {5, 9}, .code_ids = {trust_}}).value();
  const MergeResult r = MergeOk();
  const MergeConflict* c = Find(r, ConflictType::kDocumentText);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(r.project.FindDocument(doc_)->text, o.text);
  // Theirs' coding is re-anchored from theirs' text onto ours'.
  EXPECT_EQ(r.project.ExcerptText(felt).value(), "felt");
  EXPECT_THAT(r.conflicts, SizeIs(1));
}

TEST_F(MergeTest, AttributeValueSetDifferently) {
  ASSERT_OK(ours_.SetCaseAttribute(p4_, role_, AttributeValue("peer worker")));
  ASSERT_OK(theirs_.SetCaseAttribute(p4_, role_, AttributeValue("carer")));
  MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  EXPECT_EQ(r.conflicts[0].type, ConflictType::kAttributeValue);
  EXPECT_EQ(r.conflicts[0].theirs, "carer");
  EXPECT_EQ(r.project.CaseAttribute(p4_, role_)->ToString(), "peer worker");
  MergeOptions options;
  options.resolutions[r.conflicts[0].key()] = "theirs";
  EXPECT_EQ(MergeOk(options).project.CaseAttribute(p4_, role_)->ToString(), "carer");
}

TEST_F(MergeTest, ThemeCodesChangedDifferently) {
  ASSERT_OK(ours_.AddCodeToTheme(theme_, stigma_));
  ASSERT_OK(theirs_.RemoveCodeFromTheme(theme_, trust_));
  ASSERT_OK(theirs_.AddCodeToTheme(theme_, advocacy_));
  const MergeResult r = MergeOk();
  const MergeConflict* c = Find(r, ConflictType::kThemeCodes);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(r.project.FindTheme(theme_)->code_ids, (std::vector<std::string>{stigma_, advocacy_}));
}

TEST_F(MergeTest, BothSidesAddingACodeOfOneNameIsANameClash) {
  const std::string ours_hope = ours_.AddCode({.name = "Hope"}).value();
  const std::string theirs_hope = theirs_.AddCode({.name = "Hope"}).value();
  MergeResult r = MergeOk();
  ASSERT_THAT(r.conflicts, SizeIs(1));
  const MergeConflict c = r.conflicts[0];
  EXPECT_EQ(c.type, ConflictType::kNameClash);
  EXPECT_EQ(c.object_id, theirs_hope);
  EXPECT_EQ(r.project.FindCode(ours_hope)->name, "Hope");
  EXPECT_EQ(r.project.FindCode(theirs_hope)->name, "Hope (2)");
  MergeOptions options;
  options.resolutions[c.key()] = "Hope for change";
  EXPECT_EQ(MergeOk(options).project.FindCode(theirs_hope)->name, "Hope for change");
  options.resolutions[c.key()] = "theirs";  // "Hope" again: still a clash.
  EXPECT_STATUS(Merge(base_, ours_, theirs_, options), absl::StatusCode::kFailedPrecondition, "Hope");
}

TEST_F(MergeTest, MergeIsSymmetricUpToConflictOrientation) {
  ASSERT_OK(ours_.RenameCode(trust_, "Feeling heard"));
  ASSERT_OK(theirs_.RenameCode(trust_, "Being listened to"));
  ASSERT_OK(theirs_.SetCaseAttribute(p4_, role_, AttributeValue("carer")));
  const MergeResult a = MergeOk();
  std::swap(ours_, theirs_);
  const MergeResult b = MergeOk();
  ASSERT_EQ(a.conflicts.size(), b.conflicts.size());
  EXPECT_EQ(a.conflicts[0].ours, b.conflicts[0].theirs);
  EXPECT_EQ(a.conflicts[0].theirs, b.conflicts[0].ours);
  EXPECT_EQ(b.project.CaseAttribute(p4_, role_)->ToString(), "carer");
}

}  // namespace
}  // namespace thematica
