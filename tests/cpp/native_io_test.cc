#include "internal/project_loader.h"
#include "thematica/native_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "internal/file_util.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using Code_ = absl::StatusCode;

// A project using every kind of object and field, with non-ASCII text.
Project RichProject() {
  Project p("Étude — “bridge” 😀");
  thematica::internal::ProjectAccess::SetIdSeed(p, 11);
  thematica::internal::ProjectAccess::SetFixedClock(p, absl::FromUnixSeconds(1700000000) + absl::Nanoseconds(123456789));
  const std::string ana = p.AddCoder({.name = "Ana", .metadata = {{"refi:email", "a@x"}}}).value();
  const std::string role = p.AddAttribute({.name = "role", .type = AttributeType::kText}).value();
  const std::string age = p.AddAttribute({.name = "age", .type = AttributeType::kNumber}).value();
  const std::string consent = p.AddAttribute({.name = "consent", .type = AttributeType::kBoolean}).value();
  const std::string date = p.AddAttribute({.name = "interviewed", .type = AttributeType::kDate}).value();
  const std::string p4 = p.AddCase({.name = "P4", .description = "patient",
                                    .attributes = {{role, AttributeValue("patient")},
                                                   {age, AttributeValue(41.5)},
                                                   {consent, AttributeValue(true)},
                                                   {date, AttributeValue(absl::CivilDay(2019, 3, 18))}},
                                    .creator_id = ana})
                             .value();
  const std::string doc = p.AddDocument({.name = "P4",
                                         .text = "\xE2\x80\x9C" "be my voice\xE2\x80\x9D e\xCC\x81 \xF0\x9F\x98\x80\nline 2 \"q\" {b} [c] \\\\ end",
                                         .case_id = p4,
                                         .speaker_turns = {{.span = {0, 13}, .case_id = p4, .speaker = "P4"}},
                                         .description = "transcript",
                                         .creator_id = ana})
                              .value();
  const std::string root = p.AddCode({.name = "Functions", .description = "d", .codable = false}).value();
  const std::string adv = p.AddCode({.name = "Advocacy", .parent_id = root, .description = "def",
                                     .inclusion = "inc", .exclusion = "exc", .example = "ex",
                                     .color = "#A1b2C3", .metadata = {{"k", "v"}}})
                              .value();
  const std::string e = p.AddExcerpt({.document_id = doc, .span = {1, 12}, .code_ids = {adv},
                                      .coder_id = ana})
                            .value();
  (void)p.AddExcerpt({.document_id = doc, .span = {5, 20}, .code_ids = {adv}});
  // Metadata with characters JSON escapes: such records take the general path.
  (void)p.AddExcerpt({.document_id = doc, .span = {2, 4}, .code_ids = {adv},
                      .metadata = {{"note", "a \"quoted\"\nline"}}});
  const std::string t = p.AddTheme({.name = "Bridge", .description = "core", .code_ids = {adv},
                                    .color = "#123"})
                            .value();
  const std::string sub = p.AddTheme({.name = "Sub", .parent_id = t}).value();
  (void)p.AddRelation({.source_id = sub, .target_id = t, .label = "function of",
                       .direction = RelationDirection::kBidirectional});
  (void)p.AddMemo({.title = "m", .text = "about ✓", .author_id = ana, .target_id = e});
  (void)p.AddMemo({.title = "project memo", .text = ""});
  // Project metadata last in the header: its map's closing braces end the
  // header object in JSON.
  ProjectInfo info = p.info();
  info.metadata = {{"refi:origin", "NVivo"}, {"z", "{}"}};
  (void)p.SetInfo(info);
  return p;
}

class NativeIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("thematica_io_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(NativeIoTest, RoundTripIsLosslessInBothFormats) {
  const Project p = RichProject();
  ASSERT_THAT(p.Validate(), IsEmpty());
  for (const char* name : {"p.thematica", "p.json"}) {
    ASSERT_OK(SaveProject(p, Path(name)));
    ASSERT_OK_AND_ASSIGN(Project back, LoadProject(Path(name)));
    const NativeFormat format = NativeFormatForPath(name).value();
    // Same bytes when saved again: nothing lost or reordered.
    EXPECT_EQ(SerializeProject(back, format), SerializeProject(p, format)) << name;
    // And across formats.
    EXPECT_EQ(SerializeProject(back, NativeFormat::kBinary),
              SerializeProject(p, NativeFormat::kBinary));
    EXPECT_EQ(back.ExcerptText(back.excerpts()[0]), "be my voice");
    EXPECT_EQ(back.info().created, p.info().created);
    EXPECT_EQ(*back.cases()[0].attributes.begin()->second.text(), "patient");
    EXPECT_EQ(back.codebook().codes()[1].color, "#a1b2c3");
    EXPECT_EQ(back.themes()[0].color, "#112233");
  }
}

