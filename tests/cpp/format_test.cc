// Format evolution: the chain of upgrade steps, each step on a file of the
// version it reads, and keeping unknown fields through the native loaders.
#include <google/protobuf/unknown_field_set.h>

#include <fstream>
#include <sstream>
#include <string>

#include "internal/format_upgrade.h"
#include "internal/preserved_fields.h"
#include "test_util.h"
#include "thematica/native_io.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kFormats = THEMATICA_SOURCE_DIR "/tests/data/formats";

TEST(FormatUpgrade, ChainFromTheFirstVersionHasOneStepPerMinorInOrder) {
  const auto chain = internal::UpgradeChain(1, 0);
  ASSERT_EQ(chain.size(), kFormatVersionMinor);
  for (uint32_t i = 0; i < chain.size(); ++i) {
    EXPECT_EQ(chain[i]->major, 1u);
    EXPECT_EQ(chain[i]->from_minor, i);
  }
}

TEST(FormatUpgrade, NoStepsForTheCurrentANewerMinorOrAnotherMajor) {
  EXPECT_TRUE(internal::UpgradeChain(kFormatVersionMajor, kFormatVersionMinor).empty());
  EXPECT_TRUE(internal::UpgradeChain(kFormatVersionMajor, kFormatVersionMinor + 5).empty());
  EXPECT_TRUE(internal::UpgradeChain(kFormatVersionMajor + 1, 0).empty());
}

TEST(FormatUpgrade, EveryRegisteredStepIsOnTheChainOfItsVersion) {
  for (const internal::UpgradeStep& step : internal::UpgradeSteps()) {
    const auto chain = internal::UpgradeChain(step.major, step.from_minor);
    ASSERT_FALSE(chain.empty()) << step.what;
    EXPECT_EQ(chain.front(), &step) << step.what;
  }
}

// 1.0 → 1.1 only added fields: the step changes nothing in a 1.0 file.
TEST(FormatUpgrade, OneZeroToOneOneIsANoOpOnTheOneZeroGoldenFile) {
  v1::Project p;
  ASSERT_TRUE(p.ParseFromString(ReadAll(kFormats + "/v1.0/project.thematica")));
  ASSERT_EQ(p.format_version().minor(), 0u);
  const std::string before = p.SerializeAsString();
  const internal::UpgradeStep* step = internal::UpgradeChain(1, 0).front();
  if (step->header) step->header(p);
  for (v1::Document& d : *p.mutable_documents()) {
    if (step->document) step->document(d);
  }
  for (v1::Excerpt& e : *p.mutable_excerpts()) {
    if (step->excerpt) step->excerpt(e);
  }
  EXPECT_EQ(p.SerializeAsString(), before);
}

TEST(FormatUpgrade, AOneZeroFileLoadsAndSavesAsTheCurrentVersion) {
  ASSERT_OK_AND_ASSIGN(Project p, LoadProject(kFormats + "/v1.0/project.thematica"));
  v1::Project saved;
  ASSERT_TRUE(saved.ParseFromString(SerializeProject(p, NativeFormat::kBinary)));
  EXPECT_EQ(saved.format_version().major(), kFormatVersionMajor);
  EXPECT_EQ(saved.format_version().minor(), kFormatVersionMinor);
}

// Unknown fields inside a map value inside a list element are found and put
// back at the same place.
TEST(PreservedFields, NestedUnknownFieldsGoBackWhereTheyWere) {
  v1::Project p;
  v1::Case* c = p.add_cases();
  c->set_id("case-1");
  v1::AttributeValue& value = (*c->mutable_attributes())["attr"];
  value.set_text("x");
  value.GetReflection()->MutableUnknownFields(&value)->AddVarint(77, 5);
  p.GetReflection()->MutableUnknownFields(&p)->AddLengthDelimited(99, "top");
  PreservedFieldMap kept;
  internal::CollectBinary(p, "", kept, /*split_entities=*/true);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept.at("case-1").binary.size(), 1u);

  v1::Project fresh;
  v1::Case* fc = fresh.add_cases();
  fc->set_id("case-1");
  (*fc->mutable_attributes())["attr"].set_text("x");
  internal::ApplyBinary(kept, "", &fresh, /*split_entities=*/true);
  EXPECT_EQ(fresh.SerializeAsString(), p.SerializeAsString());
}

}  // namespace
}  // namespace thematica
