// The incrementally maintained analysis index against a freshly built one
// (and the analysis answers against Project's own scans and a brute-force
// count): thousands of random edits — excerpts added, changed and removed
// over overlapping and nested ranges with one to three codes, undo and redo,
// grouped steps, suggestions accepted and runs removed with their excerpts,
// and now and then a structure change (codes merged or removed, speaker
// turns, case attributes) — and after every batch every answer must be
// exactly equal.
#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "internal/analysis_index.h"
#include "test_util.h"
#include "internal/project_loader.h"
#include "thematica/ai.h"
#include "thematica/analysis.h"
#include "thematica/project.h"

namespace thematica {
namespace {

using internal::AnalysisIndex;

// What an index holds, independent of slot numbers: per document the
// codings in order, per code its postings as a sorted list, per excerpt its
// cases.
struct Contents {
  std::vector<std::vector<std::tuple<int64_t, int64_t, int32_t>>> document_order;
  std::vector<std::vector<std::tuple<int64_t, int64_t, int32_t, std::string>>> document_codings;
  std::vector<std::vector<std::tuple<std::string, int32_t, int32_t, int64_t, int64_t>>> postings;
  std::vector<std::pair<std::string, std::vector<int32_t>>> excerpt_cases;
  size_t size = 0;
  bool operator==(const Contents&) const = default;
};

Contents ContentsOf(const AnalysisIndex& index) {
  Contents out;
  out.size = index.size();
  for (size_t d = 0; d < index.document_count(); ++d) {
    auto& order = out.document_order.emplace_back();
    auto& all = out.document_codings.emplace_back();
    for (uint32_t i : index.document_codings(static_cast<int32_t>(d))) {
      const internal::Coding& c = index.coding(i);
      order.emplace_back(c.start, c.end, c.code);
      all.emplace_back(c.start, c.end, c.code, index.excerpt_id(c.excerpt));
      EXPECT_EQ(c.document, static_cast<int32_t>(d));
    }
    std::sort(all.begin(), all.end());
  }
  const size_t codes = index.project().codebook().size();
  for (size_t code = 0; code < codes; ++code) {
    auto& list = out.postings.emplace_back();
    const auto& postings = index.postings(static_cast<int32_t>(code));
    EXPECT_EQ(postings.size(), index.posting_cases(static_cast<int32_t>(code)).size());
    for (size_t n = 0; n < postings.size(); ++n) {
      const internal::Coding& c = index.coding(postings[n]);
      EXPECT_EQ(c.code, static_cast<int32_t>(code));
      list.emplace_back(index.excerpt_id(c.excerpt), index.posting_cases(static_cast<int32_t>(code))[n],
                        c.document, c.start, c.end);
    }
    std::sort(list.begin(), list.end());
  }
  for (const Excerpt& e : index.project().excerpts()) {
    // Every excerpt is reachable through its first code's postings.
    const int32_t code = index.code_index(e.code_ids.front());
    for (uint32_t i : index.postings(code)) {
      const internal::Coding& c = index.coding(i);
      if (index.excerpt_id(c.excerpt) == e.id) {
        out.excerpt_cases.emplace_back(e.id, index.excerpt_cases(c.excerpt));
        break;
      }
    }
  }
  return out;
}

// Overlapping pairs of codings with different codes, by brute force.
std::vector<double> BruteForcePairs(const Project& p, const std::vector<std::string>& code_ids) {
  const size_t n = code_ids.size();
  std::vector<double> out(n * n, 0);
  struct Flat {
    std::string document;
    Span span;
    size_t row;
  };
  std::vector<Flat> flat;
  for (const Excerpt& e : p.excerpts()) {
    for (const std::string& c : e.code_ids) {
      const size_t row = std::find(code_ids.begin(), code_ids.end(), c) - code_ids.begin();
      flat.push_back({e.document_id, e.span, row});
      out[row * n + row] += 1;
    }
  }
  for (size_t i = 0; i < flat.size(); ++i) {
    for (size_t j = i + 1; j < flat.size(); ++j) {
      if (flat[i].document != flat[j].document || flat[i].row == flat[j].row) continue;
      if (flat[i].span.start < flat[j].span.end && flat[j].span.start < flat[i].span.end) {
        out[flat[i].row * n + flat[j].row] += 1;
        out[flat[j].row * n + flat[i].row] += 1;
      }
    }
  }
  return out;
}

void ExpectSameMatrix(const absl::StatusOr<CodeMatrix>& a, const absl::StatusOr<CodeMatrix>& b,
                      const std::string& what) {
  ASSERT_TRUE(a.ok() && b.ok()) << what;
  EXPECT_EQ(a->code_ids, b->code_ids) << what;
  EXPECT_EQ(a->values, b->values) << what;
}

void ExpectSameCrosstab(const absl::StatusOr<Crosstab>& a, const absl::StatusOr<Crosstab>& b,
                        const std::string& what) {
  ASSERT_TRUE(a.ok() && b.ok()) << what;
  EXPECT_EQ(a->code_ids, b->code_ids) << what;
  EXPECT_EQ(a->columns, b->columns) << what;
  EXPECT_EQ(a->counts, b->counts) << what;
  EXPECT_EQ(a->column_totals, b->column_totals) << what;
}

class RandomEdits {
 public:
  explicit RandomEdits(uint32_t seed) : rng_(seed) {
    thematica::internal::ProjectAccess::SetIdSeed(p_, seed);
    role_ = p_.AddAttribute({.name = "role"}).value();
    for (int k = 0; k < 5; ++k) {
      Case c{.name = "P" + std::to_string(k)};
      if (k < 4) c.attributes[role_] = AttributeValue(k % 2 == 0 ? "patient" : "nurse");
      cases_.push_back(p_.AddCase(std::move(c)).value());
    }
    const std::string words = "trust care wait nurse pain help home family doctor time ";
    for (int d = 0; d < 6; ++d) {
      std::string text;
      for (int w = 0; w < 12; ++w) text += words.substr((w * 7 + d * 13) % 50, 5);
      Document doc{.name = "D" + std::to_string(d), .text = text};
      if (d % 3 != 2) doc.case_id = cases_[d % 5];
      if (d % 2 == 1) {  // Interview: turns with cases, one without, two overlapping.
        doc.speaker_turns = {{.span = {0, 20}, .case_id = cases_[1]},
                             {.span = {15, 40}, .case_id = cases_[2]},
                             {.span = {40, 50}},
                             {.span = {50, 60}, .case_id = cases_[3]}};
      }
      documents_.push_back(p_.AddDocument(std::move(doc)).value());
    }
    for (int r = 0; r < 3; ++r) {
      const std::string root = p_.AddCode({.name = "R" + std::to_string(r)}).value();
      for (int c = 0; c < 2; ++c) {
        const std::string child =
            p_.AddCode({.name = "C" + std::to_string(c), .parent_id = root}).value();
        if (c == 0) p_.AddCode({.name = "G", .parent_id = child}).value();
      }
    }
  }

