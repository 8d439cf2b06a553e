// Partial results against the single-project answers: a generated corpus is
// split by document into parts (each its own Project with the same codebook),
// and aggregate + merge + finalize must give what Analysis, Search, Autocode
// and the agreement functions give on one project holding every document.
#include "internal/project_loader.h"
#include "thematica/partials.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "thematica/status_macros.h"
#include "thematica/v1/partials.pb.h"

namespace thematica::partials {
namespace {

constexpr int kDocuments = 40;
constexpr int kParts = 4;

const std::vector<std::string> kWords = {"trust", "Trust", "doctor", "café", "cafe", "naïve", "don’t",
                                         "wait", "bridge", "東京", "the", "and", "ÉCOLE"};

// Builds the same corpus into one project and into parts of it.
class PartialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    whole_ = std::make_unique<Project>();
    for (int k = 0; k < kParts; ++k) parts_.push_back(std::make_unique<Project>());
    for (Project* p : All()) Prepare(*p);
    std::mt19937 rng(17);
    for (int d = 0; d < kDocuments; ++d) {
      std::string text;
      const int words = static_cast<int>(rng() % 12);  // Some documents are empty of words... and short.
      for (int w = 0; w < words; ++w) {
        text += kWords[rng() % kWords.size()];
        text += (rng() % 5 == 0) ? ". " : " ";
      }
      if (text.empty()) text = "-";
      const int role = static_cast<int>(rng() % 4);  // 3: missing.
      std::vector<std::tuple<int64_t, int64_t, int, int>> codings;  // start, end, code, coder
      const int64_t length = static_cast<int64_t>(CodePoints(text));
      for (int e = 0, n = static_cast<int>(rng() % 4); e < n; ++e) {
        const int64_t a = static_cast<int64_t>(rng() % length), b = static_cast<int64_t>(rng() % length);
        if (a == b) continue;
        codings.emplace_back(std::min(a, b), std::max(a, b), static_cast<int>(rng() % 3), static_cast<int>(rng() % 2));
      }
      // Document d goes to part d * kParts / kDocuments: contiguous, in order.
      for (Project* p : {whole_.get(), parts_[d * kParts / kDocuments].get()}) {
        Add(*p, d, text, role, codings);
      }
    }
  }

  static size_t CodePoints(const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  }

  std::vector<Project*> All() {
    std::vector<Project*> out{whole_.get()};
    for (auto& p : parts_) out.push_back(p.get());
    return out;
  }

  void Prepare(Project& p) {
    thematica::internal::ProjectAccess::SetIdSeed(p, 1);
    ASSERT_OK(p.AddAttribute({.name = "role"}));
    ASSERT_OK(p.AddCoder({.name = "ana"}));
    ASSERT_OK(p.AddCoder({.name = "ben"}));
    ASSERT_OK_AND_ASSIGN(std::string parent, p.AddCode({.name = "Feelings"}));
    ASSERT_OK(p.AddCode({.name = "Trust", .parent_id = parent}));
    ASSERT_OK(p.AddCode({.name = "Doubt", .parent_id = parent}));
    ASSERT_OK(p.AddCode({.name = "Place"}));
  }

  void Add(Project& p, int d, const std::string& text, int role,
           const std::vector<std::tuple<int64_t, int64_t, int, int>>& codings) {
    static const char* kRoles[] = {"patient", "nurse", "Ärztin"};
    Case c{.name = "C" + std::to_string(d)};
    if (role < 3) c.attributes[p.FindAttributeByName("role")->id] = AttributeValue(kRoles[role]);
    ASSERT_OK_AND_ASSIGN(std::string case_id, p.AddCase(std::move(c)));
    ASSERT_OK_AND_ASSIGN(std::string doc, p.AddDocument({.name = "D" + std::to_string(d), .text = text,
                                                         .case_id = case_id}));
    for (const auto& [start, end, code, coder] : codings) {
      ASSERT_OK(p.AddExcerpt({.document_id = doc, .span = {start, end},
                              .code_ids = {p.codebook().codes()[1 + code].id},
                              .coder_id = p.coders()[coder].id}));
    }
  }

  std::string Path(const Project& p, const std::string& id) { return p.codebook().Path(id, "/"); }
  CoderSets Coders(const Project& p) { return {{p.coders()[0].id}, {p.coders()[1].id}}; }

