#include "thematica/project.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "internal/project_loader.h"
#include "test_util.h"
#include "thematica/native_io.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Code_ = absl::StatusCode;

// A small study: two participants, a two-level codebook, overlapping
// excerpts in non-ASCII text.
class ProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ana_ = project_.AddCoder({.name = "Ana"}).value();
    role_ = project_.AddAttribute({.name = "role", .type = AttributeType::kText}).value();
    p4_ = project_.AddCase({.name = "P4", .attributes = {{role_, AttributeValue("patient")}}})
              .value();
    p13_ = project_.AddCase({.name = "P13", .attributes = {{role_, AttributeValue("peer worker")}}})
               .value();
    // "“be my voice” 😀 café" — curly quotes, an emoji, an accented letter.
    doc_ = project_.AddDocument({.name = "P4 interview",
                                 .text = "\xE2\x80\x9C" "be my voice\xE2\x80\x9D \xF0\x9F\x98\x80 caf\xC3\xA9",
                                 .case_id = p4_})
               .value();
    functions_ = project_.AddCode({.name = "Functions", .codable = false}).value();
    advocacy_ = project_.AddCode({.name = "Advocacy", .parent_id = functions_}).value();
    navigation_ = project_.AddCode({.name = "Navigation", .parent_id = functions_}).value();
    trust_ = project_.AddCode({.name = "Trust"}).value();
  }

  Project project_{ProjectOptions{.title = "Study", .id_seed = 7}};
  std::string ana_, role_, p4_, p13_, doc_, functions_, advocacy_, navigation_, trust_;
};

// Seed and clock given at construction make a project built twice the same
// to the byte; the hooks the Python bindings use (ProjectAccess) give the
// same project as the options.
TEST(ProjectOptionsTest, SeedAndClockMakeBuildsIdentical) {
  const absl::Time when = absl::FromUnixSeconds(1700000000);
  auto build = [&](Project p) {
    const std::string coder = p.AddCoder({.name = "Zoë"}).value();
    const std::string doc = p.AddDocument({.name = "P1", .text = "caf\xC3\xA9 talk"}).value();
    const std::string code = p.AddCode({.name = "Trust"}).value();
    (void)p.AddExcerpt({.document_id = doc, .span = {0, 4}, .code_ids = {code}, .coder_id = coder})
        .value();
    return p;
  };
  const Project a = build(Project(ProjectOptions{.title = "S", .description = "d", .id_seed = 5,
                                                 .fixed_clock = when}));
  const Project b = build(Project(ProjectOptions{.title = "S", .description = "d", .id_seed = 5,
                                                 .fixed_clock = when}));
  Project hooked(ProjectOptions{.title = "S", .description = "d"});
  thematica::internal::ProjectAccess::SetIdSeed(hooked, 5);
  thematica::internal::ProjectAccess::SetFixedClock(hooked, when);
  const Project c = build(std::move(hooked));
  EXPECT_EQ(a.info().created, when);
  EXPECT_EQ(a.info().description, "d");
  EXPECT_TRUE(a.history().empty() || a.history().front().kind == ObjectKind::kCoder)
      << "making a project is not an edit";
  for (const Project* other : {&b, &c}) {
    EXPECT_EQ(SerializeProject(*other, NativeFormat::kBinary), SerializeProject(a, NativeFormat::kBinary));
  }
  const Project unseeded = build(Project(ProjectOptions{.title = "S"}));
  EXPECT_NE(unseeded.id(), a.id());
  EXPECT_TRUE(a.Validate().empty());
}