  Project& project() { return p_; }

  // One random edit; returns a short label for failure messages.
  std::string Step() {
    const int roll = Uniform(0, 999);
    const size_t excerpts = p_.excerpts().size();
    if (roll < 340 && excerpts < 250) return AddExcerpt();
    if (roll < 560 && excerpts > 0) return UpdateExcerpt();
    if (roll < 720 && excerpts > 0) return RemoveExcerpt();
    if (roll < 800) return (void)p_.Undo(), "undo";
    if (roll < 850) return (void)p_.Redo(), "redo";
    if (roll < 880) return Grouped();
    if (roll < 920) return Suggestions();
    if (roll < 935) return TurnsChange();
    if (roll < 950) return (void)p_.SetCaseAttribute(Pick(cases_), role_, AttributeValue("other")), "attribute";
    if (roll < 960) return CodeChange();
    if (roll < 965) return DocumentSwap();
    if (roll < 975) return (void)p_.SetHistoryEnabled(!p_.history_enabled()), "history toggle";
    return AddExcerpt();
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Uniform(0, static_cast<int>(v.size()) - 1))];
  }
  std::vector<std::string> CodableCodes() const {
    std::vector<std::string> out;
    for (const Code& c : p_.codebook().codes()) {
      if (c.codable) out.push_back(c.id);
    }
    return out;
  }
  Excerpt RandomExcerpt() {
    Excerpt e;
    e.document_id = Pick(p_.documents()).id;
    const int length = static_cast<int>(p_.DocumentLength(e.document_id).value());
    // Short and long ranges, often on shared boundaries, so they nest and overlap.
    const int start = Uniform(0, 5) * length / 8;
    e.span = {start, std::min(length, start + 1 + Uniform(0, 3) * Uniform(1, length / 4))};
    std::vector<std::string> codes = CodableCodes();
    std::shuffle(codes.begin(), codes.end(), rng_);
    codes.resize(std::min<size_t>(codes.size(), static_cast<size_t>(Uniform(1, 3))));
    e.code_ids = codes;
    return e;
  }
  std::string AddExcerpt() {
    EXPECT_OK(p_.AddExcerpt(RandomExcerpt()));
    return "add";
  }
  std::string UpdateExcerpt() {
    Excerpt e = Pick(p_.excerpts());
    Excerpt fresh = RandomExcerpt();
    switch (Uniform(0, 2)) {
      case 0:  // Codes only.
        e.code_ids = fresh.code_ids;
        break;
      case 1:  // Range, maybe another document.
        e.document_id = fresh.document_id;
        e.span = fresh.span;
        break;
      default:
        fresh.id = e.id;
        fresh.coder_id = e.coder_id;
        e = fresh;
    }
    EXPECT_OK(p_.UpdateExcerpt(e));
    return "update";
  }
  std::string RemoveExcerpt() {
    EXPECT_OK(p_.RemoveExcerpt(std::string(Pick(p_.excerpts()).id)));
    return "remove";
  }
  std::string Grouped() {
    Project::ChangeScope scope(p_, "batch");
    for (int i = Uniform(2, 6); i > 0; --i) {
      if (p_.excerpts().empty() || Uniform(0, 1) == 0) {
        AddExcerpt();
      } else if (Uniform(0, 1) == 0) {
        UpdateExcerpt();
      } else {
        RemoveExcerpt();
      }
    }
    return "grouped step";
  }
  std::string Suggestions() {
    if (!AiEnabled()) return AddExcerpt();
    if (p_.suggestion_runs().empty() || Uniform(0, 3) == 0) {
      if (!p_.suggestion_runs().empty() && Uniform(0, 1) == 0) {
        EXPECT_OK(p_.RemoveSuggestionRun(std::string(p_.suggestion_runs().front().id), true));
        return "remove run with its excerpts";
      }
      SuggestionRun run{.method = "learned", .unit = "sentence"};
      run.code_ids = CodableCodes();
      for (int i = 0; i < 6; ++i) {
        Excerpt e = RandomExcerpt();
        run.suggestions.push_back({.document_id = e.document_id, .span = e.span, .code_id = e.code_ids[0]});
      }
      EXPECT_OK(p_.AddSuggestionRun(std::move(run)));
      return "suggestion run";
    }
    const SuggestionRun& run = Pick(p_.suggestion_runs());
    for (const Suggestion& x : run.suggestions) {
      if (x.status != SuggestionStatus::kAccepted) {
        // The code may have gone since (merged or removed): then refused.
        (void)p_.AcceptSuggestion(std::string(run.id), std::string(x.id));
        return "accept suggestion";
      }
    }
    return "no suggestion left";
  }
  std::string TurnsChange() {
    Document d = Pick(p_.documents());
    const int64_t length = p_.DocumentLength(d.id).value();
    d.speaker_turns.clear();
    for (int64_t at = 0; at + 5 < length; at += Uniform(5, 30)) {
      d.speaker_turns.push_back({.span = {at, std::min(length, at + Uniform(5, 40))},
                                 .case_id = Uniform(0, 3) == 0 ? "" : Pick(cases_)});
    }
    EXPECT_OK(p_.UpdateDocument(d));
    return "speaker turns";
  }
  std::string CodeChange() {
    const std::vector<std::string> codes = CodableCodes();
    const int roll = Uniform(0, 2);
    if (roll == 0 && codes.size() > 4) {
      // A code without children into another (refused when it would nest wrongly).
      (void)p_.MergeCodes(Pick(codes), Pick(codes));
      return "merge codes";
    }
    if (roll == 1 && codes.size() > 4) {
      (void)p_.RemoveCode(Pick(codes), true);
      return "remove code (cascade)";
    }
    EXPECT_OK(p_.AddCode({.name = "N" + std::to_string(++added_codes_)}));
    return "add code";
  }
  std::string DocumentSwap() {
    if (p_.documents().size() > 3) EXPECT_OK(p_.RemoveDocument(std::string(Pick(p_.documents()).id)));
    EXPECT_OK(p_.AddDocument({.name = "New" + std::to_string(++added_documents_),
                              .text = "a new document about trust and waiting for care",
                              .case_id = Pick(cases_)}));
    return "remove and add document";
  }

