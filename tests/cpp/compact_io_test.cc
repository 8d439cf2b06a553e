// The compact encoding of format 1.2 (NativeFormat::kCompact): every field
// and every kept unknown field survives it, it is deterministic, it is small,
// and damaged input is refused with DataLoss. The oracle for "every field" is
// the record encoding: a project must come back from compact bytes such that
// the record encoding of it is byte for byte what it was.
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "internal/project_loader.h"
#include "thematica/native_io.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Code_ = absl::StatusCode;

const std::string kFormats = THEMATICA_SOURCE_DIR "/tests/data/formats";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compact bytes → project → record bytes equal `p`'s record bytes, and the
// compact bytes of the reloaded project are the same bytes again.
void ExpectCompactRoundTrip(const Project& p) {
  const std::string compact = SerializeProject(p, NativeFormat::kCompact);
  ASSERT_OK_AND_ASSIGN(Project back, ParseProject(compact, NativeFormat::kCompact));
  EXPECT_EQ(SerializeProject(back, NativeFormat::kBinary), SerializeProject(p, NativeFormat::kBinary));
  EXPECT_EQ(SerializeProject(back, NativeFormat::kJson), SerializeProject(p, NativeFormat::kJson));
  EXPECT_EQ(SerializeProject(back, NativeFormat::kCompact), compact);
  // The binary reader tells the encodings apart by themselves.
  ASSERT_OK_AND_ASSIGN(Project again, ParseProject(compact, NativeFormat::kBinary));
  EXPECT_EQ(SerializeProject(again, NativeFormat::kBinary), SerializeProject(p, NativeFormat::kBinary));
}

// A project with excerpts in every shape the columns must handle.
Project Generated(int documents, int excerpts, uint64_t seed, bool real_clock) {
  std::mt19937_64 rng(seed);
  Project p("generated ✓");
  thematica::internal::ProjectAccess::SetIdSeed(p, seed);
  // The change log (format 1.2) would record every add below; these tests
  // measure and round-trip the corpus columns (history_test.cc covers the log).
  p.SetHistoryEnabled(false);
  if (!real_clock) thematica::internal::ProjectAccess::SetFixedClock(p, absl::FromUnixSeconds(1700000000));
  std::vector<std::string> codes, docs, coders;
  for (int i = 0; i < 3; ++i) coders.push_back(p.AddCoder({.name = "coder " + std::to_string(i)}).value());
  for (int i = 0; i < 300; ++i) {  // More than 127: two-byte positions too.
    const std::string parent = codes.empty() || rng() % 3 == 0 ? "" : codes[rng() % codes.size()];
    codes.push_back(p.AddCode({.name = "c" + std::to_string(i), .parent_id = parent}).value());
  }
  const std::string role = p.AddAttribute({.name = "role"}).value();
  const std::string age = p.AddAttribute({.name = "age", .type = AttributeType::kNumber}).value();
  std::vector<std::string> cases;
  for (int c = 0; c < 5; ++c) {
    Case x{.name = "P" + std::to_string(c), .attributes = {{role, AttributeValue(c % 2 ? "patient" : "peer")}}};
    if (c % 3 == 0) x.attributes.emplace(age, AttributeValue(40.5 + c));
    cases.push_back(p.AddCase(x).value());
  }
  for (int d = 0; d < documents; ++d) {
    std::string text;
    for (int w = 0; w < 100; ++w) text += (rng() % 5 == 0) ? "\xC3\xA9t\xC3\xA9 😀 " : "word\r\n";
    const std::string c = rng() % 4 == 0 ? "" : cases[rng() % cases.size()];
    docs.push_back(p.AddDocument({.name = "d" + std::to_string(d), .text = text, .case_id = c}).value());
  }
  for (int e = 0; e < excerpts; ++e) {
    const std::string& doc = docs[rng() % docs.size()];
    const int64_t len = p.DocumentLength(doc).value();
    const int64_t start = rng() % (len - 1);
    const int64_t end = start + 1 + rng() % (len - start - 1);
    std::vector<std::string> ids = {codes[rng() % codes.size()]};
    const std::string second = codes[rng() % codes.size()];
    if (second != ids[0] && rng() % 2) ids.push_back(second);
    const std::string coder = rng() % 4 == 0 ? "" : coders[rng() % coders.size()];
    EXPECT_OK(p.AddExcerpt({.document_id = doc, .span = {start, end}, .code_ids = ids, .coder_id = coder}));
  }
  return p;
}