TEST_F(ProjectTest, ExcerptTextUsesCodePoints) {
  // Code points: “ 0, "be my voice" 1-11, ” 12, space 13, 😀 14, space 15,
  // "café" 16-19 → 20.
  EXPECT_EQ(project_.DocumentLength(doc_).value(), 20);
  ASSERT_OK_AND_ASSIGN(std::string quote, project_.AddExcerpt({.document_id = doc_,
                                                               .span = {1, 12},
                                                               .code_ids = {advocacy_},
                                                               .coder_id = ana_}));
  EXPECT_EQ(project_.ExcerptText(quote).value(), "be my voice");
  ASSERT_OK_AND_ASSIGN(std::string emoji, project_.AddExcerpt({.document_id = doc_,
                                                               .span = {14, 15},
                                                               .code_ids = {trust_}}));
  EXPECT_EQ(project_.ExcerptText(emoji).value(), "\xF0\x9F\x98\x80");
  ASSERT_OK_AND_ASSIGN(std::string tail, project_.AddExcerpt({.document_id = doc_,
                                                              .span = {16, 20},
                                                              .code_ids = {trust_}}));
  EXPECT_EQ(project_.ExcerptText(tail).value(), "caf\xC3\xA9");
}

TEST_F(ProjectTest, RejectsInvalidRanges) {
  auto add = [&](Span span) {
    return project_.AddExcerpt({.document_id = doc_, .span = span, .code_ids = {trust_}});
  };
  EXPECT_STATUS(add({-1, 3}), Code_::kOutOfRange, "excerpt range [-1, 3) is not a non-empty range of document \"P4 interview\" (20 code points)");
  EXPECT_STATUS(add({5, 5}), Code_::kOutOfRange, "[5, 5)");
  EXPECT_STATUS(add({6, 2}), Code_::kOutOfRange, "[6, 2)");
  EXPECT_STATUS(add({0, 21}), Code_::kOutOfRange, "(20 code points)");
  EXPECT_OK(add({0, 20}));
  EXPECT_EQ(project_.excerpts().size(), 1u);
}

TEST_F(ProjectTest, RejectsBadExcerptCodes) {
  EXPECT_STATUS(project_.AddExcerpt({.document_id = doc_, .span = {0, 3}}),
                Code_::kInvalidArgument, "at least one code");
  EXPECT_STATUS(project_.AddExcerpt({.document_id = doc_, .span = {0, 3}, .code_ids = {functions_}}),
                Code_::kFailedPrecondition, "\"Functions\" is not codable");
  EXPECT_STATUS(project_.AddExcerpt({.document_id = doc_, .span = {0, 3}, .code_ids = {trust_, trust_}}),
                Code_::kInvalidArgument, "\"Trust\" is given twice");
  EXPECT_STATUS(project_.AddExcerpt({.document_id = doc_, .span = {0, 3},
                                     .code_ids = {"00000000-0000-4000-8000-000000000000"}}),
                Code_::kNotFound, "code 00000000-0000-4000-8000-000000000000 not found");
  EXPECT_STATUS(project_.AddExcerpt({.document_id = "nope", .span = {0, 3}, .code_ids = {trust_}}),
                Code_::kNotFound, "document nope not found");
  EXPECT_THAT(project_.excerpts(), IsEmpty());
}

TEST_F(ProjectTest, InvalidUtf8IsRejectedWithItsByteOffset) {
  EXPECT_STATUS(project_.AddDocument({.name = "bad", .text = "ok \xFF"}),
                Code_::kInvalidArgument,
                "text of document \"bad\": invalid UTF-8 at byte offset 3");
  EXPECT_EQ(project_.documents().size(), 1u);
}

TEST_F(ProjectTest, NamesAreUniqueWhereUsersExpect) {
  EXPECT_STATUS(project_.AddCoder({.name = "Ana"}), Code_::kAlreadyExists, "coder named \"Ana\"");
  EXPECT_STATUS(project_.AddCase({.name = "P4"}), Code_::kAlreadyExists, "case named \"P4\"");
  EXPECT_STATUS(project_.AddDocument({.name = "P4 interview"}), Code_::kAlreadyExists,
                "document named \"P4 interview\"");
  // Codes: unique among siblings only.
  EXPECT_STATUS(project_.AddCode({.name = "Advocacy", .parent_id = functions_}),
                Code_::kAlreadyExists, "a code named \"Advocacy\" already exists under \"Functions\"");
  EXPECT_OK(project_.AddCode({.name = "Advocacy"}));
  EXPECT_STATUS(project_.AddCode({.name = " "}), Code_::kInvalidArgument, "needs a name");
  EXPECT_STATUS(project_.RenameCode(navigation_, "Advocacy"), Code_::kAlreadyExists,
                "\"Advocacy\" already exists under \"Functions\"");
}