  std::mt19937 rng_;
  Project p_;
  std::string role_;
  std::vector<std::string> cases_, documents_;
  int added_codes_ = 0, added_documents_ = 0;
};

void CompareAnswers(Analysis& live, const Project& p, const std::string& what) {
  Analysis fresh(p);
  for (Unit unit : {Unit::kExcerpts, Unit::kDocuments, Unit::kCases}) {
    for (Measure measure : {Measure::kCount, Measure::kJaccard, Measure::kC}) {
      ExpectSameMatrix(live.Cooccurrence(unit, measure), fresh.Cooccurrence(unit, measure), what);
    }
    for (bool descendants : {false, true}) {
      ExpectSameCrosstab(live.CrossTab("role", unit, descendants), fresh.CrossTab("role", unit, descendants),
                         what);
    }
  }
  std::vector<std::string> some;
  for (const Code& c : p.codebook().codes()) {
    if (some.size() < 3) some.push_back(c.id);
  }
  ExpectSameMatrix(live.Cooccurrence(Unit::kExcerpts, Measure::kJaccard, some),
                   fresh.Cooccurrence(Unit::kExcerpts, Measure::kJaccard, some), what);
  // Independent of the index: overlapping pairs by brute force.
  std::vector<std::string> all;
  for (const Code& c : p.codebook().codes()) all.push_back(c.id);
  EXPECT_EQ(live.Cooccurrence(Unit::kExcerpts, Measure::kCount)->values, BruteForcePairs(p, all)) << what;

  auto saturation = live.Saturation();
  auto saturation_fresh = fresh.Saturation();
  ASSERT_TRUE(saturation.ok() && saturation_fresh.ok());
  ASSERT_EQ(saturation->size(), saturation_fresh->size());
  for (size_t i = 0; i < saturation->size(); ++i) {
    EXPECT_EQ((*saturation)[i].document_id, (*saturation_fresh)[i].document_id) << what;
    EXPECT_EQ((*saturation)[i].new_code_ids, (*saturation_fresh)[i].new_code_ids) << what;
    EXPECT_EQ((*saturation)[i].cumulative, (*saturation_fresh)[i].cumulative) << what;
  }
  for (WordGroup group : {WordGroup::kCode, WordGroup::kCase}) {
    auto words = live.WordFrequencies(group);
    auto words_fresh = fresh.WordFrequencies(group);
    ASSERT_TRUE(words.ok() && words_fresh.ok());
    ASSERT_EQ(words->size(), words_fresh->size()) << what;
    for (size_t i = 0; i < words->size(); ++i) {
      EXPECT_EQ(std::tie((*words)[i].group_id, (*words)[i].word, (*words)[i].count),
                std::tie((*words_fresh)[i].group_id, (*words_fresh)[i].word, (*words_fresh)[i].count))
          << what;
    }
  }
  // Code retrieval and counts against Project's own scans.
  for (bool descendants : {false, true}) {
    for (const Code& c : p.codebook().codes()) {
      std::vector<std::string> expected;
      for (const Excerpt* e : p.Excerpts({.code_id = c.id, .include_descendants = descendants})) {
        expected.push_back(e->id);
      }
      ASSERT_OK_AND_ASSIGN(std::vector<std::string> got, live.CodedExcerpts(c.id, descendants));
      EXPECT_EQ(got, expected) << what;
    }
    const std::vector<CodeCount> counts = live.CodeCounts(descendants);
    const std::vector<CodeCount> expected = p.CodeCounts(descendants);
    ASSERT_EQ(counts.size(), expected.size());
    for (size_t i = 0; i < counts.size(); ++i) {
      EXPECT_EQ(std::tie(counts[i].code_id, counts[i].excerpts, counts[i].documents, counts[i].cases),
                std::tie(expected[i].code_id, expected[i].excerpts, expected[i].documents, expected[i].cases))
          << what;
    }
  }
}