TEST(CompactIo, EveryFieldOfTheGoldenProjectSurvives) {
  // The golden file holds every object and field of the format, metadata on
  // every object, speaker turns with and without times, an original file.
  ASSERT_OK_AND_ASSIGN(Project p, LoadProject(kFormats + "/v1.1/project.thematica"));
  ExpectCompactRoundTrip(p);
}

TEST(CompactIo, FieldsOfANewerVersionAreKept) {
  // The future file has unknown fields in the project, in list elements, in a
  // document, in a speaker turn's span, in a memo …: they ride in residuals.
  for (const char* name : {"/future/project.thematica", "/future/project.json"}) {
    ASSERT_OK_AND_ASSIGN(Project p, LoadProject(kFormats + name));
    ASSERT_FALSE(p.preserved_fields().empty());
    ExpectCompactRoundTrip(p);
  }
}

TEST(CompactIo, UnknownFieldsOfAnExcerptAndItsSpanAndTimeAreKept) {
  Project p = Generated(3, 20, 1, /*real_clock=*/true);
  // A record-encoded excerpt with fields a newer version would write.
  v1::Project message;
  ASSERT_TRUE(message.ParseFromString(SerializeProject(p, NativeFormat::kBinary)));
  v1::Excerpt* e = message.mutable_excerpts(4);
  auto unknown = [](google::protobuf::Message* m) { return m->GetReflection()->MutableUnknownFields(m); };
  // Field 12, which no version defines yet: a field the columns do not know
  // rides in the row's residual.
  unknown(e)->AddLengthDelimited(12, std::string("\x08\x01", 2));
  unknown(e->mutable_span())->AddVarint(9, 1);
  unknown(e->mutable_created())->AddFixed32(5, 3);
  ASSERT_OK_AND_ASSIGN(Project with_unknown, ParseProject(message.SerializeAsString(), NativeFormat::kBinary));
  ASSERT_FALSE(with_unknown.preserved_fields().empty());
  ExpectCompactRoundTrip(with_unknown);
  const std::string compact = SerializeProject(with_unknown, NativeFormat::kCompact);
  ASSERT_OK_AND_ASSIGN(Project back, ParseProject(compact, NativeFormat::kCompact));
  v1::Project again;
  ASSERT_TRUE(again.ParseFromString(SerializeProject(back, NativeFormat::kBinary)));
  auto count = [](const google::protobuf::Message& m) {
    return m.GetReflection()->GetUnknownFields(m).field_count();
  };
  EXPECT_EQ(count(again.excerpts(4)), 1);
  EXPECT_EQ(count(again.excerpts(4).span()), 1);
  EXPECT_EQ(count(again.excerpts(4).created()), 1);
}

TEST(CompactIo, GeneratedProjectsRoundTripWithFixedAndRealClocks) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    ExpectCompactRoundTrip(Generated(10, 400, seed, /*real_clock=*/seed % 2 == 0));
  }
  ExpectCompactRoundTrip(Project("empty"));
}

TEST(CompactIo, TimesBeforeTheEpochAndEditedExcerptsSurvive) {
  Project p = Generated(2, 5, 9, /*real_clock=*/false);
  thematica::internal::ProjectAccess::SetFixedClock(p, absl::FromUnixSeconds(-86400 * 365 * 50) + absl::Nanoseconds(999999999));
  Excerpt e = p.excerpts()[2];
  e.metadata["why"] = "edited";
  ASSERT_OK(p.UpdateExcerpt(e));  // modified differs from created now
  ASSERT_OK(p.AddCoder({.name = "late"}));
  ExpectCompactRoundTrip(p);
}