TEST_F(ProjectTest, MovesThatMakeACycleAreRefused) {
  ASSERT_OK_AND_ASSIGN(std::string deep, project_.AddCode({.name = "Deep", .parent_id = advocacy_}));
  EXPECT_STATUS(project_.MoveCode(functions_, deep), Code_::kFailedPrecondition,
                "cannot move \"Functions\" under its own descendant \"Functions / Advocacy / Deep\"");
  EXPECT_STATUS(project_.MoveCode(functions_, functions_), Code_::kFailedPrecondition,
                "under itself");
  EXPECT_OK(project_.MoveCode(deep, ""));
  EXPECT_EQ(project_.codebook().Path(deep), "Deep");
  EXPECT_EQ(project_.codebook().Depth(advocacy_), 1);
  EXPECT_THAT(project_.Validate(), IsEmpty());
}

TEST_F(ProjectTest, MergeMovesExcerptsThemesAndChildren) {
  ASSERT_OK_AND_ASSIGN(std::string e1, project_.AddExcerpt({.document_id = doc_, .span = {0, 5},
                                                            .code_ids = {navigation_, trust_}}));
  ASSERT_OK_AND_ASSIGN(std::string e2, project_.AddExcerpt({.document_id = doc_, .span = {2, 8},
                                                            .code_ids = {advocacy_, navigation_}}));
  ASSERT_OK_AND_ASSIGN(std::string child, project_.AddCode({.name = "Sub", .parent_id = navigation_}));
  ASSERT_OK_AND_ASSIGN(std::string theme, project_.AddTheme({.name = "T", .code_ids = {navigation_}}));
  ASSERT_OK(project_.MergeCodes(navigation_, advocacy_));
  EXPECT_EQ(project_.FindCode(navigation_), nullptr);
  EXPECT_THAT(project_.FindExcerpt(e1)->code_ids, ElementsAre(advocacy_, trust_));
  // e2 had both: the survivor appears once.
  EXPECT_THAT(project_.FindExcerpt(e2)->code_ids, ElementsAre(advocacy_));
  EXPECT_EQ(project_.FindCode(child)->parent_id, advocacy_);
  EXPECT_THAT(project_.FindTheme(theme)->code_ids, ElementsAre(advocacy_));
  EXPECT_THAT(project_.Validate(), IsEmpty());
}

TEST_F(ProjectTest, MergeRefusedOnChildNameClashChangesNothing) {
  ASSERT_OK(project_.AddCode({.name = "Same", .parent_id = navigation_}));
  ASSERT_OK(project_.AddCode({.name = "Same", .parent_id = advocacy_}));
  const size_t before = project_.codebook().size();
  EXPECT_STATUS(project_.MergeCodes(navigation_, advocacy_), Code_::kAlreadyExists,
                "both have a child code named \"Same\"");
  EXPECT_EQ(project_.codebook().size(), before);
  EXPECT_NE(project_.FindCode(navigation_), nullptr);
}

