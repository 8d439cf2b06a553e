// Suggestion runs, provenance, permissions and the AI off-switch.
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "internal/sha256.h"
#include "test_util.h"
#include "thematica/ai.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/search.h"

namespace thematica {
namespace {

struct Fixture {
  Project p{"AI"};
  std::string ana, doc, other, adv, trust;
  Fixture() {
    ana = p.AddCoder({.name = "Ana"}).value();
    doc = p.AddDocument({.name = "D1", .text = "I trust them. Café ☕ speaks for me."}).value();
    other = p.AddDocument({.name = "D2", .text = "Nothing here."}).value();
    adv = p.AddCode({.name = "Advocacy"}).value();
    trust = p.AddCode({.name = "Trust"}).value();
  }
  SuggestionRun Run() const {
    SuggestionRun r{.method = "learned", .unit = "sentence", .seed = 3, .code_ids = {adv, trust}};
    r.suggestions.push_back({.document_id = doc, .span = {0, 13}, .code_id = trust, .score = 0.9});
    r.suggestions.push_back({.document_id = doc, .span = {14, 35}, .code_id = adv, .score = 0.4});
    return r;
  }
};

TEST(SuggestionRunTest, AddRecordsDigestsAndKeepsSuggestionsApartFromExcerpts) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string id, f.p.AddSuggestionRun(f.Run()));
  const SuggestionRun* r = f.p.FindSuggestionRun(id);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(f.p.KindOf(id), ObjectKind::kSuggestionRun);
  EXPECT_TRUE(f.p.excerpts().empty());  // Suggestions are not codings.
  EXPECT_EQ(r->codebook_sha256, f.p.CodebookDigest());
  EXPECT_EQ(r->codebook_sha256.size(), 64u);
  ASSERT_EQ(r->documents.size(), 1u);  // Only the document its suggestions name.
  EXPECT_EQ(r->documents[0].sha256, internal::Sha256Hex(f.p.FindDocument(f.doc)->text));
  EXPECT_EQ(r->suggestions.size(), 2u);
  EXPECT_FALSE(r->suggestions[0].id.empty());
  EXPECT_NE(r->created, absl::InfinitePast());
  // A codebook edit changes the digest.
  const std::string before = f.p.CodebookDigest();
  ASSERT_OK(f.p.UpdateCode({.id = f.adv, .name = "Advocacy", .description = "new"}));
  EXPECT_NE(f.p.CodebookDigest(), before);
}

TEST(SuggestionRunTest, BadRunsAreRefusedAndChangeNothing) {
  Fixture f;
  const uint64_t revision = f.p.revision();
  SuggestionRun r = f.Run();
  r.suggestions[1].span = {30, 99};  // Past the end (35 code points).
  EXPECT_STATUS(f.p.AddSuggestionRun(r), absl::StatusCode::kInvalidArgument, "range");
  r = f.Run();
  r.suggestions[0].code_id = "00000000-0000-4000-8000-000000000001";
  EXPECT_STATUS(f.p.AddSuggestionRun(r), absl::StatusCode::kInvalidArgument, "not one of the run's codes");
  r = f.Run();
  r.suggestions[0].document_id = "00000000-0000-4000-8000-000000000002";
  EXPECT_STATUS(f.p.AddSuggestionRun(r), absl::StatusCode::kInvalidArgument, "not found");
  r = f.Run();
  r.method = "";
  EXPECT_STATUS(f.p.AddSuggestionRun(r), absl::StatusCode::kInvalidArgument, "no method");
  r = f.Run();
  r.started_by = "00000000-0000-4000-8000-000000000003";
  EXPECT_STATUS(f.p.AddSuggestionRun(r), absl::StatusCode::kInvalidArgument, "not a coder");
  EXPECT_EQ(f.p.revision(), revision);
  EXPECT_TRUE(f.p.suggestion_runs().empty());
}

