// The change log: every edit recorded, undo/redo of each kind of edit and of
// cascades restore the project byte for byte, the log survives save/load, and
// the switch turns it off.
#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "internal/project_loader.h"
#include "thematica/native_io.h"
#include "thematica/project.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

// The project's content without its change log, as saved: the oracle for
// "undo restores exactly" is the native format's own bytes.
std::string Content(const Project& p) {
  Project copy = p;
  thematica::internal::ProjectAccess::SetHistory(copy, {}, {});
  return SerializeProject(copy, NativeFormat::kJson);
}

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thematica::internal::ProjectAccess::SetIdSeed(p_, 11);
    thematica::internal::ProjectAccess::SetFixedClock(p_, absl::FromUnixSeconds(1700000000));
    ana_ = p_.AddCoder({.name = "Ana"}).value();
    ASSERT_OK(p_.SetCurrentCoder("Ana"));
    role_ = p_.AddAttribute({.name = "role", .type = AttributeType::kText}).value();
    case_ = p_.AddCase({.name = "P4", .attributes = {{role_, AttributeValue("peer")}}}).value();
    doc_ = p_.AddDocument({.name = "P4", .text = "“be my voice” 😀 café\r\nnext line",
                           .case_id = case_,
                           .speaker_turns = {{.span = {0, 5}, .case_id = case_}}})
               .value();
    doc2_ = p_.AddDocument({.name = "P5", .text = "other text here"}).value();
    parent_ = p_.AddCode({.name = "Functions", .codable = false}).value();
    advocacy_ = p_.AddCode({.name = "Advocacy", .parent_id = parent_}).value();
    trust_ = p_.AddCode({.name = "Trust"}).value();
    e1_ = p_.AddExcerpt({.document_id = doc_, .span = {1, 12}, .code_ids = {advocacy_},
                         .coder_id = ana_})
              .value();
    e2_ = p_.AddExcerpt({.document_id = doc_, .span = {14, 15}, .code_ids = {advocacy_, trust_},
                         .coder_id = ana_})
              .value();
    e3_ = p_.AddExcerpt({.document_id = doc2_, .span = {0, 5}, .code_ids = {trust_}}).value();
    theme_ = p_.AddTheme({.name = "Voice", .code_ids = {advocacy_, trust_}}).value();
    sub_ = p_.AddTheme({.name = "Sub", .parent_id = theme_}).value();
    rel_ = p_.AddRelation({.source_id = advocacy_, .target_id = theme_, .label = "part of"}).value();
    memo_code_ = p_.AddMemo({.title = "on advocacy", .target_id = advocacy_}).value();
    memo_e1_ = p_.AddMemo({.title = "on e1", .target_id = e1_}).value();
    memo_rel_ = p_.AddMemo({.title = "on rel", .target_id = rel_}).value();
    memo_doc_ = p_.AddMemo({.title = "on doc", .target_id = doc_}).value();
  }

  // Runs `edit`, checks it logged something, then that undo restores the
  // content exactly and redo restores the edited content exactly.
  void ExpectUndoRedo(const std::function<void()>& edit) {
    const std::string before = Content(p_);
    const size_t records = p_.history().size();
    edit();
    const std::string after = Content(p_);
    ASSERT_NE(before, after);
    ASSERT_GT(p_.history().size(), records);
    ASSERT_OK(p_.Undo());
    EXPECT_EQ(Content(p_), before);
    EXPECT_THAT(p_.history(), SizeIs(records));
    EXPECT_THAT(p_.Validate(), ::testing::IsEmpty());
    ASSERT_OK(p_.Redo());
    EXPECT_EQ(Content(p_), after);
    EXPECT_THAT(p_.Validate(), ::testing::IsEmpty());
    ASSERT_OK(p_.Undo());
    EXPECT_EQ(Content(p_), before);
  }

  Project p_;
  std::string ana_, role_, case_, doc_, doc2_, parent_, advocacy_, trust_, e1_, e2_, e3_, theme_,
      sub_, rel_, memo_code_, memo_e1_, memo_rel_, memo_doc_;
};