TEST_F(ProjectTest, DeleteRefusedWhileUsedUnlessCascade) {
  ASSERT_OK_AND_ASSIGN(std::string only, project_.AddExcerpt({.document_id = doc_, .span = {0, 5},
                                                              .code_ids = {advocacy_}}));
  ASSERT_OK_AND_ASSIGN(std::string both, project_.AddExcerpt({.document_id = doc_, .span = {3, 9},
                                                              .code_ids = {advocacy_, trust_}}));
  ASSERT_OK(project_.AddMemo({.text = "note", .target_id = only}));
  ASSERT_OK(project_.AddRelation({.source_id = advocacy_, .target_id = trust_, .label = "builds"}));
  EXPECT_STATUS(project_.RemoveCode(advocacy_), Code_::kFailedPrecondition,
                "code \"Advocacy\" is used by 2 excerpts");
  EXPECT_STATUS(project_.RemoveCode(functions_), Code_::kFailedPrecondition, "has 2 child codes");
  ASSERT_OK_AND_ASSIGN(RemovalReport report, project_.RemoveCode(advocacy_, /*cascade=*/true));
  EXPECT_THAT(report.codes, ElementsAre(advocacy_));
  EXPECT_THAT(report.excerpts, ElementsAre(only));
  EXPECT_THAT(report.recoded_excerpts, ElementsAre(both));
  EXPECT_EQ(report.memos.size(), 1u);
  EXPECT_EQ(report.relations.size(), 1u);
  EXPECT_EQ(report.Summary(), "1 code, 1 excerpt, 1 excerpt recoded, 1 relation, 1 memo");
  EXPECT_THAT(project_.FindExcerpt(both)->code_ids, ElementsAre(trust_));
  EXPECT_THAT(project_.Validate(), IsEmpty());
}

TEST_F(ProjectTest, RemovingADocumentSaysWhatItTakes) {
  ASSERT_OK_AND_ASSIGN(std::string e, project_.AddExcerpt({.document_id = doc_, .span = {0, 5},
                                                           .code_ids = {trust_}}));
  ASSERT_OK(project_.AddMemo({.text = "on excerpt", .target_id = e}));
  ASSERT_OK(project_.AddMemo({.text = "on doc", .target_id = doc_}));
  ASSERT_OK(project_.AddMemo({.text = "project memo"}));
  ASSERT_OK_AND_ASSIGN(RemovalReport report, project_.RemoveDocument(doc_));
  EXPECT_THAT(report.excerpts, ElementsAre(e));
  EXPECT_EQ(report.memos.size(), 2u);
  EXPECT_EQ(report.Summary(), "1 excerpt, 2 memos");
  EXPECT_THAT(project_.documents(), IsEmpty());
  EXPECT_EQ(project_.memos().size(), 1u);
}

TEST_F(ProjectTest, RemovingACaseUnlinksDocumentsAndTurns) {
  ASSERT_OK_AND_ASSIGN(std::string group, project_.AddDocument(
      {.name = "Focus group", .text = "A: hello\nB: hi",
       .speaker_turns = {{.span = {0, 8}, .case_id = p4_, .speaker = "A"},
                         {.span = {9, 14}, .case_id = p13_, .speaker = "B"}}}));
  ASSERT_OK_AND_ASSIGN(RemovalReport report, project_.RemoveCase(p4_));
  EXPECT_THAT(report.unlinked_documents, UnorderedElementsAre(doc_, group));
  EXPECT_EQ(report.unlinked_speaker_turns, 1);
  EXPECT_EQ(project_.FindDocument(doc_)->case_id, "");
  EXPECT_EQ(project_.FindDocument(group)->speaker_turns[1].case_id, p13_);
  EXPECT_THAT(project_.Validate(), IsEmpty());
}

TEST_F(ProjectTest, ExcerptCasesComeFromSpeakerTurnsThenTheDocument) {
  ASSERT_OK_AND_ASSIGN(std::string group, project_.AddDocument(
      {.name = "Focus group", .text = "A: hello\nB: hi", .case_id = p4_,
       .speaker_turns = {{.span = {9, 14}, .case_id = p13_, .speaker = "B"}}}));
  ASSERT_OK_AND_ASSIGN(std::string in_turn, project_.AddExcerpt({.document_id = group,
                                                                 .span = {12, 14},
                                                                 .code_ids = {trust_}}));
  ASSERT_OK_AND_ASSIGN(std::string outside, project_.AddExcerpt({.document_id = group,
                                                                 .span = {0, 8},
                                                                 .code_ids = {trust_}}));
  EXPECT_THAT(project_.ExcerptCaseIds(*project_.FindExcerpt(in_turn)), ElementsAre(p13_));
  EXPECT_THAT(project_.ExcerptCaseIds(*project_.FindExcerpt(outside)), ElementsAre(p4_));
  EXPECT_EQ(project_.Excerpts({.case_id = p13_}).size(), 1u);
}