  // Aggregates every part with `aggregate`, serialises each, parses and merges in `order`.
  template <typename F>
  Partial MergedParts(F&& aggregate, std::vector<int> order = {0, 1, 2, 3}) {
    std::vector<std::string> bytes;
    for (int k = 0; k < kParts; ++k) {
      absl::StatusOr<Partial> p = aggregate(*parts_[k], k);
      EXPECT_TRUE(p.ok()) << p.status();
      bytes.push_back(p->Serialize());
    }
    Partial total;
    for (int k : order) {
      absl::StatusOr<Partial> p = Partial::Parse(bytes[k]);
      EXPECT_TRUE(p.ok()) << p.status();
      EXPECT_OK(Merge(total, *p));
    }
    return total;
  }

  std::unique_ptr<Project> whole_;
  std::vector<std::unique_ptr<Project>> parts_;
};

TEST_F(PartialsTest, CooccurrenceEqualsTheSingleProject) {
  Partial merged = MergedParts([](const Project& p, int) { return AggregateCooccurrence(p); });
  Analysis analysis(*whole_);
  for (Unit unit : {Unit::kExcerpts, Unit::kDocuments, Unit::kCases}) {
    for (Measure measure : {Measure::kCount, Measure::kJaccard, Measure::kC}) {
      ASSERT_OK_AND_ASSIGN(CodeMatrix expected, analysis.Cooccurrence(unit, measure));
      ASSERT_OK_AND_ASSIGN(CodeMatrix got, FinalizeCooccurrence(merged, unit, measure));
      std::vector<std::string> paths;
      for (const std::string& id : expected.code_ids) paths.push_back(Path(*whole_, id));
      EXPECT_EQ(got.code_ids, paths);
      EXPECT_EQ(got.values, expected.values) << "unit " << static_cast<int>(unit) << " measure "
                                             << static_cast<int>(measure);
    }
  }
  // Something was counted, so the equality says something.
  ASSERT_OK_AND_ASSIGN(CodeMatrix count, FinalizeCooccurrence(merged, Unit::kExcerpts, Measure::kCount));
  EXPECT_GT(*std::max_element(count.values.begin(), count.values.end()), 0);
}

TEST_F(PartialsTest, CrosstabEqualsTheSingleProject) {
  for (bool descendants : {false, true}) {
    Partial merged = MergedParts([&](const Project& p, int) { return AggregateCrosstab(p, "role", descendants); });
    Analysis analysis(*whole_);
    for (Unit unit : {Unit::kExcerpts, Unit::kDocuments, Unit::kCases}) {
      ASSERT_OK_AND_ASSIGN(Crosstab expected, analysis.CrossTab("role", unit, descendants));
      ASSERT_OK_AND_ASSIGN(Crosstab got, FinalizeCrosstab(merged, unit));
      EXPECT_EQ(got.columns, expected.columns);
      EXPECT_EQ(got.counts, expected.counts);
      EXPECT_EQ(got.column_totals, expected.column_totals);
      EXPECT_EQ(got.code_ids.size(), expected.code_ids.size());
    }
  }
}

TEST_F(PartialsTest, WordFrequenciesEqualTheSingleProject) {
  const std::vector<std::pair<WordGroup, std::string>> groups = {
      {WordGroup::kProject, "project"}, {WordGroup::kDocument, "document"},
      {WordGroup::kCase, "case"}, {WordGroup::kCode, "code"}};
  for (const auto& [group, name] : groups) {
    // Parts merged back to front: the order of merging must not matter.
    Partial merged = MergedParts([&](const Project& p, int k) { return AggregateWords(p, group, {"the"}, k); },
                                 {3, 1, 0, 2});
    for (size_t top : {0, 2}) {
      Analysis analysis(*whole_);
      ASSERT_OK_AND_ASSIGN(std::vector<WordCount> expected, analysis.WordFrequencies(group, {"the"}, top));
      ASSERT_OK_AND_ASSIGN(std::vector<WordCount> got, FinalizeWords(merged, top));
      ASSERT_EQ(got.size(), expected.size()) << name;
      for (size_t i = 0; i < got.size(); ++i) {
        std::string label = expected[i].group_id;
        if (group == WordGroup::kDocument) label = whole_->FindDocument(label)->name;
        if (group == WordGroup::kCase) label = whole_->FindCase(label)->name;
        if (group == WordGroup::kCode) label = Path(*whole_, label);
        EXPECT_EQ(got[i].group_id, label) << name << " row " << i;
        EXPECT_EQ(got[i].word, expected[i].word) << name << " row " << i;
        EXPECT_EQ(got[i].count, expected[i].count) << name << " row " << i;
      }
    }
  }
}