TEST_F(HistoryTest, EveryAddIsRecordedWithCoderAndStep) {
  const std::vector<ChangeRecord>& h = p_.history();
  ASSERT_THAT(h, SizeIs(18));
  for (size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(h[i].seq, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(h[i].step, h[i].seq);  // One record per call.
    EXPECT_EQ(h[i].op, ChangeOp::kAdd);
    EXPECT_EQ(h[i].before, nullptr);
  }
  EXPECT_EQ(h[0].coder_id, "");  // Ana was made current after she was added.
  EXPECT_EQ(h[1].coder_id, ana_);
  EXPECT_EQ(h[8].kind, ObjectKind::kExcerpt);
  EXPECT_EQ(h[8].object_id, e1_);
  EXPECT_EQ(h[8].summary, "AddExcerpt");
}

TEST_F(HistoryTest, UndoRedoEachKindOfAdd) {
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddCoder({.name = "Ben"})); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddAttribute({.name = "age", .type = AttributeType::kNumber})); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddCase({.name = "P9"})); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddDocument({.name = "new", .text = "ñ text"})); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddCode({.name = "Hope", .parent_id = parent_})); });
  ExpectUndoRedo([&] {
    ASSERT_OK(p_.AddExcerpt({.document_id = doc_, .span = {0, 3}, .code_ids = {trust_}}));
  });
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddTheme({.name = "T2"})); });
  ExpectUndoRedo([&] {
    ASSERT_OK(p_.AddRelation({.source_id = trust_, .target_id = theme_, .label = "feeds"}));
  });
  ExpectUndoRedo([&] { ASSERT_OK(p_.AddMemo({.title = "m", .text = "é"})); });
}

TEST_F(HistoryTest, UndoRedoEachKindOfUpdate) {
  ExpectUndoRedo([&] { ASSERT_OK(p_.UpdateCoder({.id = ana_, .name = "Ana M."})); });
  ExpectUndoRedo([&] {
    ASSERT_OK(p_.UpdateAttribute({.id = role_, .name = "Role", .type = AttributeType::kText}));
  });
  ExpectUndoRedo([&] { ASSERT_OK(p_.SetCaseAttribute(case_, role_, AttributeValue("staff"))); });
  ExpectUndoRedo([&] {
    Document d = *p_.FindDocument(doc2_);
    d.text = "a longer replacement text";
    d.name = "P5b";
    ASSERT_OK(p_.UpdateDocument(d));
  });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RenameCode(trust_, "Confiance")); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.MoveCode(trust_, parent_)); });
  ExpectUndoRedo([&] {
    Excerpt e = *p_.FindExcerpt(e1_);
    e.span = {2, 6};
    ASSERT_OK(p_.UpdateExcerpt(e));
  });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveCodeFromTheme(theme_, trust_)); });
  ExpectUndoRedo([&] {
    Relation r = *p_.FindRelation(rel_);
    r.label = "within";
    ASSERT_OK(p_.UpdateRelation(r));
  });
  ExpectUndoRedo([&] {
    Memo m = *p_.FindMemo(memo_doc_);
    m.text = "more";
    ASSERT_OK(p_.UpdateMemo(m));
  });
  ExpectUndoRedo([&] {
    ProjectInfo info = p_.info();
    info.title = "Renamed study";
    ASSERT_OK(p_.SetInfo(info));
  });
}

TEST_F(HistoryTest, UndoRedoRemovalsAndCascadesRestoreOrderAndEverythingRemoved) {
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveExcerpt(e1_)); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveMemo(memo_code_)); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveRelation(rel_)); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveAttribute(role_)); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveCase(case_)); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveDocument(doc_)); });
  ExpectUndoRedo([&] { ASSERT_OK(p_.RemoveTheme(theme_, /*cascade=*/true)); });
  ExpectUndoRedo([&] {
    ASSERT_OK_AND_ASSIGN(RemovalReport r, p_.RemoveCode(parent_, /*cascade=*/true));
    EXPECT_THAT(r.excerpts, ElementsAre(e1_));
    EXPECT_THAT(r.recoded_excerpts, ElementsAre(e2_));
  });
  ExpectUndoRedo([&] { ASSERT_OK(p_.MergeCodes(advocacy_, trust_)); });
  ExpectUndoRedo([&] {
    Project::ChangeScope scope(p_, "several calls");
    ASSERT_OK(p_.RemoveDocument(doc2_));
    ASSERT_OK(p_.RemoveCoder(p_.AddCoder({.name = "Tmp"}).value()));
  });
}