TEST(IncrementalIndexTest, RandomEditsKeepTheIndexEqualToAFreshBuild) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    RandomEdits edits(seed);
    Project& p = edits.project();
    AnalysisIndex index(p);
    Analysis live(p);
    int incremental = 0, rebuilt = 0, edits_done = 0;
    std::mt19937 batch_rng(seed * 7919);
    while (edits_done < 1500) {
      std::string labels;
      for (int n = std::uniform_int_distribution<int>(1, 8)(batch_rng); n > 0; --n, ++edits_done) {
        labels += edits.Step() + "; ";
      }
      const std::string what = "seed " + std::to_string(seed) + " after " + std::to_string(edits_done) +
                               " edits, last batch: " + labels;
      (index.Update() ? rebuilt : incremental) += 1;
      EXPECT_EQ(index.revision(), p.revision());
      ASSERT_EQ(ContentsOf(index), ContentsOf(AnalysisIndex(p))) << what;
      if (edits_done % 3 == 0 || ::testing::Test::HasFailure()) CompareAnswers(live, p, what);
      ASSERT_FALSE(::testing::Test::HasFailure()) << what;
    }
    // Most batches must have gone the incremental way, or this tested little.
    EXPECT_GT(incremental, 3 * rebuilt) << "seed " << seed;
    EXPECT_GT(p.excerpts().size(), 20u);
  }
}