TEST_F(NativeIoTest, BinaryIsAValidProjectMessage) {
  // The streamed encoding must parse as one ordinary protobuf message, so
  // any protobuf library can read our files.
  const Project p = RichProject();
  thematica::v1::Project message;
  ASSERT_TRUE(message.ParseFromString(SerializeProject(p, NativeFormat::kBinary)));
  EXPECT_EQ(message.documents_size(), 1);
  EXPECT_EQ(message.excerpts_size(), 3);
  EXPECT_EQ(message.format_version().major(), kFormatVersionMajor);
  EXPECT_EQ(message.excerpts(0).span().end(), 12);
}

TEST_F(NativeIoTest, JsonUsesReadableFieldNames) {
  const std::string json = SerializeProject(RichProject(), NativeFormat::kJson);
  EXPECT_THAT(json, HasSubstr("\"format_version\""));
  EXPECT_THAT(json, HasSubstr("\"code_ids\""));
  EXPECT_THAT(json, HasSubstr("\"created\": \"2023-11-14T22:13:20.123456789Z\""));
}

TEST_F(NativeIoTest, TruncatedAndCorruptFilesAreRefused) {
  const std::string bytes = SerializeProject(RichProject(), NativeFormat::kBinary);
  for (size_t cut : {bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    absl::StatusOr<Project> p = ParseProject(bytes.substr(0, cut), NativeFormat::kBinary);
    ASSERT_FALSE(p.ok()) << cut;
    EXPECT_EQ(p.status().code(), Code_::kDataLoss) << p.status();
    EXPECT_THAT(std::string(p.status().message()), HasSubstr("corrupt or truncated"));
  }
  EXPECT_STATUS(ParseProject("\xFF\xFF\xFF\xFF garbage", NativeFormat::kBinary), Code_::kDataLoss,
                "corrupt or truncated Thematica file");
  EXPECT_STATUS(ParseProject("", NativeFormat::kBinary), Code_::kDataLoss, "no format_version");
  EXPECT_STATUS(ParseProject("{\"title\": 3", NativeFormat::kJson), Code_::kDataLoss,
                "not a valid Thematica JSON project");
}

// A member this version does not know (a newer minor version's field, or a
// typo) is kept and written back, never refused or dropped (format 1.1).
TEST_F(NativeIoTest, UnknownJsonMembersAreKeptNotRefused) {
  std::string json = SerializeProject(RichProject(), NativeFormat::kJson);
  json.insert(json.find('{') + 1, "\n \"colour\": [1, {\"x\": \"ü\"}],");
  ASSERT_OK_AND_ASSIGN(Project p, ParseProject(json, NativeFormat::kJson));
  EXPECT_THAT(SerializeProject(p, NativeFormat::kJson), HasSubstr("\"colour\": [1, {\"x\": \"ü\"}]"));
}

TEST_F(NativeIoTest, RandomByteFlipsNeverCrashAndNeverLoadInvalid) {
  const std::string bytes = SerializeProject(RichProject(), NativeFormat::kBinary);
  std::mt19937 rng(5);
  for (int i = 0; i < 300; ++i) {
    std::string damaged = bytes;
    damaged[rng() % damaged.size()] ^= static_cast<char>(1 + rng() % 255);
    absl::StatusOr<Project> p = ParseProject(damaged, NativeFormat::kBinary);
    if (p.ok()) EXPECT_THAT(p->Validate(), IsEmpty());
  }
}

TEST_F(NativeIoTest, NewerMajorVersionIsRefusedClearly) {
  thematica::v1::Project message;
  message.mutable_format_version()->set_major(kFormatVersionMajor + 1);
  message.mutable_format_version()->set_minor(3);
  EXPECT_STATUS(ParseProject(message.SerializeAsString(), NativeFormat::kBinary),
                Code_::kFailedPrecondition,
                "the file is in Thematica format 2.3; this version of Thematica reads format 1.x");
}

TEST_F(NativeIoTest, BrokenReferencesAreAllListed) {
  thematica::v1::Project message;
  ASSERT_TRUE(message.ParseFromString(SerializeProject(RichProject(), NativeFormat::kBinary)));
  message.mutable_excerpts(0)->set_document_id("11111111-1111-4111-8111-111111111111");
  message.mutable_excerpts(1)->mutable_span()->set_end(999);
  message.mutable_codes(1)->set_parent_id(message.codes(1).id());  // Self-parent: a cycle.
  const std::string path = Path("broken.thematica");
  ASSERT_OK(WriteFileAtomic(path, message.SerializeAsString()));
  absl::StatusOr<Project> p = LoadProject(path);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Code_::kInvalidArgument);
  EXPECT_THAT(std::string(p.status().message()), HasSubstr(path + ": invalid project"));
  const std::vector<std::string> problems = ValidateProjectFile(path);
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("document 11111111-1111-4111-8111-111111111111 not found")));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("range [5, 999) outside its document's")));
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("its parents form a cycle")));
}

