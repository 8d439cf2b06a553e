#include "thematica/report.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "internal/report_parts.h"
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
  const std::string html = ThemeReport(p_, {.attribute = "role", .format = ReportFormat::kHtml});
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
  const std::string md = ThemeReport(p_, {.attribute = "role"});
  EXPECT_THAT(md, HasSubstr("## Core \\<bridge>"));
  EXPECT_THAT(md, HasSubstr("> “I said \\<b>&amp  \n> \"quoted\" … ok” (P13, peer worker)"));
  // A holds both codes: three excerpts, two participants (one without a role).
  EXPECT_THAT(md, HasSubstr("*2 participants (1 no value, 1 peer worker), 3 excerpts*"));
  EXPECT_THAT(md, HasSubstr("Codes: Shared*code_, Other"));
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
  EXPECT_THAT(md, HasSubstr("## Shared*code_"));
  EXPECT_THAT(md, HasSubstr("- **Definition:** says \"x\", then y"));
  const std::string html = CodebookDocument(p_, ReportFormat::kHtml);
  EXPECT_THAT(html, HasSubstr("<dt>Definition</dt><dd>says &quot;x&quot;, then y</dd>"));
}


TEST_F(ReportTest, ResultsSectionQuotesOnceWithPluralsMemosAndSummary) {
  ASSERT_OK(p_.AddMemo({.title = "Why", .text = "Because.", .target_id = a_}).status());
  ASSERT_OK(p_.AddMemo({.title = "Scope", .text = "Narrow.", .target_id = other_}).status());
  auto occurrences = [](const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  // Core and A both hold the shared code: its quote appears once, unless asked.
  const std::string md = ThemeReport(p_, {.attribute = "role"});
  EXPECT_EQ(occurrences(md, "I said"), 1);
  EXPECT_EQ(occurrences(ThemeReport(p_, {.attribute = "role", .repeat_quotes = true}), "I said"), 2);
  // One quote for A: the one that brings a participant in (P2), not the unattributed one.
  const std::string one = ThemeReport(p_, {.attribute = "role", .max_quotes = 1});
  EXPECT_THAT(one, HasSubstr("> “be my voice” (P2)"));
  EXPECT_THAT(one, Not(HasSubstr("(unattributed)")));
  EXPECT_THAT(md, HasSubstr("**Memo: Why.** Because."));
  EXPECT_THAT(md, HasSubstr("**Memo: Scope (code Other).** Narrow."));
  EXPECT_THAT(md, HasSubstr("| Theme | peer worker (n=1) | no value (n=1) | Participants | Excerpts |"));
  EXPECT_THAT(md, HasSubstr("| – A | 1 | 1 | 2 | 3 |"));
  EXPECT_THAT(md, HasSubstr("| peer worker | 1 of 1 | 1 |"));
  EXPECT_THAT(ThemeReport(p_, {.attribute = "role", .map_image = "map.png"}), HasSubstr("![Figure 1. Thematic map of Study & \\<test>."));
  EXPECT_EQ(internal::CountOf(1, "excerpt"), "1 excerpt");
  EXPECT_EQ(internal::CountOf(2, "patient"), "2 patients");
  const std::string codebook = CodebookDocument(p_, ReportFormat::kMarkdown);
  EXPECT_THAT(codebook, HasSubstr("- **Memo: Scope:** Narrow."));
}

TEST(MarkdownTextTest, EscapesOnlyWhatMarkdownWouldMisread) {
  EXPECT_EQ(internal::MarkdownText("a*b c_d [x] 3 < 4 <i> café 😀"), "a*b c_d [x] 3 < 4 \\<i> café 😀");
  EXPECT_EQ(internal::MarkdownText("*both* and __these__"), "\\*both\\* and \\_\\_these\\_\\_");
  EXPECT_EQ(internal::MarkdownText("# not a heading\n- nor a list"), "\\# not a heading\n\\- nor a list");
  EXPECT_EQ(internal::MarkdownText("[a](b)"), "\\[a\\](b)");
}

TEST(MapStyleTest, TextContrastOnEveryFill) {
  EXPECT_NEAR(internal::ContrastRatio("#000000", "#ffffff"), 21.0, 1e-9);
  EXPECT_NEAR(internal::ContrastRatio("#1f77b4", "#ffffff"), 4.82, 0.01);  // WCAG formula, by hand.
}


TEST_F(ReportTest, MapDropsPartOfArrowsAndTiesSubthemes) {
  ASSERT_OK(p_.AddRelation({.source_id = b_, .target_id = a_, .label = "part of"}));
  const std::string dot = ThematicMapDot(p_, {.wrap = 8});
  EXPECT_THAT(dot, HasSubstr("t2 -> t1 [label=\"part of\", dir=forward, style=invis, constraint=false]"));
  EXPECT_THAT(dot, HasSubstr("t0->t1 [style=invis]"));  // A tied to Core, B to A, C to B.
  EXPECT_THAT(dot, HasSubstr("t1->t2 [style=invis]"));
  EXPECT_THAT(dot, HasSubstr("t2->t3 [style=invis]"));
  EXPECT_THAT(dot, HasSubstr("label=\"Core\\n<bridge>\\n3 excerpts"));  // Wrapped at 8.
  EXPECT_THAT(dot, HasSubstr("label=\"Empty\\n0 excerpts · 0 participants\""));
  EXPECT_THAT(dot, HasSubstr("style=\"rounded,filled,dashed\""));  // Sub-themes.
  ASSERT_OK(p_.UpdateTheme({.id = empty_, .name = "Empty", .color = "#1f77b4"}));
  EXPECT_THAT(ThematicMapDot(p_), HasSubstr("fillcolor=\"#1f77b4\", style=\"rounded,filled\", fontcolor=\"#ffffff\""));
  ASSERT_OK_AND_ASSIGN(std::string pdf, RenderDot(dot, "pdf"));
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_STATUS(RenderDot(dot, "svg", "dot; rm"), absl::StatusCode::kInvalidArgument, "layout engine");
  const std::string svg = ScalableSvg(RenderDot(dot, "svg").value());
  EXPECT_THAT(svg, HasSubstr("width=\"100%\""));
  EXPECT_THAT(svg, Not(HasSubstr("pt\"")));
}

}  // namespace
}  // namespace thematica