TEST_F(HistoryTest, CascadeIsOneStepWithAllItsRecords) {
  const size_t before = p_.history().size();
  ASSERT_OK(p_.RemoveCode(parent_, /*cascade=*/true));
  std::vector<ChangeRecord> step(p_.history().begin() + static_cast<std::ptrdiff_t>(before),
                                 p_.history().end());
  ASSERT_GT(step.size(), 5u);
  for (const ChangeRecord& r : step) {
    EXPECT_EQ(r.step, step.front().seq);
    EXPECT_EQ(r.summary, "RemoveCode (cascade)");
    EXPECT_EQ(r.coder_id, ana_);
  }
}

TEST_F(HistoryTest, NewEditClearsRedoAndFailedEditsLogNothing) {
  ASSERT_OK(p_.RenameCode(trust_, "T"));
  ASSERT_OK(p_.Undo());
  EXPECT_TRUE(p_.CanRedo());
  ASSERT_OK(p_.AddCode({.name = "New"}));
  EXPECT_FALSE(p_.CanRedo());
  EXPECT_STATUS(p_.Redo(), absl::StatusCode::kNotFound, "nothing to redo");
  const size_t n = p_.history().size();
  EXPECT_FALSE(p_.AddCode({.name = "New"}).ok());  // Sibling clash.
  EXPECT_FALSE(p_.RemoveCode(parent_).ok());       // Has children.
  EXPECT_THAT(p_.history(), SizeIs(n));
}

TEST_F(HistoryTest, UndoEverythingGivesAnEmptyProjectAndRedoEverythingBack) {
  const std::string full = Content(p_);
  int steps = 0;
  while (p_.CanUndo()) {
    ASSERT_OK(p_.Undo());
    ++steps;
  }
  EXPECT_EQ(steps, 18);
  EXPECT_TRUE(p_.coders().empty());
  EXPECT_TRUE(p_.excerpts().empty());
  EXPECT_STATUS(p_.Undo(), absl::StatusCode::kNotFound, "nothing to undo");
  while (p_.CanRedo()) ASSERT_OK(p_.Redo());
  EXPECT_EQ(Content(p_), full);
}

TEST_F(HistoryTest, LogIsSavedAndReloadedAndUndoWorksAfterLoading) {
  ASSERT_OK(p_.RemoveCode(parent_, /*cascade=*/true));
  for (NativeFormat format : {NativeFormat::kBinary, NativeFormat::kJson}) {
    const std::string bytes = SerializeProject(p_, format);
    ASSERT_OK_AND_ASSIGN(Project loaded, ParseProject(bytes, format));
    thematica::internal::ProjectAccess::SetFixedClock(loaded, absl::FromUnixSeconds(1700000000));
    ASSERT_EQ(loaded.history().size(), p_.history().size());
    EXPECT_EQ(loaded.history().back().summary, "RemoveCode (cascade)");
    EXPECT_EQ(SerializeProject(loaded, format), bytes);  // Lossless.
    Project original = p_;
    ASSERT_OK(original.Undo());
    ASSERT_OK(loaded.Undo());
    EXPECT_EQ(Content(loaded), Content(original));
    // Loading records nothing.
    EXPECT_EQ(loaded.history().size(), original.history().size());
  }
}