TEST_F(NativeIoTest, InvalidUtf8InAFileIsReportedWithItsOffset) {
  thematica::v1::Project message;
  ASSERT_TRUE(message.ParseFromString(SerializeProject(RichProject(), NativeFormat::kBinary)));
  std::string text = message.documents(0).text();
  text[2] = '\xFF';
  message.mutable_documents(0)->set_text(text);
  std::string bytes;
  // proto3 string fields are checked for UTF-8 by the C++ parser too; either
  // layer may refuse, but never silently.
  message.SerializePartialToString(&bytes);
  absl::StatusOr<Project> p = ParseProject(bytes, NativeFormat::kBinary);
  ASSERT_FALSE(p.ok());
}

TEST_F(NativeIoTest, FailedSaveLeavesTheOldFileAndNoTempFiles) {
  const std::string path = Path("keep.thematica");
  ASSERT_OK(SaveProject(RichProject(), path));
  const std::string before = ReadFile(path).value();
  // A folder that does not exist: nothing written anywhere.
  EXPECT_EQ(SaveProject(RichProject(), Path("missing/dir/x.thematica")).code(), Code_::kNotFound);
  // A read-only folder (skipped as root, who may write anywhere).
  if (::geteuid() != 0) {
    ::chmod(dir_.c_str(), 0500);
    EXPECT_FALSE(SaveProject(Project("other"), path).ok());
    ::chmod(dir_.c_str(), 0700);
  }
  EXPECT_EQ(ReadFile(path).value(), before);
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(NativeIoTest, AbandonedWriterLeavesTheOldFileAndNoTempFile) {
  const std::string path = Path("w.txt");
  ASSERT_OK(WriteFileAtomic(path, "old"));
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Open(path));
    out->Append("new, never committed");
  }
  EXPECT_EQ(ReadFile(path).value(), "old");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<AtomicFileWriter> out, AtomicFileWriter::Open(path));
  out->Append(std::string(3 << 20, 'x'));  // Larger than the write buffer.
  out->Append("!");
  ASSERT_OK(out->Commit());
  EXPECT_EQ(ReadFile(path).value().size(), (3u << 20) + 1);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(NativeIoTest, MissingFileAndUnknownExtension) {
  absl::StatusOr<Project> p = LoadProject(Path("nope.thematica"));
  EXPECT_EQ(p.status().code(), Code_::kNotFound);
  EXPECT_EQ(IoErrno(p.status()), ENOENT);
  EXPECT_STATUS(LoadProject(Path("x.txt")), Code_::kInvalidArgument,
                "expected .thematica or .json");
}

TEST_F(NativeIoTest, GeneratedProjectsRoundTrip) {
  // Random projects of every shape: overlapping, nested and identical
  // ranges, deep codebooks, multi-code excerpts.
  std::mt19937 rng(42);
  for (int round = 0; round < 5; ++round) {
    Project p("generated");
    thematica::internal::ProjectAccess::SetIdSeed(p, round);
    std::vector<std::string> codes, docs;
    for (int i = 0; i < 20; ++i) {
      const std::string parent = codes.empty() || rng() % 3 == 0 ? "" : codes[rng() % codes.size()];
      codes.push_back(p.AddCode({.name = "c" + std::to_string(i), .parent_id = parent}).value());
    }
    for (int d = 0; d < 10; ++d) {
      std::string text;
      for (int w = 0; w < 200; ++w) text += (rng() % 5 == 0) ? "\xC3\xA9t\xC3\xA9 " : "word ";
      docs.push_back(p.AddDocument({.name = "d" + std::to_string(d), .text = text}).value());
    }
    for (int e = 0; e < 200; ++e) {
      const std::string& doc = docs[rng() % docs.size()];
      const int64_t len = p.DocumentLength(doc).value();
      const int64_t start = rng() % (len - 1);
      const int64_t end = start + 1 + rng() % (len - start - 1);
      std::vector<std::string> ids = {codes[rng() % codes.size()]};
      const std::string second = codes[rng() % codes.size()];
      if (second != ids[0] && rng() % 2) ids.push_back(second);
      ASSERT_OK(p.AddExcerpt({.document_id = doc, .span = {start, end}, .code_ids = ids}));
    }
    for (NativeFormat f : {NativeFormat::kBinary, NativeFormat::kJson}) {
      const std::string bytes = SerializeProject(p, f);
      ASSERT_OK_AND_ASSIGN(Project back, ParseProject(bytes, f));
      EXPECT_EQ(SerializeProject(back, f), bytes);
      ASSERT_EQ(back.excerpts().size(), p.excerpts().size());
      for (size_t i = 0; i < p.excerpts().size(); ++i) {
        EXPECT_EQ(back.ExcerptText(back.excerpts()[i]), p.ExcerptText(p.excerpts()[i]));
      }
    }
  }
}

}  // namespace
}  // namespace thematica
