#include "internal/subprocess.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "thematica/report.h"

namespace thematica::internal {
namespace {

TEST(RunProcessTest, PassesArgumentsVerbatimWithoutAShell) {
  // A shell would expand these; the program must see them as written.
  auto r = RunProcess({"printf", "%s|", "$HOME", "a b", "'q'", "; echo x", "\xC3\xA9\xF0\x9F\x98\x80"}, "");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, "$HOME|a b|'q'|; echo x|\xC3\xA9\xF0\x9F\x98\x80|");
}

TEST(RunProcessTest, LargeInputAndOutputDoNotDeadlock) {
  // 8 MiB through cat: far more than a pipe's buffer in both directions.
  std::string input;
  for (int i = 0; input.size() < (8u << 20); ++i) input += "line " + std::to_string(i) + "\n";
  auto r = RunProcess({"cat"}, input);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, input);
}

TEST(RunProcessTest, ReportsExitCodeAndStandardError) {
  auto r = RunProcess({"sh", "-c", "echo oops >&2; exit 3"}, "");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->err, "oops\n");
}

TEST(RunProcessTest, ProgramThatStopsReadingGetsNoSignalToUs) {
  // head exits after one line; the rest of the input cannot be written.
  auto r = RunProcess({"head", "-n", "1"}, std::string(4u << 20, 'x') + "\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->exit_code, 0);
}

TEST(RunProcessTest, MissingProgramIsNotFound) {
  auto r = RunProcess({"/nonexistent/thematica-no-such-program"}, "x");
  EXPECT_TRUE(absl::IsNotFound(r.status())) << r.status();
  auto s = RunProcess({"thematica-no-such-program-on-path"}, "");
  EXPECT_TRUE(absl::IsNotFound(s.status())) << s.status();
}

TEST(RenderDotTest, MissingGraphvizIsFailedPrecondition) {
  setenv("THEMATICA_DOT", "/nonexistent/dot", 1);
  auto svg = RenderDot("digraph { a -> b }", "svg");
  unsetenv("THEMATICA_DOT");
  EXPECT_TRUE(absl::IsFailedPrecondition(svg.status())) << svg.status();
  EXPECT_THAT(std::string(svg.status().message()), testing::HasSubstr("not found"));
}

}  // namespace
}  // namespace thematica::internal
