// ProjectView: a read-only view of a compact file with its texts left in the
// mapping. The oracle is the loaded Project (LoadProject of the same file)
// and brute force over it: every answer of the view must be the project's,
// ToProject() must be the loaded project, and damaged files must be refused
// (at Open, or on first access to a damaged text) without crashing.
#include "internal/project_loader.h"
#include "thematica/project_view.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "thematica/native_io.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica {
namespace {

using Code_ = absl::StatusCode;
using ::testing::HasSubstr;

const std::string kFormats = THEMATICA_SOURCE_DIR "/tests/data/formats";

std::string Path(const std::string& name) { return ::testing::TempDir() + "/view_" + name; }

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The code points of valid UTF-8, decoded here (not by the library).
std::vector<std::string> CodePoints(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

// Projects in the shapes the view must handle: non-ASCII and empty texts,
// overlapping excerpts with one or two codes, a nested codebook, documents
// with a case, speaker turns with cases, descriptions, metadata and
// provenance (residual fields), excerpts without a coder.
Project Random(uint64_t seed) {
  std::mt19937_64 rng(seed);
  Project p("view ✓");
  thematica::internal::ProjectAccess::SetIdSeed(p, seed);
  p.SetHistoryEnabled(false);
  std::vector<std::string> codes, docs, coders, cases;
  for (int i = 0; i < 3; ++i) coders.push_back(p.AddCoder({.name = "coder " + std::to_string(i)}).value());
  for (int i = 0; i < 40; ++i) {
    const std::string parent = codes.empty() || rng() % 3 == 0 ? "" : codes[rng() % codes.size()];
    codes.push_back(p.AddCode({.name = "c" + std::to_string(i), .parent_id = parent}).value());
  }
  for (int c = 0; c < 6; ++c) cases.push_back(p.AddCase({.name = "P" + std::to_string(c)}).value());
  const int documents = 2 + static_cast<int>(rng() % 12);
  for (int d = 0; d < documents; ++d) {
    Document doc{.name = "d" + std::to_string(d)};
    const int words = rng() % 6 == 0 ? 0 : 1 + static_cast<int>(rng() % 80);
    for (int w = 0; w < words; ++w) {
      static const char* kWords[] = {"word ", "\xC3\xA9t\xC3\xA9 ", "😀 ", "Straße\n", "日本語 "};
      doc.text += kWords[rng() % 5];
    }
    if (rng() % 4 != 0) doc.case_id = cases[rng() % cases.size()];
    if (rng() % 3 == 0) doc.description = "about " + doc.name;
    if (rng() % 3 == 0) doc.metadata["source"] = "interview ✓";
    const int64_t length = static_cast<int64_t>(CodePoints(doc.text).size());
    if (length > 4 && rng() % 2 == 0) {
      const int64_t cut = 1 + static_cast<int64_t>(rng() % (length - 2));
      doc.speaker_turns.push_back({.span = {0, cut}, .case_id = cases[rng() % cases.size()], .speaker = "A"});
      doc.speaker_turns.push_back(
          {.span = {cut, length}, .case_id = rng() % 3 == 0 ? "" : cases[rng() % cases.size()], .speaker = "B"});
    }
    docs.push_back(p.AddDocument(doc).value());
  }
  const int excerpts = static_cast<int>(rng() % 200);
  for (int e = 0; e < excerpts; ++e) {
    const std::string& doc = docs[rng() % docs.size()];
    const int64_t len = p.DocumentLength(doc).value();
    if (len < 2) continue;
    const int64_t start = static_cast<int64_t>(rng() % (len - 1));
    const int64_t end = start + 1 + static_cast<int64_t>(rng() % (len - start));
    std::vector<std::string> ids = {codes[rng() % codes.size()]};
    const std::string second = codes[rng() % codes.size()];
    if (second != ids[0] && rng() % 2) ids.push_back(second);
    Excerpt x{.document_id = doc,
              .span = {start, end},
              .code_ids = ids,
              .coder_id = rng() % 4 == 0 ? "" : coders[rng() % coders.size()]};
    if (rng() % 5 == 0) x.metadata["note"] = "m";
    EXPECT_OK(p.AddExcerpt(x));
  }
  return p;
}

std::shared_ptr<const ProjectView> OpenSaved(const Project& p, const std::string& name) {
  const std::string path = Path(name);
  EXPECT_OK(SaveProject(p, path, NativeFormat::kCompact));
  absl::StatusOr<std::shared_ptr<const ProjectView>> v = ProjectView::Open(path);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : nullptr;
}

// Every answer of `v` against the project `p` it was saved from.
void ExpectSameAnswers(const ProjectView& v, const Project& p) {
  ASSERT_EQ(v.document_count(), p.documents().size());
  for (size_t i = 0; i < v.document_count(); ++i) {
    const Document& d = p.documents()[i];
    EXPECT_EQ(v.DocumentId(i), d.id);
    EXPECT_EQ(v.DocumentName(i), d.name);
    EXPECT_EQ(v.DocumentCaseId(i), d.case_id);
    ASSERT_OK_AND_ASSIGN(absl::string_view text, v.Text(i));
    EXPECT_EQ(text, d.text);
    EXPECT_EQ(v.FindDocument(d.id), i);
  }
  const std::vector<Code>& codes = p.codebook().codes();
  ASSERT_EQ(v.code_count(), codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ(v.CodeId(i), codes[i].id);
    EXPECT_EQ(v.CodeName(i), codes[i].name);
    EXPECT_EQ(v.CodeParentId(i), codes[i].parent_id);
  }
  ASSERT_EQ(v.case_count(), p.cases().size());
  for (size_t i = 0; i < v.case_count(); ++i) {
    EXPECT_EQ(v.CaseId(i), p.cases()[i].id);
    EXPECT_EQ(v.CaseName(i), p.cases()[i].name);
  }
  ASSERT_EQ(v.coder_count(), p.coders().size());
  for (size_t i = 0; i < v.coder_count(); ++i) EXPECT_EQ(v.CoderId(i), p.coders()[i].id);
  const std::vector<Excerpt>& excerpts = p.excerpts();
  ASSERT_EQ(v.excerpt_count(), excerpts.size());
  for (size_t i = 0; i < excerpts.size(); ++i) {
    const Excerpt& e = excerpts[i];
    EXPECT_EQ(v.ExcerptId(i), e.id);
    EXPECT_EQ(v.DocumentId(v.ExcerptDocument(i)), e.document_id);
    EXPECT_EQ(v.ExcerptStart(i), e.span.start);
    EXPECT_EQ(v.ExcerptEnd(i), e.span.end);
    std::vector<std::string> code_ids;
    for (uint32_t c : v.ExcerptCodes(i)) code_ids.push_back(v.CodeId(c));
    EXPECT_EQ(code_ids, e.code_ids);
    EXPECT_EQ(v.ExcerptCoder(i) < 0 ? "" : v.CoderId(v.ExcerptCoder(i)), e.coder_id);
    // Brute force: the code points of the document's text.
    const std::vector<std::string> cps = CodePoints(p.FindDocument(e.document_id)->text);
    std::string expected;
    for (int64_t k = e.span.start; k < e.span.end; ++k) expected += cps[k];
    ASSERT_OK_AND_ASSIGN(absl::string_view text, v.ExcerptText(i));
    EXPECT_EQ(text, expected) << i;
  }
  for (const Code& code : codes) {
    for (bool descendants : {false, true}) {
      std::set<std::string> wanted = {code.id};
      if (descendants) {
        for (const std::string& d : p.codebook().Descendants(code.id)) wanted.insert(d);
      }
      std::vector<size_t> expected;
      for (size_t i = 0; i < excerpts.size(); ++i) {
        if (std::any_of(excerpts[i].code_ids.begin(), excerpts[i].code_ids.end(),
                        [&](const std::string& c) { return wanted.contains(c); })) {
          expected.push_back(i);
        }
      }
      ASSERT_OK_AND_ASSIGN(std::vector<size_t> got, v.Excerpts(code.id, descendants));
      EXPECT_EQ(got, expected) << code.name << " " << descendants;
    }
  }
  for (bool descendants : {false, true}) {
    const std::vector<CodeCount> want = p.CodeCounts(descendants), got = v.CodeCounts(descendants);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].code_id, want[i].code_id);
      EXPECT_EQ(got[i].excerpts, want[i].excerpts) << i;
      EXPECT_EQ(got[i].documents, want[i].documents) << i;
      EXPECT_EQ(got[i].cases, want[i].cases) << i;
    }
  }
}

