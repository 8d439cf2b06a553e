#include "thematica/report.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace thematica {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    role_ = p_.AddAttribute({.name = "role"}).value();
    p13_ = p_.AddCase({.name = "P13", .attributes = {{role_, AttributeValue("peer worker")}}}).value();
    p2_ = p_.AddCase({.name = "P2"}).value();  // No role.
    d1_ = p_.AddDocument({.name = "P13", .text = "I said <b>&amp\n\"quoted\" … ok", .case_id = p13_}).value();
    d2_ = p_.AddDocument({.name = "P2", .text = "be my voice", .case_id = p2_}).value();
    d3_ = p_.AddDocument({.name = "anon", .text = "nobody's words"}).value();
    shared_ = p_.AddCode({.name = "Shared*code_"}).value();
    other_ = p_.AddCode({.name = "Other"}).value();
    ASSERT_OK(p_.AddExcerpt({.document_id = d1_, .span = {0, 28}, .code_ids = {shared_}}));
    ASSERT_OK(p_.AddExcerpt({.document_id = d2_, .span = {0, 11}, .code_ids = {other_}}));
    ASSERT_OK(p_.AddExcerpt({.document_id = d3_, .span = {0, 6}, .code_ids = {other_}}));
    core_ = p_.AddTheme({.name = "Core <bridge>", .code_ids = {shared_}}).value();
    a_ = p_.AddTheme({.name = "A", .parent_id = core_, .code_ids = {shared_, other_}}).value();
    b_ = p_.AddTheme({.name = "B", .parent_id = a_}).value();
    c_ = p_.AddTheme({.name = "C deep", .parent_id = b_}).value();
    empty_ = p_.AddTheme({.name = "Empty"}).value();
    ASSERT_OK(p_.AddRelation({.source_id = a_, .target_id = core_, .label = "function \"of\""}));
    ASSERT_OK(p_.AddRelation({.source_id = empty_, .target_id = core_, .label = "restores"}));
  }
  Project p_{"Study & <test>"};
  std::string role_, p13_, p2_, d1_, d2_, d3_, shared_, other_, core_, a_, b_, c_, empty_;
};

TEST_F(ReportTest, HtmlEscapesQuotesAndKeepsTypography) {
  const std::string html = ThemeReport(p_, {.format = ReportFormat::kHtml});
  EXPECT_THAT(html, HasSubstr("<title>Study &amp; &lt;test&gt; — themes</title>"));
  EXPECT_THAT(html, HasSubstr("“I said &lt;b&gt;&amp;amp<br>\n&quot;quoted&quot; … ok” "
                              "<span class=\"who\">(P13, peer worker)</span>"));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, HasSubstr("<h2>Core &lt;bridge&gt;</h2>"));
  EXPECT_THAT(html, HasSubstr("<h5>C deep</h5>"));  // Depth 3 → h5.
  EXPECT_THAT(html, HasSubstr("(P2)"));              // A case without a role.
  EXPECT_THAT(html, HasSubstr("(unattributed)"));    // A document without a case.
  EXPECT_THAT(html, HasSubstr("<h2>Empty</h2>"));
}

TEST_F(ReportTest, MarkdownEscapesAndCountsParticipants) {
  const std::string md = ThemeReport(p_);
  EXPECT_THAT(md, HasSubstr("## Core \\<bridge\\>"));
  EXPECT_THAT(md, HasSubstr("> “I said \\<b\\>&amp  \n> \"quoted\" … ok” (P13, peer worker)"));
  // A holds both codes: three excerpts, two participants (one without a role).
  EXPECT_THAT(md, HasSubstr("*2 participants (1 no value, 1 peer worker), 3 excerpts*"));
  EXPECT_THAT(md, HasSubstr("Codes: Shared\\*code\\_, Other"));
  EXPECT_THAT(md, HasSubstr("*0 participants (none), 0 excerpts*"));  // The empty theme.
}

TEST_F(ReportTest, MapHasClustersRelationsAndTheCore) {
  const std::string dot = ThematicMapDot(p_, {.show_codes = true});
  EXPECT_THAT(dot, HasSubstr("subgraph cluster_0"));  // Core holds A, which holds B, which holds C.
  EXPECT_THAT(dot, HasSubstr("t1 -> t0 [label=\"function \\\"of\\\"\", dir=forward]"));
  // The core (most relations) is emphasised.
  EXPECT_THAT(dot, HasSubstr("t0 [label=\"Core <bridge>\\n3 excerpts · 2 participants\""));
  EXPECT_THAT(dot, HasSubstr("penwidth=3"));
  EXPECT_THAT(dot, HasSubstr("shape=note"));
  ASSERT_OK_AND_ASSIGN(std::string svg, RenderDot(dot, "svg"));
  EXPECT_THAT(svg, HasSubstr("<svg"));
  EXPECT_THAT(svg, HasSubstr("Core &lt;bridge&gt;"));
}

TEST_F(ReportTest, MissingGraphvizIsAClearError) {
  setenv("THEMATICA_DOT", "/nonexistent/dot", 1);
  EXPECT_STATUS(RenderDot("digraph{}", "svg"), absl::StatusCode::kFailedPrecondition, "install graphviz");
  unsetenv("THEMATICA_DOT");
}

TEST_F(ReportTest, CodebookDocument) {
  ASSERT_OK(p_.UpdateCode({.id = other_, .name = "Other", .description = "says \"x\", then y",
                           .example = "line1\nline2"}));
  const std::string csv = CodebookDocument(p_, ReportFormat::kCsv);
  EXPECT_THAT(csv, HasSubstr("Other,Other,,\"says \"\"x\"\", then y\",,,\"line1\nline2\",,true,2,2,1\r\n"));
  const std::string md = CodebookDocument(p_, ReportFormat::kMarkdown);
  EXPECT_THAT(md, HasSubstr("## Shared\\*code\\_"));
  EXPECT_THAT(md, HasSubstr("- **Definition:** says \"x\", then y"));
  const std::string html = CodebookDocument(p_, ReportFormat::kHtml);
  EXPECT_THAT(html, HasSubstr("<dt>Definition</dt><dd>says &quot;x&quot;, then y</dd>"));
}

}  // namespace
}  // namespace thematica