TEST(SuggestionRunTest, AcceptMakesAnExcerptWithModelProvenance) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(f.Run()));
  const std::string s0 = f.p.FindSuggestionRun(run)->suggestions[0].id;
  const std::string s1 = f.p.FindSuggestionRun(run)->suggestions[1].id;
  ASSERT_OK_AND_ASSIGN(std::string e, f.p.AcceptSuggestion(run, s0, std::nullopt, f.ana));
  const Excerpt* x = f.p.FindExcerpt(e);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(f.p.ExcerptText(*x), "I trust them.");
  EXPECT_EQ(x->provenance.kind, ProvenanceKind::kModel);
  EXPECT_EQ(x->provenance.run_id, run);
  EXPECT_EQ(x->provenance.coder_id, f.ana);
  EXPECT_EQ(f.p.FindSuggestionRun(run)->suggestions[0].status, SuggestionStatus::kAccepted);
  EXPECT_EQ(f.p.FindSuggestionRun(run)->suggestions[0].excerpt_id, e);
  EXPECT_STATUS(f.p.AcceptSuggestion(run, s0), absl::StatusCode::kFailedPrecondition, "already accepted");
  // Edited range: code points, past the emoji.
  ASSERT_OK_AND_ASSIGN(std::string e2, f.p.AcceptSuggestion(run, s1, Span{14, 20}));
  EXPECT_EQ(f.p.ExcerptText(e2).value(), "Café ☕");
  EXPECT_EQ(f.p.Excerpts({.provenance = "model"}).size(), 2u);
  EXPECT_EQ(f.p.Excerpts({.run_id = run}).size(), 2u);
  EXPECT_EQ(f.p.Excerpts({.provenance = "human"}).size(), 0u);
}

TEST(SuggestionRunTest, RejectAndRemoveRunWithOrWithoutAcceptedExcerpts) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(f.Run()));
  const std::string s0 = f.p.FindSuggestionRun(run)->suggestions[0].id;
  const std::string s1 = f.p.FindSuggestionRun(run)->suggestions[1].id;
  ASSERT_OK_AND_ASSIGN(std::string e, f.p.AcceptSuggestion(run, s0));
  ASSERT_OK(f.p.RejectSuggestion(run, s1));
  EXPECT_EQ(f.p.FindSuggestionRun(run)->suggestions[1].status, SuggestionStatus::kRejected);
  EXPECT_STATUS(f.p.RejectSuggestion(run, s0), absl::StatusCode::kFailedPrecondition, "accepted");
  Project keep = f.p;
  ASSERT_OK_AND_ASSIGN(RemovalReport kept, keep.RemoveSuggestionRun(run));
  EXPECT_EQ(kept.suggestions, 2);
  EXPECT_NE(keep.FindExcerpt(e), nullptr);  // Stays, provenance still naming the run.
  EXPECT_EQ(keep.FindExcerpt(e)->provenance.run_id, run);
  EXPECT_TRUE(keep.Validate().empty());
  ASSERT_OK_AND_ASSIGN(RemovalReport gone, f.p.RemoveSuggestionRun(run, /*remove_accepted=*/true));
  EXPECT_EQ(gone.excerpts, std::vector<std::string>{e});
  EXPECT_EQ(f.p.FindExcerpt(e), nullptr);
  EXPECT_TRUE(f.p.suggestion_runs().empty());
}

TEST(SuggestionRunTest, RemovingCodesAndDocumentsCascadesToSuggestions) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(f.Run()));
  ASSERT_OK_AND_ASSIGN(RemovalReport r, f.p.RemoveCode(f.adv));
  EXPECT_EQ(r.suggestions, 1);
  EXPECT_EQ(f.p.FindSuggestionRun(run)->suggestions.size(), 1u);
  EXPECT_EQ(f.p.FindSuggestionRun(run)->code_ids, std::vector<std::string>{f.trust});
  EXPECT_TRUE(f.p.Validate().empty());
  ASSERT_OK_AND_ASSIGN(RemovalReport d, f.p.RemoveDocument(f.doc));
  EXPECT_EQ(d.suggestions, 1);
  EXPECT_TRUE(f.p.FindSuggestionRun(run)->suggestions.empty());
  EXPECT_TRUE(f.p.Validate().empty());
  // The coder who started a run cannot be removed while it exists.
  SuggestionRun other{.method = "llm", .started_by = f.ana};
  ASSERT_OK(f.p.AddSuggestionRun(other).status());
  EXPECT_STATUS(f.p.RemoveCoder(f.ana), absl::StatusCode::kFailedPrecondition, "suggestion runs");
}