TEST(ProjectView, RandomProjectsAnswerAsTheLoadedProject) {
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    SCOPED_TRACE(seed);
    const Project p = Random(seed);
    std::shared_ptr<const ProjectView> v = OpenSaved(p, "random.thematica");
    ASSERT_NE(v, nullptr);
    ASSERT_OK_AND_ASSIGN(Project loaded, LoadProject(Path("random.thematica")));
    ExpectSameAnswers(*v, loaded);
    ExpectSameAnswers(*v, p);
    ASSERT_OK_AND_ASSIGN(Project materialised, v->ToProject());
    EXPECT_EQ(SerializeProject(materialised, NativeFormat::kBinary), SerializeProject(loaded, NativeFormat::kBinary));
    EXPECT_OK(v->Validate());
  }
}

TEST(ProjectView, TheGoldenProjectWithTurnsAndOriginalFiles) {
  for (const char* name : {"/v1.1/project.thematica", "/future/project.thematica"}) {
    SCOPED_TRACE(name);
    ASSERT_OK_AND_ASSIGN(Project p, LoadProject(kFormats + name));
    std::shared_ptr<const ProjectView> v = OpenSaved(p, "golden.thematica");
    ASSERT_NE(v, nullptr);
    ASSERT_OK_AND_ASSIGN(Project loaded, LoadProject(Path("golden.thematica")));
    ExpectSameAnswers(*v, loaded);
    ASSERT_OK_AND_ASSIGN(Project materialised, v->ToProject());
    EXPECT_EQ(SerializeProject(materialised, NativeFormat::kBinary), SerializeProject(loaded, NativeFormat::kBinary));
  }
}

