// Coding queries on a project whose answers are worked out in the comments.
#include "thematica/query.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ana_ = p_.AddCoder({.name = "Ana"}).value();
    ben_ = p_.AddCoder({.name = "Ben"}).value();
    role_ = p_.AddAttribute({.name = "role"}).value();
    pat_ = p_.AddCase({.name = "P1", .attributes = {{role_, AttributeValue("patient")}}}).value();
    hcp_ = p_.AddCase({.name = "P2", .attributes = {{role_, AttributeValue("HCP")}}}).value();
    // 0123456789 then a newline at 10, then 11..20 ("abcdefghij"); é at 1.
    d1_ = p_.AddDocument({.name = "d1", .text = "0\xC3\xA9" "23456789\nabcdefghij", .case_id = pat_}).value();
    d2_ = p_.AddDocument({.name = "d2", .text = "0123456789", .case_id = hcp_}).value();
    parent_ = p_.AddCode({.name = "Parent"}).value();
    a_ = p_.AddCode({.name = "A", .parent_id = parent_}).value();
    b_ = p_.AddCode({.name = "B has spaces"}).value();
    c_ = p_.AddCode({.name = "C"}).value();
    Code(d1_, {0, 6}, a_, ana_);
    Code(d1_, {4, 9}, b_, ben_);
    Code(d1_, {13, 15}, c_, ana_);
    Code(d2_, {0, 2}, a_, ana_);
    Code(d2_, {2, 5}, b_, ana_);  // Touches A: no overlap.
  }
  void Code(const std::string& doc, Span span, const std::string& code, const std::string& coder) {
    ASSERT_OK(p_.AddExcerpt({.document_id = doc, .span = span, .code_ids = {code}, .coder_id = coder}));
  }
  std::vector<std::pair<std::string, Span>> Run(absl::string_view q, const QueryOptions& o = {}) {
    std::vector<std::pair<std::string, Span>> out;
    absl::StatusOr<std::vector<QueryHit>> hits = RunQuery(p_, q, o);
    EXPECT_OK(hits.status());
    if (!hits.ok()) return out;
    for (const QueryHit& h : *hits) out.push_back({p_.FindDocument(h.document_id)->name, h.span});
    return out;
  }
  using Hits = std::vector<std::pair<std::string, Span>>;
  Project p_;
  std::string ana_, ben_, role_, pat_, hcp_, d1_, d2_, parent_, a_, b_, c_;
};

TEST_F(QueryTest, BooleanOperators) {
  // d1: A [0,6) ∩ B [4,9) = [4,6); d2 touching → nothing.
  EXPECT_EQ(Run("A AND \"B has spaces\""), (Hits{{"d1", {4, 6}}}));
  EXPECT_EQ(Run("A OR \"B has spaces\""), (Hits{{"d1", {0, 9}}, {"d2", {0, 5}}}));
  EXPECT_EQ(Run("A NOT \"B has spaces\""), (Hits{{"d1", {0, 4}}, {"d2", {0, 2}}}));
  EXPECT_EQ(Run("A AND NOT \"B has spaces\""), Run("A NOT \"B has spaces\""));
  // AND binds tighter than OR: C OR (A AND B).
  EXPECT_EQ(Run("C OR A AND \"B has spaces\""), (Hits{{"d1", {4, 6}}, {"d1", {13, 15}}}));
  EXPECT_EQ(Run("(C OR A) AND \"B has spaces\""), (Hits{{"d1", {4, 6}}}));
  // NOT alone: everything not coded with the code.
  EXPECT_EQ(Run("NOT \"B has spaces\"", {.document_ids = {"d2"}}), (Hits{{"d2", {0, 2}}, {"d2", {5, 10}}}));
}

TEST_F(QueryTest, ProximityParagraphAndDescendants) {
  // B ends at 9, C starts at 13: 4 code points apart.
  EXPECT_TRUE(Run("\"B has spaces\" NEAR/3 C").empty());
  EXPECT_EQ(Run("\"B has spaces\" NEAR/4 C"), (Hits{{"d1", {4, 9}}, {"d1", {13, 15}}}));
  // The newline at 10 splits d1 into two paragraphs: B and C never share one.
  EXPECT_TRUE(Run("\"B has spaces\" SAMEPARA C").empty());
  EXPECT_EQ(Run("A SAMEPARA \"B has spaces\"", {.document_ids = {"d1"}}), (Hits{{"d1", {0, 9}}}));
  EXPECT_TRUE(Run("Parent").empty());
  EXPECT_EQ(Run("Parent", {.include_descendants = true}), (Hits{{"d1", {0, 6}}, {"d2", {0, 2}}}));
}

TEST_F(QueryTest, FiltersByCoderCaseAndAttribute) {
  EXPECT_EQ(Run("A OR \"B has spaces\"", {.coder_ids = {ana_}}), (Hits{{"d1", {0, 6}}, {"d2", {0, 5}}}));
  EXPECT_EQ(Run("A", {.attributes = {{"role", "HCP"}}}), (Hits{{"d2", {0, 2}}}));
  EXPECT_EQ(Run("A", {.case_ids = {pat_}}), (Hits{{"d1", {0, 6}}}));
  ASSERT_OK_AND_ASSIGN(auto hits, RunQuery(p_, "A", {.document_ids = {"d1"}, .context = 3}));
  EXPECT_EQ(hits[0].text, "0\xC3\xA9" "2345");
  EXPECT_EQ(hits[0].after, "678");
}

TEST_F(QueryTest, ErrorsSayWhere) {
  EXPECT_STATUS(RunQuery(p_, "A AND"), absl::StatusCode::kInvalidArgument, "a code or \"(\" expected");
  EXPECT_STATUS(RunQuery(p_, "(A OR C"), absl::StatusCode::kInvalidArgument, "\")\" expected");
  EXPECT_STATUS(RunQuery(p_, "A NEAR/x C"), absl::StatusCode::kInvalidArgument, "NEAR needs a distance");
  EXPECT_STATUS(RunQuery(p_, "Zed OR A"), absl::StatusCode::kNotFound, "no code \"Zed\" (position 0");
  EXPECT_STATUS(RunQuery(p_, "\"A"), absl::StatusCode::kInvalidArgument, "unclosed quote at position 0");
  EXPECT_STATUS(RunQuery(p_, ""), absl::StatusCode::kInvalidArgument, "empty");
}

TEST_F(QueryTest, ThemesStandForTheirCodesAndSubthemes) {
  ASSERT_OK_AND_ASSIGN(std::string top, p_.AddTheme({.name = "Top theme", .code_ids = {c_}}));
  ASSERT_OK(p_.AddTheme({.name = "Sub", .parent_id = top, .code_ids = {b_}}).status());
  // Top theme = C ∪ B: d1 [4,9) and [13,15), d2 [2,5).
  EXPECT_EQ(Run("\"Top theme\""), (Hits{{"d1", {4, 9}}, {"d1", {13, 15}}, {"d2", {2, 5}}}));
  EXPECT_EQ(Run("A AND Sub"), (Hits{{"d1", {4, 6}}}));
  absl::StatusOr<std::vector<QueryHit>> missing = RunQuery(p_, "Nothing", {});
  EXPECT_STATUS(missing, absl::StatusCode::kNotFound, "no code \"Nothing\" (position 0 of the query), and no theme");
}

}  // namespace
}  // namespace thematica