TEST_F(PartialsTest, AgreementEqualsTheSingleProject) {
  for (DocumentScope scope : {DocumentScope::kAll, DocumentScope::kDoubleCoded}) {
    Partial merged = MergedParts([&](const Project& p, int) { return AggregateAgreement(p, Coders(p), {}, scope); });
    ASSERT_OK_AND_ASSIGN(PooledAgreement expected, PooledCharacterAgreement(*whole_, Coders(*whole_), {}, scope));
    ASSERT_OK_AND_ASSIGN(PooledAgreementTotals got, FinalizePooledAgreement(merged));
    EXPECT_EQ(got.covered_documents, static_cast<int64_t>(expected.document_ids.size()));
    EXPECT_EQ(got.pooled.characters, expected.characters);
    EXPECT_EQ(got.pooled.codes, expected.codes);
    EXPECT_EQ(got.pooled.both, expected.both);
    EXPECT_EQ(got.pooled.neither, expected.neither);
    EXPECT_EQ(got.pooled.percent, expected.percent);
    EXPECT_EQ(got.pooled.kappa, expected.kappa);
    EXPECT_EQ(got.pooled.alpha, expected.alpha);
    ASSERT_OK_AND_ASSIGN(std::vector<CharacterAgreementRow> rows,
                         CharacterAgreement(*whole_, Coders(*whole_), {}, scope));
    ASSERT_OK_AND_ASSIGN(std::vector<CharacterAgreementRow> got_rows, FinalizeCharacterAgreement(merged));
    std::vector<CharacterAgreementRow> pooled_rows;
    for (const auto& r : rows) {
      if (r.document_id.empty()) pooled_rows.push_back(r);
    }
    ASSERT_EQ(got_rows.size(), pooled_rows.size());
    for (size_t i = 0; i < got_rows.size(); ++i) {
      EXPECT_EQ(got_rows[i].code_id, Path(*whole_, pooled_rows[i].code_id));
      EXPECT_EQ(got_rows[i].both, pooled_rows[i].both);
      EXPECT_EQ(got_rows[i].only_a, pooled_rows[i].only_a);
      EXPECT_EQ(got_rows[i].neither, pooled_rows[i].neither);
      EXPECT_EQ(got_rows[i].percent, pooled_rows[i].percent);
      EXPECT_EQ(got_rows[i].kappa, pooled_rows[i].kappa);
    }
  }
}

TEST_F(PartialsTest, AutocodeAndSearchCountsEqualTheSingleProject) {
  const std::string trust = whole_->codebook().codes()[1].id;
  ASSERT_OK_AND_ASSIGN(AutocodeResult expected,
                       Autocode(*whole_, "trust", trust, AutocodeScope::kSentence));
  ASSERT_OK_AND_ASSIGN(std::vector<SearchHit> hits, Search(*whole_, "cafe", {.accent_sensitive = false}));
  Partial merged = MergedParts([&](Project& p, int) -> absl::StatusOr<Partial> {
    const std::string code = p.codebook().codes()[1].id;
    THEMATICA_ASSIGN_OR_RETURN(AutocodeResult r, Autocode(p, "trust", code, AutocodeScope::kSentence));
    THEMATICA_ASSIGN_OR_RETURN(Partial out, AggregateAutocode(p, code, r));
    THEMATICA_ASSIGN_OR_RETURN(Partial search, AggregateSearch(p, "cafe", 100, "cafe", {.accent_sensitive = false}));
    THEMATICA_RETURN_IF_ERROR(Merge(out, search));
    return out;
  });
  std::vector<HitCount> got = FinalizeHits(merged);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].label, "Feelings/Trust");
  EXPECT_EQ(got[0].excerpts, static_cast<int64_t>(expected.excerpt_ids.size()));
  EXPECT_EQ(got[0].already_coded, expected.already_coded);
  EXPECT_GT(got[0].excerpts, 0);
  EXPECT_EQ(got[1].label, "cafe");
  EXPECT_EQ(got[1].hits, static_cast<int64_t>(hits.size()));
  EXPECT_GT(got[1].hits, 0);
}