TEST(ProjectView, TheGoldenCompactFileOpensAsWritten) {
  const std::string path = kFormats + "/v1.2/project.compact.thematica";
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const ProjectView> v, ProjectView::Open(path));
  ASSERT_OK_AND_ASSIGN(Project loaded, LoadProject(path));
  ExpectSameAnswers(*v, loaded);
  EXPECT_OK(v->Validate());
}

TEST(ProjectView, RecordEncodingAndJsonAreRefusedWithHowToConvert) {
  const Project p = Random(3);
  ASSERT_OK(SaveProject(p, Path("records.thematica"), NativeFormat::kBinary));
  ASSERT_OK(SaveProject(p, Path("p.json")));
  EXPECT_STATUS(ProjectView::Open(Path("records.thematica")), Code_::kInvalidArgument,
                "thematica convert IN OUT.thematica --compact");
  EXPECT_STATUS(ProjectView::Open(Path("p.json")), Code_::kInvalidArgument, "--compact");
  EXPECT_EQ(ProjectView::Open(Path("missing.thematica")).status().code(), Code_::kNotFound);
}

TEST(ProjectView, SavingOverTheFileLeavesTheViewOnItsOldBytes) {
  Project p = Random(4);
  std::shared_ptr<const ProjectView> v = OpenSaved(p, "saved_over.thematica");
  ASSERT_NE(v, nullptr);
  const std::string before(*v->Text(0));
  Document changed = p.documents()[0];
  ASSERT_OK(p.RemoveDocument(changed.id));
  ASSERT_OK(SaveProject(p, Path("saved_over.thematica"), NativeFormat::kCompact));
  EXPECT_EQ(*v->Text(0), before);
  ASSERT_OK_AND_ASSIGN(Project old, v->ToProject());
  EXPECT_EQ(old.documents()[0].id, changed.id);
}