TEST(SuggestionRunTest, MergingCodesMovesSuggestions) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(f.Run()));
  ASSERT_OK(f.p.MergeCodes(f.adv, f.trust));
  const SuggestionRun* r = f.p.FindSuggestionRun(run);
  EXPECT_EQ(r->code_ids, std::vector<std::string>{f.trust});
  for (const Suggestion& s : r->suggestions) EXPECT_EQ(s.code_id, f.trust);
  EXPECT_TRUE(f.p.Validate().empty());
}

TEST(SuggestionRunTest, RoundTripsThroughBothEncodings) {
  Fixture f;
  SuggestionRun r = f.Run();
  r.model = "m ✓";
  r.model_sha256 = std::string(64, 'a');
  r.parameters = {{"threshold", "0.5"}};
  r.endpoint = "http://127.0.0.1:1/v1";
  r.started_by = f.ana;
  r.metadata["k"] = "v";
  r.suggestions[0].rationale = "“quoted” ✓";
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(r));
  ASSERT_OK(f.p.AcceptSuggestion(run, f.p.FindSuggestionRun(run)->suggestions[0].id).status());
  ASSERT_OK(f.p.AddExcerpt({.document_id = f.other, .span = {0, 7}, .code_ids = {f.adv},
                            .provenance = {.kind = ProvenanceKind::kImport, .tool = "NVivo", .file = "x.qdpx"}})
                .status());
  for (NativeFormat format : {NativeFormat::kBinary, NativeFormat::kJson}) {
    const std::string bytes = SerializeProject(f.p, format);
    ASSERT_OK_AND_ASSIGN(Project back, ParseProject(bytes, format));
    EXPECT_EQ(SerializeProject(back, format), bytes);
    ASSERT_EQ(back.suggestion_runs().size(), 1u);
    const SuggestionRun& b = back.suggestion_runs()[0];
    EXPECT_EQ(b.model, "m ✓");
    EXPECT_EQ(b.seed, 3u);
    EXPECT_EQ(b.parameters.at("threshold"), "0.5");
    EXPECT_EQ(b.suggestions[0].rationale, "“quoted” ✓");
    EXPECT_EQ(b.suggestions[0].status, SuggestionStatus::kAccepted);
    EXPECT_DOUBLE_EQ(b.suggestions[1].score, 0.4);
    EXPECT_EQ(back.excerpts()[0].provenance.kind, ProvenanceKind::kModel);
    EXPECT_EQ(back.excerpts()[1].provenance.tool, "NVivo");
    EXPECT_EQ(back.excerpts()[1].provenance.file, "x.qdpx");
  }
}

TEST(SuggestionRunTest, LoadingChecksRunReferences) {
  Fixture f;
  ASSERT_OK(f.p.AddSuggestionRun(f.Run()).status());
  std::string json = SerializeProject(f.p, NativeFormat::kJson);
  const std::string key = "\"end\": \"35\"";
  const size_t at = json.find(key);
  ASSERT_NE(at, std::string::npos);
  json.replace(at, key.size(), "\"end\": \"36\"");
  EXPECT_STATUS(ParseProject(json, NativeFormat::kJson), absl::StatusCode::kInvalidArgument,
                "code points");
}

