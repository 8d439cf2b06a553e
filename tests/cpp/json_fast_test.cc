// The JSON reader's fast path for excerpt records against protobuf's own JSON
// parser (the oracle): on every record a generated project's writer produces,
// and on respellings of them that JSON and protobuf's mapping allow, whatever
// the fast path accepts must be what protobuf decodes, field by field.
#include "internal/json_fast.h"

#include <google/protobuf/util/json_util.h>

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "internal/json_split.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica::internal {
namespace {

namespace pb = ::thematica::v1;

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Protobuf's decoding of one record, or nullopt when it refuses it.
std::optional<pb::Excerpt> Protobuf(absl::string_view json) {
  pb::Excerpt e;
  google::protobuf::util::JsonParseOptions options;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &e, options).ok()) return std::nullopt;
  return e;
}

// Compares a fast decoding with protobuf's; "" when they agree.
std::string Differences(const Excerpt& fast, const pb::Excerpt& slow) {
  std::string out;
  if (fast.id != slow.id()) absl::StrAppend(&out, "id ");
  if (fast.document_id != slow.document_id()) absl::StrAppend(&out, "document_id ");
  if (fast.span.start != slow.span().start() || fast.span.end != slow.span().end()) absl::StrAppend(&out, "span ");
  if (fast.code_ids != std::vector<std::string>(slow.code_ids().begin(), slow.code_ids().end())) {
    absl::StrAppend(&out, "code_ids ");
  }
  if (fast.coder_id != slow.coder_id()) absl::StrAppend(&out, "coder_id ");
  const absl::Time created = slow.has_created() ? FromTimestamp(slow.created()) : absl::InfinitePast();
  const absl::Time modified = slow.has_modified() ? FromTimestamp(slow.modified()) : absl::InfinitePast();
  if (fast.created != created) absl::StrAppend(&out, "created ");
  if (fast.modified != modified) absl::StrAppend(&out, "modified ");
  return out;
}

std::vector<std::string> GeneratedRecords() {
  std::mt19937 rng(20261202);
  Project p("fast path");
  std::vector<std::string> codes, coders = {""};
  for (int i = 0; i < 6; ++i) codes.push_back(p.AddCode({.name = absl::StrCat("Code ", i, " é🌉")}).value());
  for (const char* name : {"Ana", "Łukasz"}) coders.push_back(p.AddCoder({.name = name}).value());
  const std::string text(400, 'x');
  const std::string doc = p.AddDocument({.name = "D", .text = text}).value();
  for (int i = 0; i < 300; ++i) {
    const int64_t start = rng() % 399;
    const int64_t end = start + 1 + rng() % (400 - start);
    std::vector<std::string> ids;
    for (size_t k = 0; k < codes.size(); ++k) {
      if (rng() % 3 == 0 || (ids.empty() && k + 1 == codes.size())) ids.push_back(codes[k]);
    }
    Excerpt e{.document_id = doc, .span = {start, end}, .code_ids = ids, .coder_id = coders[rng() % 3]};
    if (rng() % 2) e.created = absl::FromUnixNanos(static_cast<int64_t>(rng()) * 1'000'003 + rng() % 1000);
    if (rng() % 2) e.modified = absl::FromUnixSeconds(-(static_cast<int64_t>(rng()) * 14));
    EXPECT_TRUE(p.AddExcerpt(e).ok());
  }
  const std::string json = SerializeProject(p, NativeFormat::kJson);
  std::vector<std::string> records;
  const std::vector<JsonMember> members = SplitJsonObject(absl::StripAsciiWhitespace(json)).value();
  for (const JsonMember& m : members) {
    if (m.key != "excerpts") continue;
    const std::vector<absl::string_view> items = SplitJsonArray(m.value).value();
    for (absl::string_view r : items) records.emplace_back(r);
  }
  return records;
}

TEST(JsonFastPathTest, AgreesWithProtobufOnEveryRecordTheWriterProduces) {
  const std::vector<std::string> records = GeneratedRecords();
  ASSERT_EQ(records.size(), 300u);
  for (const std::string& r : records) {
    std::optional<Excerpt> fast = FastExcerpt(r);
    ASSERT_TRUE(fast.has_value()) << "the writer's own spelling left the fast path: " << r;
    std::optional<pb::Excerpt> slow = Protobuf(r);
    ASSERT_TRUE(slow.has_value()) << r;
    EXPECT_EQ(Differences(*fast, *slow), "") << r;
  }
}