TEST(ProjectView, BadTextIsDataLossOnFirstAccessNamingTheDocument) {
  Project p("bad text");
  p.SetHistoryEnabled(false);
  const std::string code = p.AddCode({.name = "c"}).value();
  const std::string a = p.AddDocument({.name = "fine", .text = "plain"}).value();
  const std::string b = p.AddDocument({.name = "broken", .text = "\xC3\xA9\xC3\xA9\xC3\xA9"}).value();
  ASSERT_OK(p.AddExcerpt({.document_id = a, .span = {0, 2}, .code_ids = {code}}));
  ASSERT_OK(p.AddExcerpt({.document_id = b, .span = {0, 2}, .code_ids = {code}}));
  const std::string bytes = SerializeProject(p, NativeFormat::kCompact);

  // The last byte of the file is the last byte of "broken"'s text: no UTF-8.
  std::string damaged = bytes;
  damaged.back() = '\xFF';
  WriteAll(Path("bad_utf8.thematica"), damaged);
  ASSERT_OK_AND_ASSIGN(auto v, ProjectView::Open(Path("bad_utf8.thematica")));
  EXPECT_OK(v->Text(0));
  EXPECT_EQ(v->ExcerptText(0).value_or("?"), "pl");  // ASCII: code points are bytes.
  EXPECT_STATUS(v->Text(1), Code_::kDataLoss, "text of document \"broken\"");
  EXPECT_STATUS(v->ExcerptText(1), Code_::kDataLoss, "invalid UTF-8");
  EXPECT_EQ(v->Validate().code(), Code_::kDataLoss);

  // A span within the 6 bytes but past the 3 code points.
  v1::Project message;
  ASSERT_TRUE(message.ParseFromString(bytes.substr(19)));
  message.mutable_compact_corpus()->mutable_excerpts()->set_lengths(1, 5);
  WriteAll(Path("long_span.thematica"), bytes.substr(0, 19) + message.SerializeAsString());
  ASSERT_OK_AND_ASSIGN(auto w, ProjectView::Open(Path("long_span.thematica")));
  EXPECT_OK(w->Text(0));
  EXPECT_STATUS(w->Text(1), Code_::kDataLoss, "a span ends at 5, past its 3 code points");
  // Past the bytes too: refused at open, without reading the text.
  message.mutable_compact_corpus()->mutable_excerpts()->set_lengths(1, 7);
  WriteAll(Path("longer_span.thematica"), bytes.substr(0, 19) + message.SerializeAsString());
  EXPECT_STATUS(ProjectView::Open(Path("longer_span.thematica")), Code_::kDataLoss,
                "excerpts: row 1: span [0, 7) outside document broken");
}

TEST(ProjectView, OpensFilesOverTwoGibibytesWithoutReadingTheTexts) {
  Project p("large");
  p.SetHistoryEnabled(false);
  const std::string code = p.AddCode({.name = "c"}).value();
  const std::string doc = p.AddDocument({.name = "zeros", .text = "x"}).value();
  ASSERT_OK(p.AddExcerpt({.document_id = doc, .span = {0, 1}, .code_ids = {code}}));
  v1::Project message;
  ASSERT_TRUE(message.ParseFromString(SerializeProject(p, NativeFormat::kCompact).substr(19)));
  message.clear_compact_texts();
  constexpr uint64_t kText = uint64_t{3} << 30;  // 3 GiB of NUL bytes (valid UTF-8), sparse on disk.
  message.mutable_compact_corpus()->mutable_documents()->set_text_bytes(0, kText);
  std::string head = std::string("\0thematica compact\n", 19) + message.SerializeAsString();
  head += static_cast<char>(v1::Project::kCompactTextsFieldNumber << 3 | 2);
  head += static_cast<char>(1);  // The tag's second varint byte (22 << 3 | 2 = 178).
  for (uint64_t n = kText; ; n >>= 7) {
    head += static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    if (n < 0x80) break;
  }
  const std::string path = Path("large.thematica");
  WriteAll(path, head);
  std::filesystem::resize_file(path, head.size() + kText);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const ProjectView> v, ProjectView::Open(path));
  EXPECT_EQ(v->DocumentTextBytes(0), kText);
  EXPECT_EQ(v->file_bytes(), head.size() + kText);
  ASSERT_OK_AND_ASSIGN(std::vector<size_t> rows, v->Excerpts(code));
  EXPECT_EQ(rows, std::vector<size_t>{0});
  EXPECT_EQ(v->CodeCounts()[0].excerpts, 1);
  // Materialising is the loader's job, and it stops at 2 GiB.
  EXPECT_EQ(v->ToProject().status().code(), Code_::kResourceExhausted);
  std::filesystem::remove(path);
}