TEST(ProvenanceTest, AutocodeRecordsTheRuleAndScope) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(AutocodeResult r, Autocode(f.p, "trust", f.trust, AutocodeScope::kSentence, {}));
  ASSERT_EQ(r.excerpt_ids.size(), 1u);
  const Excerpt* e = f.p.FindExcerpt(r.excerpt_ids[0]);
  EXPECT_EQ(e->provenance.kind, ProvenanceKind::kRule);
  EXPECT_EQ(e->provenance.rule, "trust");
  EXPECT_EQ(e->provenance.scope, "sentence");
  EXPECT_EQ(f.p.Excerpts({.provenance = "rule"}).size(), 1u);
}

TEST(PermissionTest, SuggestOnlyClientsCannotTouchExcerpts) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string e, f.p.AddExcerpt({.document_id = f.doc, .span = {0, 1}, .code_ids = {f.adv}}));
  f.p.SetPermission(Permission::kSuggestOnly);
  const uint64_t revision = f.p.revision();
  EXPECT_STATUS(f.p.AddExcerpt({.document_id = f.doc, .span = {0, 2}, .code_ids = {f.adv}}),
                absl::StatusCode::kPermissionDenied, "suggest-only");
  Excerpt changed = *f.p.FindExcerpt(e);
  changed.span = {0, 3};
  EXPECT_STATUS(f.p.UpdateExcerpt(changed), absl::StatusCode::kPermissionDenied, "suggest-only");
  EXPECT_STATUS(f.p.RemoveExcerpt(e), absl::StatusCode::kPermissionDenied, "suggest-only");
  EXPECT_STATUS(f.p.RemoveCode(f.adv, true), absl::StatusCode::kPermissionDenied, "suggest-only");
  EXPECT_STATUS(f.p.RemoveDocument(f.doc), absl::StatusCode::kPermissionDenied, "suggest-only");
  EXPECT_EQ(f.p.revision(), revision);
  // It may add a run, but never accept from it.
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(f.Run()));
  EXPECT_STATUS(f.p.AcceptSuggestion(run, f.p.FindSuggestionRun(run)->suggestions[0].id),
                absl::StatusCode::kPermissionDenied, "suggest-only");
  EXPECT_STATUS(f.p.RemoveSuggestionRun(run, /*remove_accepted=*/true),
                absl::StatusCode::kPermissionDenied, "suggest-only");
  EXPECT_EQ(f.p.excerpts().size(), 1u);
  f.p.SetPermission(Permission::kReadOnly);
  EXPECT_STATUS(f.p.AddSuggestionRun(f.Run()), absl::StatusCode::kPermissionDenied, "read-only");
  EXPECT_STATUS(f.p.AddCoder({.name = "Ben"}), absl::StatusCode::kPermissionDenied, "read-only");
  f.p.SetPermission(Permission::kFull);
  EXPECT_OK(f.p.RemoveExcerpt(e).status());
}

TEST(AiSwitchTest, EnvironmentTurnsEverySuggestionCallOff) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(std::string run, f.p.AddSuggestionRun(f.Run()));
  ASSERT_EQ(setenv("THEMATICA_AI", "off", 1), 0);
  EXPECT_FALSE(AiEnabled());
  EXPECT_STATUS(f.p.AddSuggestionRun(f.Run()), absl::StatusCode::kFailedPrecondition,
                "disabled by the environment (THEMATICA_AI=off)");
  EXPECT_STATUS(f.p.AcceptSuggestion(run, f.p.FindSuggestionRun(run)->suggestions[0].id),
                absl::StatusCode::kFailedPrecondition, "THEMATICA_AI=off");
  EXPECT_EQ(f.p.suggestion_runs().size(), 1u);
  EXPECT_TRUE(f.p.excerpts().empty());
  ASSERT_EQ(unsetenv("THEMATICA_AI"), 0);
  EXPECT_EQ(AiEnabled(), AiBuiltIn());
  EXPECT_EQ(AiDisabledReason().empty(), AiBuiltIn());
}

}  // namespace
}  // namespace thematica