TEST_F(PartialsTest, MergeIsOrderAndShapeIndependent) {
  auto aggregate = [](const Project& p, int k) -> absl::StatusOr<Partial> {
    THEMATICA_ASSIGN_OR_RETURN(Partial out, AggregateCooccurrence(p));
    THEMATICA_ASSIGN_OR_RETURN(Partial x, AggregateCrosstab(p, "role"));
    THEMATICA_ASSIGN_OR_RETURN(Partial w, AggregateWords(p, WordGroup::kDocument, {}, k));
    THEMATICA_RETURN_IF_ERROR(Merge(out, x));
    THEMATICA_RETURN_IF_ERROR(Merge(out, w));
    return out;
  };
  const std::string left = MergedParts(aggregate, {0, 1, 2, 3}).Serialize();
  EXPECT_EQ(MergedParts(aggregate, {3, 2, 1, 0}).Serialize(), left);
  EXPECT_EQ(MergedParts(aggregate, {2, 0, 3, 1}).Serialize(), left);
  // A tree: (0+1) + (2+3).
  std::vector<Partial> p;
  for (int k = 0; k < kParts; ++k) p.push_back(aggregate(*parts_[k], k).value());
  ASSERT_OK(Merge(p[0], p[1]));
  ASSERT_OK(Merge(p[2], p[3]));
  ASSERT_OK(Merge(p[2], p[0]));
  EXPECT_EQ(p[2].Serialize(), left);
  // The empty partial is the identity.
  Partial empty;
  ASSERT_OK(Merge(empty, p[2]));
  EXPECT_EQ(empty.Serialize(), left);
}

TEST_F(PartialsTest, RoundTripsThroughBytes) {
  ASSERT_OK_AND_ASSIGN(Partial p, AggregateCooccurrence(*whole_));
  ASSERT_OK_AND_ASSIGN(Partial w, AggregateWords(*whole_, WordGroup::kCode));
  ASSERT_OK(Merge(p, w));
  const std::string bytes = p.Serialize();
  ASSERT_OK_AND_ASSIGN(Partial back, Partial::Parse(bytes));
  EXPECT_EQ(back.Serialize(), bytes);
  ASSERT_OK_AND_ASSIGN(CodeMatrix a, FinalizeCooccurrence(p, Unit::kCases, Measure::kC));
  ASSERT_OK_AND_ASSIGN(CodeMatrix b, FinalizeCooccurrence(back, Unit::kCases, Measure::kC));
  EXPECT_EQ(a.values, b.values);
}

TEST_F(PartialsTest, RefusesCorruptBytes) {
  EXPECT_STATUS(Partial::Parse("\xff\xff\xff garbage"), absl::StatusCode::kDataLoss, "not a valid");
  ASSERT_OK_AND_ASSIGN(Partial p, AggregateCooccurrence(*whole_));
  // A table whose size does not match its codes.
  Partial bad = p;
  bad.mutable_proto().mutable_cooccurrence()->mutable_cases()->mutable_pairs()->RemoveLast();
  EXPECT_STATUS(Partial::Parse(bad.Serialize()), absl::StatusCode::kDataLoss, "sizes");
  Partial future = p;
  future.mutable_proto().set_version(99);
  EXPECT_STATUS(Partial::Parse(future.Serialize()), absl::StatusCode::kDataLoss, "version 99");
  // Every truncation and many byte flips: parsed or refused, never a crash,
  // and what parses finalises.
  const std::string bytes = p.Serialize();
  for (size_t n = 0; n < bytes.size(); n += 7) {
    absl::StatusOr<Partial> cut = Partial::Parse(bytes.substr(0, n));
    if (!cut.ok()) EXPECT_EQ(cut.status().code(), absl::StatusCode::kDataLoss);
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 2000; ++i) {
    std::string flipped = bytes;
    flipped[rng() % flipped.size()] ^= static_cast<char>(1 + rng() % 255);
    absl::StatusOr<Partial> q = Partial::Parse(flipped);
    if (!q.ok()) {
      EXPECT_EQ(q.status().code(), absl::StatusCode::kDataLoss);
      continue;
    }
    if (q->proto().has_cooccurrence()) EXPECT_OK(FinalizeCooccurrence(*q, Unit::kExcerpts, Measure::kJaccard));
    Partial sum = *q;
    EXPECT_OK(Merge(sum, *q));
  }
}

TEST_F(PartialsTest, RefusesMergingDifferentQuestions) {
  ASSERT_OK_AND_ASSIGN(Partial a, AggregateWords(*whole_, WordGroup::kProject));
  ASSERT_OK_AND_ASSIGN(Partial b, AggregateWords(*whole_, WordGroup::kDocument));
  const std::string before = a.Serialize();
  EXPECT_STATUS(Merge(a, b), absl::StatusCode::kInvalidArgument, "by project and by document");
  EXPECT_EQ(a.Serialize(), before);
  EXPECT_STATUS(FinalizeCrosstab(a, Unit::kCases), absl::StatusCode::kFailedPrecondition, "no crosstab");
}

}  // namespace
}  // namespace thematica::partials