TEST(CompactIo, IsSmallBeyondTheText) {
  const Project p = Generated(50, 5000, 4, /*real_clock=*/false);
  // The same documents, codebook and coders without the excerpts (they are
  // generated last from the same seed).
  const Project without = Generated(50, 0, 4, /*real_clock=*/false);
  ASSERT_EQ(SerializeProject(without, NativeFormat::kJson).substr(0, 2000),
            SerializeProject(p, NativeFormat::kJson).substr(0, 2000));
  const size_t compact = SerializeProject(p, NativeFormat::kCompact).size() -
                         SerializeProject(without, NativeFormat::kCompact).size();
  const size_t binary = SerializeProject(p, NativeFormat::kBinary).size() -
                        SerializeProject(without, NativeFormat::kBinary).size();
  // The goal: at most 32 bytes per excerpt (ids are 16 of them).
  EXPECT_LE(compact, 32 * p.excerpts().size()) << "binary: " << binary;
  EXPECT_LT(compact, binary / 4);
}

TEST(CompactIo, BrokenReferencesAreReportedAsByTheRecordEncoding) {
  // A project no Add call would make: ids that are not GUIDs, references to
  // nothing. The columns cannot hold them, the residuals do, and the load
  // lists the same problems as loading the record encoding.
  Project p = Generated(2, 5, 5, /*real_clock=*/false);
  Excerpt odd = p.excerpts()[0];
  odd.id = "not a guid";
  odd.document_id = "missing-document";
  odd.code_ids = {p.codebook().codes()[0].id, "missing-code"};
  odd.coder_id = "missing-coder";
  Document doc = p.documents()[0];
  doc.id = "DOC";
  doc.name = "another";
  doc.case_id = "missing-case";
  thematica::internal::ProjectLoader load(std::move(p));
  load.Add(odd);
  load.Add(doc);
  p = std::move(load).TakeUnchecked();
  const absl::StatusOr<Project> binary =
      ParseProject(SerializeProject(p, NativeFormat::kBinary), NativeFormat::kBinary);
  const absl::StatusOr<Project> compact =
      ParseProject(SerializeProject(p, NativeFormat::kCompact), NativeFormat::kCompact);
  ASSERT_FALSE(binary.ok());
  EXPECT_EQ(compact.status(), binary.status());
  EXPECT_THAT(std::string(compact.status().message()), HasSubstr("missing-code"));
}

TEST(CompactIo, OlderReadersRefuseItAndProtobufReadsItAfterThePrefix) {
  const std::string compact = SerializeProject(Generated(2, 10, 6, false), NativeFormat::kCompact);
  v1::Project message;
  // A 1.1 reader parses the file as a Project message: the zero byte stops it.
  EXPECT_FALSE(message.ParseFromString(compact));
  ASSERT_TRUE(message.ParseFromString(compact.substr(19)));
  EXPECT_EQ(message.documents_size(), 0);
  EXPECT_EQ(message.compact_corpus().excerpts().starts_size(), 10);
  EXPECT_EQ(message.compact_corpus().documents().names_size(), 2);
  EXPECT_EQ(message.format_version().minor(), kFormatVersionMinor);
}

TEST(CompactIo, TruncatedCompactFilesAreDataLoss) {
  const std::string bytes = SerializeProject(Generated(3, 30, 7, true), NativeFormat::kCompact);
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 16) {
    absl::StatusOr<Project> p = ParseProject(bytes.substr(0, cut), NativeFormat::kCompact);
    ASSERT_FALSE(p.ok()) << cut;
    EXPECT_EQ(p.status().code(), Code_::kDataLoss) << cut << ": " << p.status();
  }
  EXPECT_STATUS(ParseProject(bytes.substr(0, bytes.size() - 1), NativeFormat::kCompact),
                Code_::kDataLoss, "corrupt or truncated Thematica compact file: truncated texts");
}

