// One rule set for edits and loads (src/internal/project_rules.h): for each
// rule, one invalid object. The edit that would add it is refused with the
// rule's code and edit wording, and a project holding it (built through
// internal::ProjectLoader, as loaders build) gets the rule's load problem from
// Validate() — both from the same rule.
#include "internal/project_rules.h"
#include "internal/project_loader.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "thematica/project.h"

namespace thematica {
namespace {

using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using SC = absl::StatusCode;

const std::string kAsa = "a0000000-0000-4000-8000-000000000001";
const std::string kRole = "a0000000-0000-4000-8000-000000000002";
const std::string kCase = "a0000000-0000-4000-8000-000000000003";
const std::string kDoc = "a0000000-0000-4000-8000-000000000004";
const std::string kTrust = "a0000000-0000-4000-8000-000000000005";
const std::string kFunctions = "a0000000-0000-4000-8000-000000000006";
const std::string kAdvocacy = "a0000000-0000-4000-8000-000000000007";
const std::string kTheme = "a0000000-0000-4000-8000-000000000008";
const std::string kRelation = "a0000000-0000-4000-8000-000000000009";
const std::string kMemo = "a0000000-0000-4000-8000-00000000000a";
const std::string kNew = "b0000000-0000-4000-8000-000000000001";      // The object under test.
const std::string kMissing = "c0000000-0000-4000-8000-000000000009";  // Names nothing.
// Two characters, four bytes … and an invalid byte at offset 3.
const std::string kBadUtf8 = "caf\xff";
const std::string kBadUtf8Why = "invalid UTF-8 at byte offset 3: byte 0xff cannot start a character";

// A valid project, every object non-ASCII-named: the document's text is
// "Kaffee für Å 😀" (14 code points).
Project Base() {
  Project p(ProjectOptions{.title = "Rëgeln", .id_seed = 11,
                           .fixed_clock = absl::FromUnixSeconds(1700000000)});
  EXPECT_OK(p.AddCoder({.id = kAsa, .name = "Åsa"}));
  EXPECT_OK(p.AddAttribute({.id = kRole, .name = "rôle"}));
  EXPECT_OK(p.AddCase({.id = kCase, .name = "Pärticipant 4", .attributes = {{kRole, AttributeValue("pair")}}}));
  EXPECT_OK(p.AddDocument({.id = kDoc, .name = "Intervjú", .text = "Kaffee f\xC3\xBCr \xC3\x85 \xF0\x9F\x98\x80",
                           .case_id = kCase}));
  EXPECT_OK(p.AddCode({.id = kTrust, .name = "Vertrauen"}));
  EXPECT_OK(p.AddCode({.id = kFunctions, .name = "Funktionen", .codable = false}));
  EXPECT_OK(p.AddCode({.id = kAdvocacy, .name = "Fürsprache", .parent_id = kFunctions}));
  EXPECT_OK(p.AddTheme({.id = kTheme, .name = "Thème", .code_ids = {kTrust}}));
  EXPECT_OK(p.AddRelation({.id = kRelation, .source_id = kTheme, .target_id = kTrust, .label = "zeigt"}));
  EXPECT_OK(p.AddMemo({.id = kMemo, .title = "Notiz", .target_id = kDoc}));
  return p;
}

absl::Status Add(Project& p, const Coder& x) { return p.AddCoder(x).status(); }
absl::Status Add(Project& p, const AttributeDefinition& x) { return p.AddAttribute(x).status(); }
absl::Status Add(Project& p, const Case& x) { return p.AddCase(x).status(); }
absl::Status Add(Project& p, const Document& x) { return p.AddDocument(x).status(); }
absl::Status Add(Project& p, const Code& x) { return p.AddCode(x).status(); }
absl::Status Add(Project& p, const Excerpt& x) { return p.AddExcerpt(x).status(); }
absl::Status Add(Project& p, const Theme& x) { return p.AddTheme(x).status(); }
absl::Status Add(Project& p, const Relation& x) { return p.AddRelation(x).status(); }
absl::Status Add(Project& p, const Memo& x) { return p.AddMemo(x).status(); }
absl::Status Add(Project& p, const ProjectInfo& x) { return p.SetInfo(x); }
absl::Status Update(Project& p, const Code& x) { return p.UpdateCode(x); }
absl::Status Update(Project& p, const Theme& x) { return p.UpdateTheme(x); }
// As loaders build: through internal::ProjectLoader, unchecked.
template <typename T>
void Insert(Project& p, const T& x) {
  internal::ProjectLoader load(std::move(p));
  load.Add(x);
  p = std::move(load).TakeUnchecked();
}
void Insert(Project& p, const ProjectInfo& x) {
  internal::ProjectLoader load(std::move(p));
  load.SetInfo(x);
  p = std::move(load).TakeUnchecked();
}

struct Row {
  std::string rule;
  std::function<absl::Status(Project&)> edit;
  std::function<void(Project&)> load;
  SC code;
  std::string edit_message;
  std::vector<std::string> load_problems;  // Empty: a rule only edits enforce.
};

// The edit adds `object`; the load inserts it.
template <typename T>
Row Added(std::string rule, T object, SC code, std::string edit, std::vector<std::string> load) {
  return {std::move(rule), [object](Project& p) { return Add(p, object); },
          [object](Project& p) { Insert(p, object); }, code, std::move(edit), std::move(load)};
}

// The edit adds `before`, then changes it into `object`; the load inserts `object`.
template <typename T>
Row Changed(std::string rule, T before, T object, SC code, std::string edit, std::vector<std::string> load) {
  return {std::move(rule),
          [before, object](Project& p) {
            EXPECT_OK(Add(p, before));
            return Update(p, object);
          },
          [object](Project& p) { Insert(p, object); }, code, std::move(edit), std::move(load)};
}

std::string N(absl::string_view rest) { return absl::StrCat(rest, kNew); }

std::vector<Row> ProjectAndCoderRows() {
  ProjectInfo no_guid = Base().info();
  no_guid.id = "Rëgeln";
  ProjectInfo creator = Base().info();
  creator.creator_id = kMissing;
  return {
      Added("project id", no_guid, SC::kInvalidArgument, "project id \"Rëgeln\" is not a lower-case GUID",
            // Stated once, listed twice: by the project's rules and by the id pass.
            {"project id \"Rëgeln\" is not a lower-case GUID", "project id \"Rëgeln\" is not a lower-case GUID"}),
      Added("project creator", creator, SC::kNotFound, absl::StrCat("coder ", kMissing, " not found"),
            {absl::StrCat("project: creator ", kMissing, " is not a coder")}),
      Added("id not a GUID", Coder{.id = "Bëa-1", .name = "Bëa"}, SC::kInvalidArgument,
            "id \"Bëa-1\" is not a lower-case GUID", {"coder id \"Bëa-1\" is not a lower-case GUID"}),
      Added("id used by another kind", Memo{.id = kCase, .title = "Nötiz"}, SC::kAlreadyExists,
            absl::StrCat("id ", kCase, " is already used by a case"),
            {absl::StrCat("memo id ", kCase, " is already used by a case")}),
      Added("string not UTF-8", Coder{.id = kNew, .name = kBadUtf8}, SC::kInvalidArgument,
            absl::StrCat("coder ", kNew, ": name is not valid UTF-8 (", kBadUtf8Why, ")"),
            {absl::StrCat("coder ", kNew, ": name is not valid UTF-8 (", kBadUtf8Why, ")")}),
      Added("time outside the file range",
            Coder{.id = kNew, .name = "Bëa", .created = absl::FromUnixSeconds(253402300800)}, SC::kInvalidArgument,
            N("coder ") + ": created time 10000-01-01T00:00:00+00:00 is outside years 1 to 9999",
            {N("coder ") + ": created time 10000-01-01T00:00:00+00:00 is outside years 1 to 9999"}),
      Added("coder name blank", Coder{.id = kNew, .name = " "}, SC::kInvalidArgument, "a coder needs a name",
            {N("coder ") + ": empty name"}),
      Added("coder name taken", Coder{.id = kNew, .name = "Åsa"}, SC::kAlreadyExists,
            "a coder named \"Åsa\" already exists", {N("coder ") + ": name \"Åsa\" used twice"}),
      Added("attribute name blank", AttributeDefinition{.id = kNew}, SC::kInvalidArgument,
            "an attribute needs a name", {N("attribute ") + ": empty name"}),
      Added("attribute name taken", AttributeDefinition{.id = kNew, .name = "rôle"}, SC::kAlreadyExists,
            "an attribute named \"rôle\" already exists", {N("attribute ") + ": name \"rôle\" used twice"}),
  };
}

std::vector<Row> CaseAndDocumentRows() {
  const std::string c = N("case ") + " (\"Pärticipant 5\"): ";
  const std::string d = N("document ") + " (\"Brïef\"): ";
  return {
      Added("case name blank", Case{.id = kNew, .name = ""}, SC::kInvalidArgument, "a case needs a name",
            {N("case ") + " (\"\"): empty name"}),
      Added("case name taken", Case{.id = kNew, .name = "Pärticipant 4"}, SC::kAlreadyExists,
            "a case named \"Pärticipant 4\" already exists", {N("case ") + " (\"Pärticipant 4\"): name used twice"}),
      Added("case creator", Case{.id = kNew, .name = "Pärticipant 5", .creator_id = kMissing}, SC::kNotFound,
            absl::StrCat("coder ", kMissing, " not found"), {c + "creator " + kMissing + " is not a coder"}),
      Added("case attribute unknown",
            Case{.id = kNew, .name = "Pärticipant 5", .attributes = {{kMissing, AttributeValue("x")}}},
            SC::kNotFound, absl::StrCat("attribute ", kMissing, " not found"),
            {c + "value for unknown attribute " + kMissing}),
      Added("case attribute type",
            Case{.id = kNew, .name = "Pärticipant 5", .attributes = {{kRole, AttributeValue(2.5)}}},
            SC::kInvalidArgument, "attribute \"rôle\" of case \"Pärticipant 5\" is text, not number (value \"2.5\")",
            {c + "attribute \"rôle\" is text but holds a number value"}),
      Added("document name blank", Document{.id = kNew, .name = "\t", .text = "x"}, SC::kInvalidArgument,
            "a document needs a name", {N("document ") + " (\"\t\"): empty name"}),
      Added("document name taken", Document{.id = kNew, .name = "Intervjú", .text = "x"}, SC::kAlreadyExists,
            "a document named \"Intervjú\" already exists", {N("document ") + " (\"Intervjú\"): name used twice"}),
      Added("document text", Document{.id = kNew, .name = "Brïef", .text = kBadUtf8}, SC::kInvalidArgument,
            absl::StrCat("text of document \"Brïef\": ", kBadUtf8Why), {d + "text: " + kBadUtf8Why}),
      Added("document case", Document{.id = kNew, .name = "Brïef", .text = "x", .case_id = kMissing},
            SC::kNotFound, absl::StrCat("case ", kMissing, " not found"), {d + "case " + kMissing + " not found"}),
      Added("document creator", Document{.id = kNew, .name = "Brïef", .text = "x", .creator_id = kMissing},
            SC::kNotFound, absl::StrCat("coder ", kMissing, " not found"),
            {d + "creator " + kMissing + " is not a coder"}),
      Added("speaker turn range",
            Document{.id = kNew, .name = "Brïef", .text = "Grüße", .speaker_turns = {{.span = {2, 9}}}},
            SC::kOutOfRange,
            "speaker turn [2, 9) of document \"Brïef\" is not a non-empty range within its 5 code points",
            {d + "speaker turn [2, 9) outside its 5 code points"}),
      Added("speaker turn case",
            Document{.id = kNew, .name = "Brïef", .text = "Grüße",
                     .speaker_turns = {{.span = {0, 5}, .case_id = kMissing}}},
            SC::kNotFound, absl::StrCat("case ", kMissing, " not found"),
            {d + "speaker turn names unknown case " + kMissing}),
  };
}

std::vector<Row> ExcerptRows() {
  const std::string e = N("excerpt ") + ": ";
  auto excerpt = [](Span span, std::vector<std::string> codes) {
    return Excerpt{.id = kNew, .document_id = kDoc, .span = span, .code_ids = std::move(codes)};
  };
  Excerpt no_document = excerpt({0, 1}, {kTrust});
  no_document.document_id = kMissing;
  Excerpt coder = excerpt({0, 1}, {kTrust});
  coder.coder_id = kMissing;
  Excerpt provenance = excerpt({0, 1}, {kTrust});
  provenance.provenance.coder_id = kMissing;
  const std::string missing_coder = absl::StrCat("coder ", kMissing, " not found");
  return {
      Added("excerpt document", no_document, SC::kNotFound, absl::StrCat("document ", kMissing, " not found"),
            {e + "document " + kMissing + " not found"}),
      Added("excerpt range", excerpt({13, 15}, {kTrust}), SC::kOutOfRange,
            "excerpt range [13, 15) is not a non-empty range of document \"Intervjú\" (14 code points)",
            {e + "range [13, 15) outside its document's 14 code points"}),
      Added("excerpt empty range", excerpt({4, 4}, {kTrust}), SC::kOutOfRange,
            "excerpt range [4, 4) is not a non-empty range of document \"Intervjú\" (14 code points)",
            {e + "range [4, 4) outside its document's 14 code points"}),
      Added("excerpt no codes", excerpt({0, 1}, {}), SC::kInvalidArgument, "an excerpt needs at least one code",
            {e + "no codes"}),
      Added("excerpt code unknown", excerpt({0, 1}, {kMissing}), SC::kNotFound,
            absl::StrCat("code ", kMissing, " not found"), {e + "code " + kMissing + " not found"}),
      Added("excerpt code not codable", excerpt({0, 1}, {kFunctions}), SC::kFailedPrecondition,
            "code \"Funktionen\" is not codable", {e + "code \"Funktionen\" is not codable"}),
      Added("excerpt code twice", excerpt({0, 1}, {kTrust, kAdvocacy, kTrust}), SC::kInvalidArgument,
            "code \"Vertrauen\" is given twice to one excerpt", {e + "code " + kTrust + " given twice"}),
      Added("excerpt coder", coder, SC::kNotFound, missing_coder, {e + "coder " + kMissing + " not found"}),
      Added("excerpt provenance coder", provenance, SC::kNotFound, missing_coder,
            {e + "provenance coder " + kMissing + " not found"}),
  };
}

std::vector<Row> ThemeRows() {
  const std::string t = N("theme ") + " (\"Nebenthème\"): ";
  const Theme plain{.id = kNew, .name = "Nebenthème"};
  Theme self_parent = plain;
  self_parent.parent_id = kNew;
  auto with = [&](auto&& change) {
    Theme x = plain;
    change(x);
    return x;
  };
  return {
      Added("theme name blank", Theme{.id = kNew, .name = " "}, SC::kInvalidArgument, "a theme needs a name",
            {N("theme ") + " (\" \"): empty name"}),
      Added("theme parent", with([](Theme& x) { x.parent_id = kMissing; }), SC::kNotFound,
            absl::StrCat("parent theme ", kMissing, " not found"), {t + "parent theme " + kMissing + " not found"}),
      Changed("theme cycle", plain, self_parent, SC::kFailedPrecondition,
              "cannot place theme \"Nebenthème\" under \"Nebenthème\": "
              "it is the theme itself or one of its sub-themes",
              {t + "its parents form a cycle"}),
      Added("theme name taken", Theme{.id = kNew, .name = "Thème"}, SC::kAlreadyExists,
            "a theme named \"Thème\" already exists at the top level",
            {N("theme ") + " (\"Thème\"): name repeated among siblings"}),
      Added("theme code unknown", with([](Theme& x) { x.code_ids = {kMissing}; }), SC::kNotFound,
            absl::StrCat("code ", kMissing, " not found"), {t + "code " + kMissing + " not found"}),
      Added("theme code twice", with([](Theme& x) { x.code_ids = {kTrust, kTrust}; }), SC::kInvalidArgument,
            "code \"Vertrauen\" is listed twice under theme \"Nebenthème\"", {t + "code " + kTrust + " listed twice"}),
      Added("theme colour", with([](Theme& x) { x.color = "röt"; }), SC::kInvalidArgument,
            "invalid colour \"röt\" (expected #RRGGBB or #RGB)", {t + "colour \"röt\" not in #rrggbb form"}),
      Added("theme creator", with([](Theme& x) { x.creator_id = kMissing; }), SC::kNotFound,
            absl::StrCat("coder ", kMissing, " not found"), {t + "creator " + kMissing + " is not a coder"}),
  };
}

std::vector<Row> RelationAndMemoRows() {
  const std::string r = N("relation ") + ": ";
  auto relation = [](std::string source, std::string target, std::string label) {
    return Relation{.id = kNew, .source_id = std::move(source), .target_id = std::move(target),
                    .label = std::move(label)};
  };
  Relation creator = relation(kTrust, kTheme, "stützt");
  creator.creator_id = kMissing;
  return {
      Added("relation end unknown", relation(kMissing, kTrust, "stützt"), SC::kInvalidArgument,
            absl::StrCat("a relation connects themes or codes; ", kMissing, " is unknown"),
            {r + "end " + kMissing + " is not a theme or code"}),
      Added("relation end of another kind", relation(kTrust, kDoc, "stützt"), SC::kInvalidArgument,
            absl::StrCat("a relation connects themes or codes; ", kDoc, " is a document"),
            {r + "end " + kDoc + " is not a theme or code"}),
      Added("relation creator", creator, SC::kNotFound, absl::StrCat("coder ", kMissing, " not found"),
            {r + "creator " + kMissing + " is not a coder"}),
      Added("relation ends equal (edits only)", relation(kTrust, kTrust, "stützt"), SC::kInvalidArgument,
            absl::StrCat("a relation needs two different ends; both are ", kTrust), {}),
      Added("relation label blank (edits only)", relation(kTrust, kTheme, " "), SC::kInvalidArgument,
            "a relation needs a label that says how its ends relate (e.g. \"function of\")", {}),
      Added("relation repeated (edits only)", relation(kTheme, kTrust, "zeigt"), SC::kAlreadyExists,
            absl::StrCat("the same relation \"zeigt\" between these ends exists already: ", kRelation), {}),
      Added("memo target", Memo{.id = kNew, .target_id = kMissing}, SC::kNotFound,
            absl::StrCat("memo target ", kMissing, " not found"), {N("memo ") + ": target " + kMissing + " not found"}),
      Added("memo author", Memo{.id = kNew, .author_id = kMissing}, SC::kNotFound,
            absl::StrCat("coder ", kMissing, " not found"), {N("memo ") + ": author " + kMissing + " is not a coder"}),
  };
}

std::vector<Row> CodeRows() {
  const std::string c = N("code ") + " (\"Neü\"): ";
  const Code plain{.id = kNew, .name = "Neü"};
  auto with = [&](auto&& change) {
    Code x = plain;
    change(x);
    return x;
  };
  return {
      Added("code name blank", Code{.id = kNew, .name = ""}, SC::kInvalidArgument, "a code needs a name",
            {N("code ") + " (\"\"): empty name"}),
      Added("code name with a slash (edits only)", Code{.id = kNew, .name = "Ä/B"}, SC::kInvalidArgument,
            "a code name cannot contain \"/\", which separates the levels of a code path: \"Ä/B\"", {}),
      Added("code name taken", Code{.id = kNew, .name = "Fürsprache", .parent_id = kFunctions},
            SC::kAlreadyExists, "a code named \"Fürsprache\" already exists under \"Funktionen\"",
            {N("code ") + " (\"Fürsprache\"): name repeated among siblings"}),
      Added("code parent", with([](Code& x) { x.parent_id = kMissing; }), SC::kNotFound,
            absl::StrCat("parent code ", kMissing, " not found"), {c + "parent " + kMissing + " not found"}),
      Changed("code cycle", plain, with([](Code& x) { x.parent_id = kNew; }), SC::kFailedPrecondition,
              "cannot move \"Neü\" under itself", {c + "its parents form a cycle"}),
      Added("code colour", with([](Code& x) { x.color = "röt"; }), SC::kInvalidArgument,
            "invalid colour \"röt\" (expected #RRGGBB or #RGB)",
            {c + "invalid colour \"röt\" (expected #RRGGBB or #RGB)"}),
      Added("code creator", with([](Code& x) { x.creator_id = kMissing; }), SC::kNotFound,
            absl::StrCat("coder ", kMissing, " not found"),
            {N("code ") + ": creator " + kMissing + " is not a coder"}),
  };
}

std::vector<Row> AllRows() {
  std::vector<Row> rows;
  for (auto part : {ProjectAndCoderRows, CaseAndDocumentRows, ExcerptRows, ThemeRows, RelationAndMemoRows,
                    CodeRows}) {
    for (Row& row : part()) rows.push_back(std::move(row));
  }
  return rows;
}

TEST(ProjectRulesTest, TheBaseProjectIsValid) { EXPECT_THAT(Base().Validate(), IsEmpty()); }

TEST(ProjectRulesTest, EachRuleRefusesTheEditAndIsReportedOnLoad) {
  for (const Row& row : AllRows()) {
    SCOPED_TRACE(row.rule);
    Project edited = Base();
    const absl::Status refused = row.edit(edited);
    EXPECT_EQ(refused.code(), row.code) << refused;
    EXPECT_EQ(refused.message(), row.edit_message);
    EXPECT_THAT(edited.Validate(), IsEmpty());  // The refusal changed nothing.
    Project loaded = Base();
    row.load(loaded);
    EXPECT_THAT(loaded.Validate(), ElementsAreArray(row.load_problems));
  }
}

// The edit path keeps the first violation; the load path lists all, in the
// order the rules state them.
TEST(ProjectRulesTest, EditsStopAtTheFirstViolationLoadsListAll) {
  const Project p = Base();
  const Case c{.id = kNew, .name = " ", .attributes = {{kMissing, AttributeValue("x")}}, .creator_id = kMissing};
  internal::FirstViolation first;
  internal::CaseRules(p, c, /*name_taken=*/true, first);
  EXPECT_EQ(first.status(), absl::InvalidArgumentError("a case needs a name"));
  std::vector<std::string> problems;
  internal::AllViolations all(problems);
  internal::CaseRules(p, c, /*name_taken=*/true, all);
  const std::string where = N("case ") + " (\" \"): ";
  EXPECT_THAT(problems, ::testing::ElementsAre(where + "empty name", where + "name used twice",
                                               where + "creator " + kMissing + " is not a coder",
                                               where + "value for unknown attribute " + kMissing));
}

}  // namespace
}  // namespace thematica