TEST_F(ProjectTest, ExcerptFilterWithDescendantsAndCounts) {
  ASSERT_OK_AND_ASSIGN(std::string other, project_.AddDocument({.name = "P13", .text = "trust me",
                                                                .case_id = p13_}));
  ASSERT_OK(project_.AddExcerpt({.document_id = doc_, .span = {0, 5}, .code_ids = {advocacy_}, .coder_id = ana_}));
  ASSERT_OK(project_.AddExcerpt({.document_id = doc_, .span = {2, 6}, .code_ids = {navigation_}}));
  ASSERT_OK(project_.AddExcerpt({.document_id = other, .span = {0, 5}, .code_ids = {navigation_, trust_}}));
  EXPECT_EQ(project_.Excerpts({.code_id = functions_}).size(), 0u);
  EXPECT_EQ(project_.Excerpts({.code_id = functions_, .include_descendants = true}).size(), 3u);
  EXPECT_EQ(project_.Excerpts({.code_id = navigation_, .document_id = other}).size(), 1u);
  EXPECT_EQ(project_.Excerpts({.coder_id = ana_}).size(), 1u);
  std::vector<CodeCount> flat = project_.CodeCounts();
  std::vector<CodeCount> deep = project_.CodeCounts(/*include_descendants=*/true);
  ASSERT_EQ(flat.size(), 4u);
  // Order: Functions, Advocacy, Navigation, Trust.
  EXPECT_EQ(flat[0].excerpts, 0);
  EXPECT_EQ(deep[0].excerpts, 3);
  EXPECT_EQ(deep[0].documents, 2);
  EXPECT_EQ(deep[0].cases, 2);
  EXPECT_EQ(flat[2].excerpts, 2);
  EXPECT_EQ(flat[2].cases, 2);
  EXPECT_EQ(flat[3].cases, 1);
}

TEST_F(ProjectTest, AttributeTypesAreEnforced) {
  ASSERT_OK_AND_ASSIGN(std::string age, project_.AddAttribute({.name = "age", .type = AttributeType::kNumber}));
  EXPECT_STATUS(project_.SetCaseAttribute(p4_, age, AttributeValue("forty")),
                Code_::kInvalidArgument, "attribute \"age\" of case \"P4\" is number, not text");
  EXPECT_OK(project_.SetCaseAttribute(p4_, age, AttributeValue(41.0)));
  EXPECT_EQ(*project_.CaseAttribute(p4_, age)->number(), 41.0);
  EXPECT_STATUS(project_.UpdateAttribute({.id = age, .name = "age", .type = AttributeType::kText}),
                Code_::kFailedPrecondition, "case \"P4\" holds a number value");
  EXPECT_OK(project_.SetCaseAttribute(p4_, age, std::nullopt));
  EXPECT_EQ(project_.CaseAttribute(p4_, age), nullptr);
  EXPECT_EQ(ParseAttributeValue(AttributeType::kDate, "2024-02-30").status().code(),
            Code_::kInvalidArgument);
  EXPECT_EQ(ParseAttributeValue(AttributeType::kDate, "2024-02-29")->ToString(), "2024-02-29");
}