TEST(CompactIo, InconsistentColumnsAreDataLossNamingTheColumn) {
  const Project p = Generated(3, 30, 8, false);
  const std::string bytes = SerializeProject(p, NativeFormat::kCompact);
  v1::Project message;
  ASSERT_TRUE(message.ParseFromString(bytes.substr(19)));
  auto damaged = [&](auto&& change) {
    v1::Project m = message;
    change(*m.mutable_compact_corpus());
    return ParseProject(bytes.substr(0, 19) + m.SerializeAsString(), NativeFormat::kCompact);
  };
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->add_starts(1); }),
                Code_::kDataLoss, "excerpts: columns of different lengths");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->set_codes(0, 5000); }),
                Code_::kDataLoss, "row 0 refers to code 2500 of 300");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->set_documents(0, 9); }),
                Code_::kDataLoss, "row 0 refers to document 9 of 3");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->add_codes(2); }),
                Code_::kDataLoss, "codes column too long");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_cases()->add_value_counts(1); }),
                Code_::kDataLoss, "cases: columns of different lengths");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_documents()->set_text_bytes(0, 1); }),
                Code_::kDataLoss, "texts longer than the documents' texts");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_documents()->mutable_ids()->mutable_guids()->pop_back(); }),
                Code_::kDataLoss, "documents: id column does not match the row count");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) {
                  c.mutable_excerpts()->mutable_times()->add_flag_runs(1);
                  c.mutable_excerpts()->mutable_times()->add_flag_runs(1);
                }),
                Code_::kDataLoss, "excerpts: time flags do not match the row count");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_documents()->mutable_times()->add_flag_runs(1); }),
                Code_::kDataLoss, "documents: time flags: odd number of entries");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) {
                  auto* r = c.mutable_excerpts()->add_residuals();
                  r->set_row(99);
                }),
                Code_::kDataLoss, "residual row 99 out of order or range");
  // A span the columns make out of range is a consistency problem, as in
  // the record encoding.
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->set_lengths(0, 100000); }),
                Code_::kInvalidArgument, "invalid project");
}

TEST(CompactIo, RandomByteFlipsNeverCrashAndNeverLoadInvalid) {
  const std::string bytes = SerializeProject(Generated(3, 30, 10, true), NativeFormat::kCompact);
  std::mt19937 rng(5);
  for (int i = 0; i < 500; ++i) {
    std::string damaged = bytes;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    absl::StatusOr<Project> p = ParseProject(damaged, NativeFormat::kCompact);
    if (p.ok()) EXPECT_THAT(p->Validate(), IsEmpty());
  }
}

TEST(CompactIo, SavesAsCompactOnlyToThematicaFiles) {
  const Project p = Generated(2, 10, 11, false);
  const std::string dir = ::testing::TempDir();
  EXPECT_STATUS(SaveProject(p, dir + "/x.json", NativeFormat::kCompact), Code_::kInvalidArgument,
                "use .json for json, .thematica for binary and compact");
  EXPECT_STATUS(SaveProject(p, dir + "/x.thematica", NativeFormat::kJson), Code_::kInvalidArgument,
                "in the json encoding");
  ASSERT_OK(SaveProject(p, dir + "/compact_test.thematica", NativeFormat::kCompact));
  EXPECT_EQ(ReadAll(dir + "/compact_test.thematica"), SerializeProject(p, NativeFormat::kCompact));
  ASSERT_OK_AND_ASSIGN(Project back, LoadProject(dir + "/compact_test.thematica"));
  EXPECT_EQ(SerializeProject(back, NativeFormat::kBinary), SerializeProject(p, NativeFormat::kBinary));
  EXPECT_EQ(NativeFormatByName("compact").value(), NativeFormat::kCompact);
  EXPECT_STATUS(NativeFormatByName("columnar"), Code_::kInvalidArgument, "expected json, binary or compact");
}

}  // namespace
}  // namespace thematica