TEST_F(HistoryTest, SwitchedOffRecordsNothingAndBarsUndoAcrossTheGap) {
  p_.SetHistoryEnabled(false);
  const size_t n = p_.history().size();
  ASSERT_OK(p_.AddCode({.name = "Unlogged"}));
  EXPECT_THAT(p_.history(), SizeIs(n));
  EXPECT_FALSE(p_.CanUndo());
  const std::string content = Content(p_);
  EXPECT_STATUS(p_.Undo(), absl::StatusCode::kFailedPrecondition, "switched off");
  EXPECT_EQ(Content(p_), content);
  p_.SetHistoryEnabled(true);
  ASSERT_OK(p_.AddCode({.name = "Logged"}));
  EXPECT_THAT(p_.history(), SizeIs(n + 1));
  ASSERT_OK(p_.Undo());
  EXPECT_EQ(Content(p_), content);
  // The switch is saved.
  p_.SetHistoryEnabled(false);
  ASSERT_OK_AND_ASSIGN(Project loaded, ParseProject(SerializeProject(p_, NativeFormat::kBinary),
                                                    NativeFormat::kBinary));
  EXPECT_FALSE(loaded.history_enabled());
}

TEST_F(HistoryTest, UndoRefusesWhenProjectNoLongerMatchesAndChangesNothing) {
  // A log that claims an excerpt was added which is not there (a hand-edited file).
  std::vector<ChangeRecord> log = p_.history();
  log.push_back({.seq = 100, .step = 100, .op = ChangeOp::kAdd, .kind = ObjectKind::kExcerpt,
                 .object_id = "00000000-0000-4000-8000-000000000001"});
  thematica::internal::ProjectAccess::SetHistory(p_, log, p_.history_settings());
  const std::string content = Content(p_);
  EXPECT_STATUS(p_.Undo(), absl::StatusCode::kFailedPrecondition, "no longer matches");
  EXPECT_EQ(Content(p_), content);
  EXPECT_THAT(p_.history(), SizeIs(log.size()));
}

TEST_F(HistoryTest, CompactKeepsWholeNewestSteps) {
  ASSERT_OK(p_.RemoveCode(parent_, /*cascade=*/true));
  const int64_t cascade_records = static_cast<int64_t>(p_.history().size()) - 18;
  EXPECT_EQ(p_.CompactHistory(1, std::nullopt), 18);
  EXPECT_THAT(p_.history(), SizeIs(cascade_records));
  ASSERT_OK(p_.Undo());
  EXPECT_FALSE(p_.CanUndo());
  EXPECT_EQ(p_.CompactHistory(std::nullopt, absl::InfiniteFuture()), 0);  // Nothing left.
  // Seqs are not reused after compaction and reload.
  ASSERT_OK(p_.AddCode({.name = "After"}));
  ASSERT_OK_AND_ASSIGN(Project loaded, ParseProject(SerializeProject(p_, NativeFormat::kJson),
                                                    NativeFormat::kJson));
  EXPECT_EQ(loaded.history().back().seq, p_.history().back().seq);
}

TEST_F(HistoryTest, ChangeScopeMakesOneStep) {
  const std::string before = Content(p_);
  {
    Project::ChangeScope scope(p_, "import batch.txt");
    ASSERT_OK(p_.AddDocument({.name = "b1", .text = "one"}));
    ASSERT_OK(p_.AddDocument({.name = "b2", .text = "two"}));
  }
  EXPECT_EQ(p_.history().back().summary, "import batch.txt");
  ASSERT_OK(p_.Undo());
  EXPECT_EQ(Content(p_), before);
}

TEST_F(HistoryTest, CurrentCoderByIdOrNameAndUnknownRefused) {
  ASSERT_OK(p_.SetCurrentCoder(ana_));
  EXPECT_EQ(p_.current_coder(), ana_);
  EXPECT_STATUS(p_.SetCurrentCoder("Nobody"), absl::StatusCode::kNotFound, "Nobody");
  EXPECT_EQ(p_.current_coder(), ana_);
  ASSERT_OK(p_.SetCurrentCoder(""));
  EXPECT_EQ(p_.current_coder(), "");
}

TEST(HistoryNames, ChangedFieldsAndJson) {
  Code a{.id = "00000000-0000-4000-8000-000000000002", .name = "A"};
  Code b = a;
  b.name = "B";
  b.description = "d";
  b.modified = absl::FromUnixSeconds(5);
  EXPECT_THAT(ChangedFields(a, b), ElementsAre("name", "description"));
  EXPECT_THAT(ObjectValueJson(b), ::testing::HasSubstr("\"name\": \"B\""));
}

}  // namespace
}  // namespace thematica