// Respellings: some valid JSON that protobuf reads, some not. Whatever the
// fast path accepts, protobuf must accept with the same values.
std::vector<std::string> Respellings(const std::string& r) {
  std::vector<std::string> out = {
      absl::StrReplaceAll(r, {{":", " : "}, {",", " ,\n "}}),
      absl::StrReplaceAll(r, {{"\"start\":", "\"start\":\"+"}}),
      absl::StrReplaceAll(r, {{"\"end\":", "\"end\": \" "}}),
      absl::StrReplaceAll(r, {{"\"start\":", "\"start\":0"}}),
      absl::StrReplaceAll(r, {{"\"start\":", "\"start\":-"}}),
      absl::StrReplaceAll(r, {{"Z\"", "+02:00\""}}),
      absl::StrReplaceAll(r, {{"Z\"", "z\""}}),
      absl::StrReplaceAll(r, {{"T", "t"}}),
      absl::StrReplaceAll(r, {{"Z\"", ".5Z\""}}),
      absl::StrReplaceAll(r, {{"Z\"", ".1234567891Z\""}}),
      absl::StrReplaceAll(r, {{"\"id\":\"", "\"id\":\"\\u0041"}}),
      absl::StrReplaceAll(r, {{"\"id\":", "\"id\":\"x\",\"id\":"}}),
      absl::StrReplaceAll(r, {{"\"coder_id\":", "\"coderId\":"}}),
      absl::StrReplaceAll(r, {{"\"span\":{", "\"span\":{\"start\":1,"}}),
      absl::StrReplaceAll(r, {{"}", ".0}"}}),
      absl::StrReplaceAll(r, {{"}", "e0}"}}),
      absl::StrReplaceAll(r, {{"\"end\":", "\"end\":99999999999999999999"}}),
      absl::StrReplaceAll(r, {{"\"code_ids\":[", "\"code_ids\":[null,"}}),
      absl::StrReplaceAll(r, {{"\"span\":", "\"span\":null,\"x\":"}}),
      absl::StrReplaceAll(r, {{"-", "−"}}),
      absl::StrReplaceAll(r, {{"\"created\":\"", "\"created\":\"1969-12-31T23:59:59Z\",\"c\":\""}}),
      absl::StrReplaceAll(r, {{"\"created\":\"", "\"created\":\"0001-01-01T00:00:00Z\",\"c\":\""}}),
      absl::StrReplaceAll(r, {{"\"created\":\"", "\"created\":\"10000-01-01T00:00:00Z\",\"c\":\""}}),
  };
  return out;
}

TEST(JsonFastPathTest, WhateverItAcceptsProtobufDecodesTheSame) {
  int accepted = 0, refused = 0;
  for (const std::string& r : GeneratedRecords()) {
    for (const std::string& v : Respellings(r)) {
      std::optional<Excerpt> fast = FastExcerpt(v);
      if (!fast) {
        ++refused;
        continue;
      }
      ++accepted;
      std::optional<pb::Excerpt> slow = Protobuf(v);
      ASSERT_TRUE(slow.has_value()) << "fast path accepted what protobuf refuses: " << v;
      EXPECT_EQ(Differences(*fast, *slow), "") << v;
    }
  }
  // Both branches were exercised.
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
}

// A time outside what protobuf's Timestamp holds made the JSON writer stop
// mid-file (found by this test's first version): the rule set refuses it at
// the edit, and the loader refuses it in a file, so a save cannot break.
TEST(TimeRangeTest, EditsAndLoadsRefuseTimesNoFileCanHold) {
  Project p("times");
  const std::string code = p.AddCode({.name = "A"}).value();
  const std::string doc = p.AddDocument({.name = "D", .text = "text"}).value();
  Excerpt e{.document_id = doc, .span = {0, 2}, .code_ids = {code}};
  e.created = absl::FromCivil(absl::CivilSecond(0, 12, 31, 23, 59, 59), absl::UTCTimeZone());
  absl::StatusOr<std::string> refused = p.AddExcerpt(e);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_NE(refused.status().message().find("outside years 1 to 9999"), std::string::npos);
  EXPECT_TRUE(p.excerpts().empty());
  e.created = absl::FromCivil(absl::CivilSecond(10000, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  EXPECT_FALSE(p.AddExcerpt(e).ok());
  e.created = absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  ASSERT_TRUE(p.AddExcerpt(e).ok());
  // Both bounds write and read back in both encodings.
  for (NativeFormat f : {NativeFormat::kBinary, NativeFormat::kJson}) {
    absl::StatusOr<Project> back = ParseProject(SerializeProject(p, f), f);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->excerpts().front().created, e.created);
  }
  // A binary file whose timestamp is out of range is refused with its place.
  pb::Project file;
  ASSERT_TRUE(file.ParseFromString(SerializeProject(p, NativeFormat::kBinary)));
  file.mutable_excerpts(0)->mutable_created()->set_seconds(-62135596801);
  absl::StatusOr<Project> bad = ParseProject(file.SerializeAsString(), NativeFormat::kBinary);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("created time"), std::string::npos) << bad.status();
}

}  // namespace
}  // namespace thematica::internal
