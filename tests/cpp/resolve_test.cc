// The one rule for finding what a person typed (thematica/resolve.h): id,
// then path, then a name only one object has; ambiguity and misses explained.
#include "thematica/resolve.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace thematica {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class ResolveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    trust_ = p_.AddCode({.name = "Trust"}).value();
    staff_ = p_.AddCode({.name = "Staff"}).value();
    patients_ = p_.AddCode({.name = "Patients"}).value();
    staff_trust_ = p_.AddCode({.name = "Trust", .parent_id = staff_}).value();
    patient_trust_ = p_.AddCode({.name = "Trust", .parent_id = patients_}).value();
    advocacy_ = p_.AddCode({.name = "Advocacy"}).value();
    bridge_ = p_.AddTheme({.name = "The bridge"}).value();
    sub_ = p_.AddTheme({.name = "Credibility", .parent_id = bridge_}).value();
    other_ = p_.AddTheme({.name = "Other"}).value();
    p_.AddTheme({.name = "Credibility", .parent_id = other_}).value();
    ana_ = p_.AddCoder({.name = "Ana"}).value();
  }
  Project p_{"resolve"};
  std::string trust_, staff_, patients_, staff_trust_, patient_trust_, advocacy_, bridge_, sub_, other_, ana_;
};

TEST_F(ResolveTest, IdComesFirst) {
  EXPECT_EQ(ResolveCode(p_, staff_trust_).value()->id, staff_trust_);
  EXPECT_EQ(ResolveTheme(p_, sub_).value()->id, sub_);
  EXPECT_EQ(ResolveCoder(p_, ana_).value()->id, ana_);
  // A code whose name is another code's id is still found by the id.
  const std::string tricky = p_.AddCode({.name = advocacy_}).value();
  EXPECT_EQ(ResolveCode(p_, advocacy_).value()->id, advocacy_);
  EXPECT_EQ(ResolveCode(p_, tricky).value()->id, tricky);
}

TEST_F(ResolveTest, PathBeatsAmbiguousName) {
  EXPECT_EQ(ResolveCode(p_, "Staff/Trust").value()->id, staff_trust_);
  EXPECT_EQ(ResolveCode(p_, "Patients/Trust").value()->id, patient_trust_);
  EXPECT_EQ(ResolveTheme(p_, "The bridge/Credibility").value()->id, sub_);
  // A top-level name is also its own path.
  EXPECT_EQ(ResolveCode(p_, "Advocacy").value()->id, advocacy_);
}

TEST_F(ResolveTest, SharedNameIsAnErrorListingThePaths) {
  // "Trust" is a top-level code and two sub-codes: its path "Trust" has no
  // "/", so the bare name is ambiguous among three.
  absl::StatusOr<const Code*> c = ResolveCode(p_, "Trust");
  ASSERT_TRUE(absl::IsInvalidArgument(c.status())) << c.status();
  EXPECT_THAT(std::string(c.status().message()),
              AllOf(HasSubstr("several codes are named \"Trust\""), HasSubstr("\"Staff/Trust\""),
                    HasSubstr("\"Patients/Trust\""), HasSubstr("give the path or the id")));
  absl::StatusOr<const Theme*> t = ResolveTheme(p_, "Credibility");
  ASSERT_TRUE(absl::IsInvalidArgument(t.status())) << t.status();
  EXPECT_THAT(std::string(t.status().message()),
              AllOf(HasSubstr("\"The bridge/Credibility\""), HasSubstr("\"Other/Credibility\"")));
}

TEST_F(ResolveTest, MissSuggestsTheClosestNames) {
  absl::StatusOr<const Code*> c = ResolveCode(p_, "Advocasy");
  ASSERT_TRUE(absl::IsNotFound(c.status())) << c.status();
  EXPECT_THAT(std::string(c.status().message()),
              AllOf(HasSubstr("no code with id or name \"Advocasy\""), HasSubstr("did you mean \"Advocacy\"")));
  absl::StatusOr<const Coder*> k = ResolveCoder(p_, "ana ");
  ASSERT_TRUE(absl::IsNotFound(k.status()));
  EXPECT_THAT(std::string(k.status().message()), HasSubstr("did you mean \"Ana\""));
  // Nothing close: just what the study has.
  absl::StatusOr<const Theme*> t = ResolveTheme(p_, "Zzzzzzzzzz");
  ASSERT_TRUE(absl::IsNotFound(t.status()));
  EXPECT_THAT(std::string(t.status().message()), AllOf(::testing::Not(HasSubstr("did you mean")), HasSubstr("the study has")));
  // A wrong path is a miss, not a partial match.
  EXPECT_TRUE(absl::IsNotFound(ResolveCode(p_, "Staff/Advocacy").status()));
}

TEST_F(ResolveTest, NonAsciiAndEmptyKeys) {
  const std::string bridge = p_.AddCode({.name = "Puente 🌉 é"}).value();
  EXPECT_EQ(ResolveCode(p_, "Puente 🌉 é").value()->id, bridge);
  EXPECT_THAT(std::string(ResolveCode(p_, "Puente 🌉 e").status().message()), HasSubstr("did you mean \"Puente 🌉 é\""));
  EXPECT_TRUE(absl::IsNotFound(ResolveDocument(p_, "").status()));
}

}  // namespace
}  // namespace thematica