TEST_F(ProjectTest, ThemesNestAndRefuseCycles) {
  ASSERT_OK_AND_ASSIGN(std::string bridge, project_.AddTheme({.name = "The bridge"}));
  ASSERT_OK_AND_ASSIGN(std::string functions, project_.AddTheme({.name = "Functions", .parent_id = bridge,
                                                                 .code_ids = {advocacy_}}));
  ASSERT_OK_AND_ASSIGN(std::string leaf, project_.AddTheme({.name = "Advocacy", .parent_id = functions,
                                                            .code_ids = {advocacy_, trust_}}));
  EXPECT_EQ(project_.ThemeDepth(leaf), 2);
  EXPECT_THAT(project_.ThemeDescendants(bridge), ElementsAre(functions, leaf));
  EXPECT_THAT(project_.ThemeCodeIds(bridge), ElementsAre(advocacy_, trust_));
  Theme moved = *project_.FindTheme(bridge);
  moved.parent_id = leaf;
  EXPECT_STATUS(project_.UpdateTheme(moved), Code_::kFailedPrecondition,
                "cannot place theme \"The bridge\" under \"Advocacy\"");
  EXPECT_STATUS(project_.AddTheme({.name = "Functions", .parent_id = bridge}), Code_::kAlreadyExists,
                "a theme named \"Functions\" already exists under \"The bridge\"");
  EXPECT_STATUS(project_.RemoveTheme(bridge), Code_::kFailedPrecondition, "has 2 sub-themes");
  ASSERT_OK(project_.AddRelation({.source_id = functions, .target_id = bridge, .label = "function of"}));
  ASSERT_OK_AND_ASSIGN(RemovalReport report, project_.RemoveTheme(bridge, /*cascade=*/true));
  EXPECT_EQ(report.themes.size(), 3u);
  EXPECT_EQ(report.relations.size(), 1u);
  EXPECT_THAT(project_.themes(), IsEmpty());
}

TEST_F(ProjectTest, RelationsConnectThemesOrCodesOnly) {
  EXPECT_STATUS(project_.AddRelation({.source_id = doc_, .target_id = trust_, .label = "x"}),
                Code_::kInvalidArgument, "is a document");
  EXPECT_STATUS(project_.AddRelation({.source_id = trust_, .target_id = "", .label = "x"}),
                Code_::kInvalidArgument, "(empty id) is unknown");
}

TEST_F(ProjectTest, IdsAreGuidsAndUniqueAcrossKinds) {
  EXPECT_TRUE(IsCanonicalGuid(doc_));
  EXPECT_STATUS(project_.AddCoder({.id = doc_, .name = "Bo"}), Code_::kAlreadyExists,
                "is already used by a document");
  EXPECT_STATUS(project_.AddCoder({.id = "not-a-guid", .name = "Bo"}), Code_::kInvalidArgument,
                "not a lower-case GUID");
  EXPECT_EQ(NormalizeGuid("{1F0D5C2E-3B7A-4C51-9D0E-8A2B6F4C7D10}").value(),
            "1f0d5c2e-3b7a-4c51-9d0e-8a2b6f4c7d10");
  EXPECT_EQ(project_.KindOf(trust_), ObjectKind::kCode);
}

TEST_F(ProjectTest, UpdatingTextKeepsExcerptsInRange) {
  ASSERT_OK(project_.AddExcerpt({.document_id = doc_, .span = {10, 19}, .code_ids = {trust_}}));
  Document shorter = *project_.FindDocument(doc_);
  shorter.text = "short";
  EXPECT_STATUS(project_.UpdateDocument(shorter), Code_::kFailedPrecondition,
                "has 5 code points; excerpt");
  EXPECT_EQ(project_.DocumentLength(doc_).value(), 20);
}

TEST(ProjectReproducibilityTest, SeedAndFixedClockGiveIdenticalProjects) {
  auto build = [] {
    Project p("Same");
    thematica::internal::ProjectAccess::SetIdSeed(p, 3);
    thematica::internal::ProjectAccess::SetFixedClock(p, absl::FromUnixSeconds(1700000000));
    (void)p.AddCoder({.name = "Ana"});
    (void)p.AddCode({.name = "A"});
    return p;
  };
  Project a = build(), b = build();
  EXPECT_EQ(a.id(), b.id());
  EXPECT_EQ(a.info().created, b.info().created);
  EXPECT_EQ(a.codebook().codes()[0].id, b.codebook().codes()[0].id);
  EXPECT_EQ(a.codebook().codes()[0].created, absl::FromUnixSeconds(1700000000));
}

}  // namespace
}  // namespace thematica