TEST(IncrementalIndexTest, JournalTellsExcerptChangesAndStructureApart) {
  Project p;
  const std::string doc = p.AddDocument({.name = "d", .text = "some text here"}).value();
  const std::string code = p.AddCode({.name = "A"}).value();
  const uint64_t structure = p.structure_revision();
  const uint64_t since = p.revision();
  ASSERT_OK_AND_ASSIGN(std::string e, p.AddExcerpt({.document_id = doc, .span = {0, 4}, .code_ids = {code}}));
  ASSERT_OK(p.RemoveExcerpt(e));
  ASSERT_OK(p.Undo());
  EXPECT_EQ(p.structure_revision(), structure);  // Excerpt edits only.
  std::vector<std::pair<ChangeOp, std::string>> seen;
  ASSERT_TRUE(p.ExcerptChangesSince(since, [&](const ExcerptChange& c) { seen.emplace_back(c.op, c.excerpt_id); }));
  EXPECT_EQ(seen, (std::vector<std::pair<ChangeOp, std::string>>{
                      {ChangeOp::kAdd, e}, {ChangeOp::kRemove, e}, {ChangeOp::kAdd, e}}));
  ASSERT_OK(p.AddCode({.name = "B"}));
  EXPECT_NE(p.structure_revision(), structure);
  const Project copy = p;  // A copy is another state: its stamp differs.
  EXPECT_NE(copy.structure_revision(), p.structure_revision());
}

TEST(IncrementalIndexTest, TheComparisonSeesAStaleIndex) {
  // The oracle comparison above would catch an index that missed an edit.
  Project p;
  const std::string doc = p.AddDocument({.name = "d", .text = "some text here"}).value();
  const std::string code = p.AddCode({.name = "A"}).value();
  ASSERT_OK_AND_ASSIGN(std::string e, p.AddExcerpt({.document_id = doc, .span = {0, 4}, .code_ids = {code}}));
  AnalysisIndex index(p);
  Excerpt x = *p.FindExcerpt(e);
  x.span = {2, 6};
  ASSERT_OK(p.UpdateExcerpt(x));
  EXPECT_NE(ContentsOf(index), ContentsOf(AnalysisIndex(p)));
  EXPECT_FALSE(index.Update());
  EXPECT_EQ(ContentsOf(index), ContentsOf(AnalysisIndex(p)));
}

TEST(IncrementalIndexTest, ATruncatedJournalMeansARebuild) {
  Project p;
  const std::string doc = p.AddDocument({.name = "d", .text = "some text here"}).value();
  const std::string code = p.AddCode({.name = "A"}).value();
  AnalysisIndex index(p);
  const uint64_t since = p.revision();
  ASSERT_OK_AND_ASSIGN(std::string e, p.AddExcerpt({.document_id = doc, .span = {0, 4}, .code_ids = {code}}));
  p.SetHistoryEnabled(false);  // The journal does not depend on the change log.
  for (size_t i = 0; i <= Project::kExcerptJournalLimit; ++i) {
    Excerpt x = *p.FindExcerpt(e);
    x.span.end = 4 + static_cast<int64_t>(i % 5);
    ASSERT_OK(p.UpdateExcerpt(x));
  }
  EXPECT_FALSE(p.ExcerptChangesSince(since, [](const ExcerptChange&) {}));
  EXPECT_TRUE(index.Update());  // Rebuilt...
  EXPECT_EQ(ContentsOf(index), ContentsOf(AnalysisIndex(p)));  // ...and right.
  ASSERT_OK(p.RemoveExcerpt(e));
  EXPECT_FALSE(index.Update());  // One change: applied.
  EXPECT_EQ(index.size(), 0u);
}

}  // namespace
}  // namespace thematica