TEST(ProjectView, InconsistentColumnsAreDataLossAsInTheLoader) {
  const std::string bytes = SerializeProject(Random(8), NativeFormat::kCompact);
  v1::Project message;
  ASSERT_TRUE(message.ParseFromString(bytes.substr(19)));
  auto damaged = [&](auto&& change) {
    v1::Project m = message;
    change(*m.mutable_compact_corpus());
    WriteAll(Path("damaged.thematica"), bytes.substr(0, 19) + m.SerializeAsString());
    return ProjectView::Open(Path("damaged.thematica"));
  };
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->add_starts(1); }),
                Code_::kDataLoss, "excerpts: columns of different lengths");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->set_codes(0, 5000); }),
                Code_::kDataLoss, "row 0 refers to code 2500 of 40");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->add_codes(2); }),
                Code_::kDataLoss, "codes column too long");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_documents()->set_text_bytes(0, 1); }),
                Code_::kDataLoss, "texts longer than the documents' texts");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_documents()->set_cases(0, 99); }),
                Code_::kDataLoss, "documents: row 0 refers to case 99 of 6");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->set_coders(0, 9); }),
                Code_::kDataLoss, "excerpts: row 0 refers to coder 9 of 3");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_documents()->mutable_ids()->mutable_guids()->pop_back(); }),
                Code_::kDataLoss, "documents: id column does not match the row count");
  EXPECT_STATUS(damaged([](v1::CompactCorpus& c) { c.mutable_excerpts()->mutable_times()->add_flag_runs(1); }),
                Code_::kDataLoss, "excerpts: time flags: odd number of entries");
}

// Whatever Open accepts, reading every answer does not crash, and a view
// that validates answers as the project it materialises. Returns whether
// it opened.
bool ExpectHarmless(const std::string& bytes, const std::string& name) {
  WriteAll(Path(name), bytes);
  absl::StatusOr<std::shared_ptr<const ProjectView>> v = ProjectView::Open(Path(name));
  if (!v.ok()) {
    EXPECT_THAT(v.status().code(), ::testing::AnyOf(Code_::kDataLoss, Code_::kInvalidArgument,
                                                    Code_::kFailedPrecondition))
        << v.status();
    return false;
  }
  for (size_t i = 0; i < (*v)->document_count(); ++i) (void)(*v)->Text(i);
  for (size_t i = 0; i < (*v)->excerpt_count(); ++i) (void)(*v)->ExcerptText(i);
  (void)(*v)->CodeCounts(true);
  for (size_t c = 0; c < (*v)->code_count(); ++c) (void)(*v)->Excerpts((*v)->CodeId(c), true);
  if ((*v)->Validate().ok()) {
    absl::StatusOr<Project> p = (*v)->ToProject();
    EXPECT_TRUE(p.ok()) << p.status();
    if (p.ok()) ExpectSameAnswers(**v, *p);
  }
  return true;
}

TEST(ProjectView, TruncatedFilesAreRefused) {
  const std::string bytes = SerializeProject(Random(9), NativeFormat::kCompact);
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 32) {
    WriteAll(Path("cut.thematica"), bytes.substr(0, cut));
    absl::StatusOr<std::shared_ptr<const ProjectView>> v = ProjectView::Open(Path("cut.thematica"));
    ASSERT_FALSE(v.ok()) << cut;
    EXPECT_EQ(v.status().code(), cut < 19 ? Code_::kInvalidArgument : Code_::kDataLoss) << cut << v.status();
  }
}

TEST(ProjectView, FlippedBytesNeverCrash) {
  const std::string bytes = SerializeProject(Random(10), NativeFormat::kCompact);
  std::mt19937 rng(6);
  int opened = 0;
  for (int i = 0; i < 400; ++i) {
    std::string damaged = bytes;
    // Mostly in the header and columns (before the texts run).
    const size_t limit = i % 4 == 0 ? damaged.size() : damaged.size() / 2;
    damaged[rng() % limit] ^= static_cast<char>(1 + rng() % 255);
    opened += ExpectHarmless(damaged, "flipped.thematica");
  }
  // Both paths are exercised: flips the checks catch, and flips (of times,
  // names, texts) that still open.
  EXPECT_GT(opened, 20);
  EXPECT_LT(opened, 380);
}

TEST(ProjectView, SeedsOfTheNativeFuzzerNeverCrash) {
  const std::string dir = THEMATICA_SOURCE_DIR "/fuzz/corpus/native";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    // A seed's first byte picks the fuzzer's loader; the file follows.
    ExpectHarmless(ReadAll(entry.path().string()).substr(1), "seed.thematica");
    ++seen;
  }
  EXPECT_GT(seen, 0);
}

}  // namespace
}  // namespace thematica
