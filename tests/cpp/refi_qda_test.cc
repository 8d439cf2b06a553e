// REFI-QDA import and export: the samples in tests/data/refi-qda (counts, positions), round
// trips, schema validation with xmllint, and hostile files.
#include "internal/project_loader.h"
#include "thematica/refi_qda.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <regex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "internal/csv.h"
#include "internal/sha256.h"
#include "io/refi_positions.h"
#include "io/refi_zip.h"
#include "test_util.h"
#include "thematica/codebook_csv.h"
#include "internal/file_util.h"
#include "thematica/native_io.h"
#include "thematica/text.h"

namespace thematica {
namespace {

namespace fs = std::filesystem;

const std::string kSamples = THEMATICA_TEST_DATA_DIR "/refi-qda/samples";
const std::string kXsd = THEMATICA_TEST_DATA_DIR "/refi-qda/xsd";

std::string TempPath(absl::string_view name) {
  // Per process: ctest runs tests in parallel, each in its own process.
  fs::path dir = fs::temp_directory_path() / absl::StrCat("thematica_refi_test_", ::getpid());
  fs::create_directories(dir);
  return (dir / std::string(name)).string();
}

// Runs the libxml2 schema validator (an oracle independent of our writer).
bool ValidatesAgainst(const std::string& xml, const std::string& xsd, std::string* log) {
  std::string file = TempPath("validate.xml");
  EXPECT_OK(WriteFileAtomic(file, xml));
  std::string out = TempPath("xmllint.log");
  std::string cmd = absl::StrCat("xmllint --noout --schema '", kXsd, "/", xsd, "' '", file,
                                 "' > '", out, "' 2>&1");
  int rc = std::system(cmd.c_str());
  *log = ReadFile(out).value_or("");
  return rc == 0;
}

bool IsWordChar(absl::string_view text, size_t byte) {
  unsigned char c = static_cast<unsigned char>(text[byte]);
  return c >= 0x80 || absl::ascii_isalnum(c);  // Letters of any script count.
}

// True when the excerpt neither starts nor ends in the middle of a word.
bool OnWordBoundaries(const Project& p, const Excerpt& e) {
  const Document& d = *p.FindDocument(e.document_id);
  const TextIndex& index = *p.DocumentIndex(d.id);
  size_t a = index.ByteOffset(d.text, e.span.start);
  size_t b = index.ByteOffset(d.text, e.span.end);
  auto starts_mid = a > 0 && IsWordChar(d.text, a - 1) && IsWordChar(d.text, a);
  auto ends_mid = b < d.text.size() && IsWordChar(d.text, b) && IsWordChar(d.text, b - 1);
  // Continuation bytes of one character are not a boundary either way.
  return !starts_mid && !ends_mid;
}

int WordBoundaryCount(const Project& p) {
  int n = 0;
  for (const Excerpt& e : p.excerpts()) n += OnWordBoundaries(p, e);
  return n;
}

SourceReader DirectoryReader(const std::string& dir) {
  return [dir](absl::string_view name, bool internal) -> absl::StatusOr<std::string> {
    if (!internal) return absl::NotFoundError("external");
    return ReadFile(absl::StrCat(dir, "/", name));
  };
}

// --- Samples from other tools ------------------------------------------------------------

TEST(RefiSamples, NvivoWindowsCountsMatchTheFile) {
  // Counts from SOURCES.md and the file itself (grep -c of each element).
  ASSERT_OK_AND_ASSIGN(ImportResult r,
                       ReadQdpx(kSamples + "/nvivo12-hungarian-two-sources.qdpx"));
  const Project& p = r.project;
  EXPECT_EQ(p.coders().size(), 2u);
  EXPECT_EQ(p.codebook().size(), 152u);
  EXPECT_EQ(p.documents().size(), 2u);
  EXPECT_EQ(p.excerpts().size(), 303u);
  EXPECT_EQ(p.memos().size(), 0u);
  EXPECT_EQ(p.cases().size(), 0u);
  int not_codable = 0;
  for (const Code& c : p.codebook().codes()) not_codable += !c.codable;
  EXPECT_EQ(not_codable, 1);
  // The rich-text .docx files come in as the documents' originals, byte for
  // byte what the archive holds under Sources/.
  ASSERT_OK_AND_ASSIGN(std::string zip,
                       ReadFile(kSamples + "/nvivo12-hungarian-two-sources.qdpx"));
  ASSERT_OK_AND_ASSIGN(internal::ZipEntries entries, internal::ReadZip(zip, {}));
  for (const Document& d : p.documents()) {
    ASSERT_TRUE(d.source_file.has_value()) << d.name;
    const SourceFile& f = *d.source_file;
    EXPECT_EQ(f.name, absl::StrCat(d.id, ".docx"));
    EXPECT_TRUE(absl::StartsWith(f.content, "PK\x03\x04"));  // A zip, as .docx files are.
    auto entry = std::find_if(entries.begin(), entries.end(), [&](const auto& e) {
      return e.first == absl::StrCat("Sources/", d.id, ".docx");
    });
    ASSERT_NE(entry, entries.end());
    EXPECT_EQ(f.content, entry->second);
    EXPECT_EQ(f.sha256.size(), 64u);  // Checked against hashlib in test_refi.py.
    EXPECT_EQ(f.media_type,
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_TRUE(absl::StartsWith(f.importer, "thematica-refi-qda")) << f.importer;
  }
  EXPECT_FALSE(std::any_of(r.warnings.begin(), r.warnings.end(),
                           [](const std::string& w) { return absl::StrContains(w, ".docx"); }));
  // BOM stripped, CRLF kept.
  const Document& doc = *p.FindDocumentByName("videos_10_selected");
  EXPECT_FALSE(absl::StartsWith(doc.text, "\xEF\xBB\xBF"));
  EXPECT_TRUE(absl::StrContains(doc.text, "\r\n"));
}

TEST(RefiSamples, NvivoPositionsAreUtf16UnitsAndLandOnWords) {
  ASSERT_OK_AND_ASSIGN(ImportResult r,
                       ReadQdpx(kSamples + "/nvivo12-hungarian-two-sources.qdpx"));
  // NOTES.md: 300 of 303 selections lie on word boundaries under NVivo's
  // convention; the other three are mid-word selections the coder made.
  EXPECT_EQ(WordBoundaryCount(r.project), 300);
  // Read as plain code points instead, the selections drift past the emoji.
  QdpxLimits as_code_points;
  as_code_points.positions = PositionConvention::kCodePoints;
  absl::StatusOr<ImportResult> wrong =
      ReadQdpx(kSamples + "/nvivo12-hungarian-two-sources.qdpx", as_code_points);
  if (wrong.ok()) EXPECT_LT(WordBoundaryCount(wrong->project), 100);
  // One selection, offsets 3137-3284, against Python's independent slicing
  // of the UTF-16 encoding (tests/python/test_refi.py checks all 303).
  const Excerpt* e = r.project.FindExcerpt("7154a758-6873-4134-badd-ae1dc04d3086");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(r.project.ExcerptText(*e),
            "Senkit nem lehet kötelezni oltásra, ilyet csak ostoba korlátolt agyi "
            "kapacitással rendelkező emberhulladék hozhat aki nem szaporodhat és nem élhet.");
}

// NVivo → Thematica → .qdpx → Thematica gives the same project. (Needs the
// native JSON writer to keep a project-level metadata map intact: the
// sidecar is that JSON.)
TEST(RefiSamples, NvivoImportRoundTripsThroughOurQdpx) {
  ASSERT_OK_AND_ASSIGN(ImportResult r,
                       ReadQdpx(kSamples + "/nvivo12-hungarian-two-sources.qdpx"));
  ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(r.project));
  ASSERT_OK_AND_ASSIGN(ImportResult back, ReadQdpxFromMemory(zip));
  EXPECT_TRUE(back.warnings.empty()) << back.warnings[0];
  ASSERT_EQ(back.project.excerpts().size(), r.project.excerpts().size());
  for (size_t i = 0; i < r.project.excerpts().size(); ++i) {
    EXPECT_EQ(back.project.ExcerptText(back.project.excerpts()[i]),
              r.project.ExcerptText(r.project.excerpts()[i]));
  }
  EXPECT_EQ(back.project.info().metadata, r.project.info().metadata);
  for (const Document& d : r.project.documents()) {
    EXPECT_EQ(back.project.FindDocument(d.id)->source_file, d.source_file);
  }
  // An export for NVivo (no sidecar) hands the .docx files back as NVivo
  // named them.
  ASSERT_OK_AND_ASSIGN(std::string for_nvivo,
                       WriteQdpxToMemory(r.project, {.target = ExportTarget::kNvivo}));
  ASSERT_OK_AND_ASSIGN(ImportResult again, ReadQdpxFromMemory(for_nvivo));
  for (const Document& d : r.project.documents()) {
    const Document* e = again.project.FindDocument(d.id);
    ASSERT_NE(e, nullptr);
    ASSERT_TRUE(e->source_file.has_value());
    EXPECT_EQ(e->source_file->name, d.source_file->name);
    EXPECT_EQ(e->source_file->content, d.source_file->content);
    EXPECT_EQ(e->source_file->sha256, d.source_file->sha256);
  }
}

TEST(RefiSamples, NvivoMacAgreesWithWindows) {
  const std::string dir = kSamples + "/nvivo12mac-unzipped";
  ASSERT_OK_AND_ASSIGN(std::string qde, ReadFile(dir + "/project.qde"));
  ASSERT_OK_AND_ASSIGN(ImportResult mac, ParseQde(qde, DirectoryReader(dir + "/sources")));
  EXPECT_EQ(mac.project.coders().size(), 2u);
  EXPECT_EQ(mac.project.codebook().size(), 152u);
  EXPECT_EQ(mac.project.documents().size(), 2u);
  EXPECT_EQ(mac.project.excerpts().size(), 297u);
  EXPECT_EQ(WordBoundaryCount(mac.project), 294);
  // Every quote the Mac export shows is one the Windows export shows (up to
  // line ends: the Mac text has LF, the Windows text CRLF).
  ASSERT_OK_AND_ASSIGN(ImportResult win,
                       ReadQdpx(kSamples + "/nvivo12-hungarian-two-sources.qdpx"));
  std::set<std::string> windows_quotes;
  for (const Excerpt& e : win.project.excerpts()) {
    windows_quotes.insert(absl::StrReplaceAll(win.project.ExcerptText(e), {{"\r\n", "\n"}}));
  }
  int found = 0;
  for (const Excerpt& e : mac.project.excerpts()) {
    found += windows_quotes.contains(std::string(mac.project.ExcerptText(e)));
  }
  EXPECT_GE(found, 290) << "of " << mac.project.excerpts().size();
}

TEST(RefiSamples, AtlasAnnexImportsAndKeepsWhatWeDoNotModel) {
  ASSERT_OK_AND_ASSIGN(std::string qde, ReadFile(kSamples + "/spec-annexA2-atlasti84-project.qde"));
  // The annex never shipped its text files; stand in a long enough text.
  SourceReader filler = [](absl::string_view, bool) -> absl::StatusOr<std::string> {
    return std::string(5000, 'x');
  };
  ASSERT_OK_AND_ASSIGN(ImportResult r, ParseQde(qde, filler));
  const Project& p = r.project;
  EXPECT_EQ(p.coders().size(), 3u);
  EXPECT_EQ(p.codebook().size(), 14u);
  EXPECT_EQ(p.documents().size(), 6u);
  EXPECT_EQ(p.memos().size(), 2u);
  EXPECT_EQ(p.themes().size(), 16u);
  int opaque_sources = 0;
  for (const auto& [key, xml] : p.info().metadata) {
    opaque_sources += absl::StartsWith(key, "refi:opaque:source:");
  }
  EXPECT_EQ(opaque_sources, 6);  // Picture, 2 PDF, audio, 2 video.
  EXPECT_FALSE(r.warnings.empty());
  // Written back, the opaque parts are still there and the file validates.
  std::vector<std::pair<std::string, std::string>> files;
  std::string out = SerializeQde(p, /*inline_text=*/true, &files);
  EXPECT_TRUE(absl::StrContains(out, "<PDFSelection"));
  EXPECT_TRUE(absl::StrContains(out, "<VideoSelection"));
  std::string log;
  EXPECT_TRUE(ValidatesAgainst(out, "Project-mrt2019.xsd", &log)) << log;
}

TEST(RefiSamples, AnnexCodebookReadsBracedGuidsAndFolders) {
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdc(kSamples + "/spec-annexA1-codebook.qdc"));
  const Codebook& book = r.project.codebook();
  EXPECT_EQ(book.size(), 6u);
  const Code* economy = book.Find("d7aa29da-519b-4946-9b90-253b6db8fd0a");
  ASSERT_NE(economy, nullptr);
  EXPECT_EQ(economy->color, "#ffff00");
  EXPECT_EQ(economy->description, "Anything about jobs or taxes or business");
  EXPECT_FALSE(book.Find("5215cc69-b628-4e02-afb9-9beeaee55808")->codable);
}

// --- Positions ------------------------------------------------------------------

TEST(RefiPositions, Utf16CountsAstralCharactersTwice) {
  // "a😀b\r\nc": code points a=0 😀=1 b=2 \r=3 \n=4 c=5; UTF-16 adds one
  // unit for the emoji.
  internal::PositionMap m("a\xF0\x9F\x98\x80" "b\r\nc", PositionConvention::kUtf16CodeUnits);
  EXPECT_EQ(m.ToCodePoint(3).value(), 2);
  EXPECT_EQ(m.ToCodePoint(6).value(), 5);
  EXPECT_EQ(m.ToCodePoint(2).status().code(), absl::StatusCode::kOutOfRange);  // Mid-emoji.
  EXPECT_EQ(m.ToCodePoint(8).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(m.FromCodePoint(5), 6);
}

TEST(RefiPositions, AtlasCountsCrlfAsOne) {
  internal::PositionMap m("ab\r\ncd", PositionConvention::kCodePointsCrlfAsOne);
  EXPECT_EQ(m.ToCodePoint(2).value(), 2);  // End of the first line: before CR.
  EXPECT_EQ(m.ToCodePoint(3).value(), 4);  // Start of the second line.
  EXPECT_EQ(m.length(), 5);
}

TEST(RefiPositions, Utf8BytesRefuseMidCharacter) {
  internal::PositionMap m("\xC3\xA9t\xC3\xA9", PositionConvention::kUtf8Bytes);  // "été"
  EXPECT_EQ(m.ToCodePoint(2).value(), 1);
  EXPECT_FALSE(m.ToCodePoint(1).ok());
}

TEST(RefiPositions, OriginsPickTheirConvention) {
  EXPECT_EQ(ConventionForOrigin("NVivo for Windows 12.6"), PositionConvention::kUtf16CodeUnits);
  EXPECT_EQ(ConventionForOrigin("NVivo for Mac 12.7.0"), PositionConvention::kUtf16CodeUnits);
  EXPECT_EQ(ConventionForOrigin("ATLAS.ti 8.4.0 573"), PositionConvention::kCodePointsCrlfAsOne);
  EXPECT_EQ(ConventionForOrigin(ThematicaOrigin()), PositionConvention::kCodePoints);
  EXPECT_EQ(ConventionForOrigin("SomethingElse 1.0"), PositionConvention::kCodePoints);
}

// --- Our own exports ---------------------------------------------------------------

// A study like the example one, with every kind of object, non-ASCII and
// astral text, CRLF line ends and code definitions.
Project StudyLikeProject() {
  Project p("Peer support — étude 😀");
  thematica::internal::ProjectAccess::SetIdSeed(p, 7);
  thematica::internal::ProjectAccess::SetFixedClock(p, absl::FromUnixSeconds(1700000000));
  std::string ana = p.AddCoder({.name = "Ana"}).value();
  std::string ben = p.AddCoder({.name = "Ben Ørsted"}).value();
  std::string role = p.AddAttribute({.name = "role", .type = AttributeType::kText}).value();
  std::string age = p.AddAttribute({.name = "age", .type = AttributeType::kNumber}).value();
  std::string peer = p.AddAttribute({.name = "peer", .type = AttributeType::kBoolean}).value();
  std::string since = p.AddAttribute({.name = "since", .type = AttributeType::kDate}).value();
  std::string p4 = p.AddCase({.name = "P4", .description = "first"}).value();
  std::string p7 = p.AddCase({.name = "P7"}).value();
  EXPECT_OK(p.SetCaseAttribute(p4, role, AttributeValue("patient")));
  EXPECT_OK(p.SetCaseAttribute(p4, age, AttributeValue(42.5)));
  EXPECT_OK(p.SetCaseAttribute(p4, peer, AttributeValue(true)));
  EXPECT_OK(p.SetCaseAttribute(p7, since, AttributeValue(absl::CivilDay(2021, 3, 4))));
  std::string d1 = p.AddDocument({.name = "P4 interview",
                                  .text = "I: Wie geht's? 😀\r\nP4: Mir geht es gut — "
                                          "das Café hilft.\r\nI: 👍🏽 Danke.",
                                  .case_id = p4,
                                  .description = "Interview 1"})
                       .value();
  std::string d2 =
      p.AddDocument({.name = "Field note", .text = "Ασπίδα και 漢字 text, LF only.\nEnd."}).value();
  std::string functions = p.AddCode({.name = "Functions", .codable = false}).value();
  std::string advocacy = p.AddCode({.name = "Advocacy",
                                    .parent_id = functions,
                                    .description = "Speaking up for another",
                                    .inclusion = "on behalf of someone",
                                    .exclusion = "self-advocacy",
                                    .example = "\"I told the nurse\"",
                                    .color = "#aa3300"})
                             .value();
  std::string wellbeing = p.AddCode({.name = "Wohlbefinden 😀", .color = "#00ff00"}).value();
  std::string e1 = p.AddExcerpt({.document_id = d1, .span = {15, 16}, .code_ids = {wellbeing},
                                 .coder_id = ana})
                       .value();
  p.AddExcerpt({.document_id = d1, .span = {18, 50}, .code_ids = {advocacy, wellbeing},
                .coder_id = ben})
      .value();
  p.AddExcerpt({.document_id = d2, .span = {0, 6}, .code_ids = {advocacy}}).value();
  std::string bridge = p.AddTheme({.name = "The bridge", .description = "Links", .color = "#123456"})
                           .value();
  std::string sub = p.AddTheme({.name = "Advocacy", .parent_id = bridge, .code_ids = {advocacy}})
                        .value();
  p.AddTheme({.name = "Feeling", .code_ids = {wellbeing, advocacy}}).value();
  p.AddRelation({.source_id = sub, .target_id = wellbeing, .label = "leads to"}).value();
  p.AddMemo({.title = "Why 'bridge'", .text = "Because…", .author_id = ana, .target_id = bridge})
      .value();
  p.AddMemo({.title = "On the excerpt", .text = "😀", .target_id = e1}).value();
  p.AddMemo({.title = "Project memo", .text = "General"}).value();
  p.AddMemo({.title = "On a code", .text = "x", .target_id = advocacy}).value();
  return p;
}

std::string Json(const Project& p) { return SerializeProject(p, NativeFormat::kJson); }

TEST(RefiExport, QdeValidatesAgainstTheSchema) {
  Project p = StudyLikeProject();
  std::vector<std::pair<std::string, std::string>> files;
  std::string qde = SerializeQde(p, /*inline_text=*/false, &files);
  EXPECT_EQ(files.size(), 2u);
  std::string log;
  EXPECT_TRUE(ValidatesAgainst(qde, "Project-mrt2019.xsd", &log)) << log << qde;
  std::string inline_qde = SerializeQde(p, /*inline_text=*/true, &files);
  EXPECT_TRUE(ValidatesAgainst(inline_qde, "Project-mrt2019.xsd", &log)) << log;
}

TEST(RefiExport, QdcValidatesAgainstTheSchema) {
  std::string log;
  EXPECT_TRUE(ValidatesAgainst(SerializeQdc(StudyLikeProject()), "Codebook.xsd", &log)) << log;
}

TEST(RefiExport, QdpxRoundTripsExactly) {
  Project p = StudyLikeProject();
  const std::string path = TempPath("study.qdpx");
  ASSERT_OK(WriteQdpx(p, path));
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpx(path));
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(Json(r.project), Json(p));
}

// Without the Thematica sidecar (as after a trip through another tool that
// keeps the REFI-QDA content), everything the standard carries survives.
TEST(RefiExport, StandardContentAloneKeepsTheStudy) {
  Project p = StudyLikeProject();
  ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p));
  ASSERT_OK_AND_ASSIGN(internal::ZipEntries entries, internal::ReadZip(zip, {}));
  std::erase_if(entries, [](const auto& e) { return absl::StartsWith(e.first, "thematica/"); });
  ASSERT_OK_AND_ASSIGN(std::string stripped, internal::WriteZip(entries));
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(stripped));
  const Project& q = r.project;
  EXPECT_EQ(q.title(), p.title());
  ASSERT_EQ(q.documents().size(), p.documents().size());
  for (const Document& d : p.documents()) {
    ASSERT_NE(q.FindDocument(d.id), nullptr);
    EXPECT_EQ(q.FindDocument(d.id)->text, d.text);
    EXPECT_EQ(q.FindDocument(d.id)->case_id, d.case_id);
  }
  ASSERT_EQ(q.excerpts().size(), p.excerpts().size());
  for (const Excerpt& e : p.excerpts()) {
    const Excerpt* f = q.FindExcerpt(e.id);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->span, e.span);
    EXPECT_EQ(f->code_ids, e.code_ids);
    EXPECT_EQ(f->coder_id, e.coder_id);
    EXPECT_EQ(q.ExcerptText(*f), p.ExcerptText(e));
  }
  for (const Code& c : p.codebook().codes()) {
    const Code* f = q.FindCode(c.id);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->name, c.name);
    EXPECT_EQ(f->parent_id, c.parent_id);
    EXPECT_EQ(f->description, c.description);
    EXPECT_EQ(f->inclusion, c.inclusion);
    EXPECT_EQ(f->exclusion, c.exclusion);
    EXPECT_EQ(f->example, c.example);
    EXPECT_EQ(f->color, c.color);
    EXPECT_EQ(f->codable, c.codable);
  }
  for (const Theme& t : p.themes()) {
    const Theme* f = q.FindTheme(t.id);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->name, t.name);
    EXPECT_EQ(f->parent_id, t.parent_id);
    EXPECT_EQ(f->code_ids, t.code_ids);
    EXPECT_EQ(f->color, t.color);
    EXPECT_EQ(f->description, t.description);
  }
  ASSERT_EQ(q.relations().size(), 1u);
  EXPECT_EQ(q.relations()[0].label, "leads to");
  EXPECT_EQ(q.relations()[0].direction, RelationDirection::kOneWay);
  for (const Case& c : p.cases()) {
    ASSERT_NE(q.FindCase(c.id), nullptr);
    EXPECT_EQ(q.FindCase(c.id)->attributes, c.attributes);
  }
  for (const Memo& m : p.memos()) {
    ASSERT_NE(q.FindMemo(m.id), nullptr);
    EXPECT_EQ(q.FindMemo(m.id)->text, m.text);
    EXPECT_EQ(q.FindMemo(m.id)->target_id, m.target_id);
  }
}

TEST(RefiExport, TheSidecarIsIgnoredOnceTheContentChanged) {
  Project p = StudyLikeProject();
  ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p));
  ASSERT_OK_AND_ASSIGN(internal::ZipEntries entries, internal::ReadZip(zip, {}));
  for (auto& [name, data] : entries) {
    if (name == "project.qde") data = absl::StrReplaceAll(data, {{"The bridge", "Die Brücke"}});
  }
  ASSERT_OK_AND_ASSIGN(std::string edited, internal::WriteZip(entries));
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(edited));
  EXPECT_NE(r.project.FindThemeByName("Die Brücke"), nullptr);
  EXPECT_FALSE(r.warnings.empty());
}

TEST(RefiExport, QdcRoundTripsCodebookAndThemes) {
  Project p = StudyLikeProject();
  const std::string path = TempPath("book.qdc");
  ASSERT_OK(WriteQdc(p, path));
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdc(path));
  ASSERT_EQ(r.project.codebook().size(), p.codebook().size());
  for (const Code& c : p.codebook().codes()) {
    const Code* f = r.project.FindCode(c.id);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->name, c.name);
    EXPECT_EQ(f->parent_id, c.parent_id);
    EXPECT_EQ(f->inclusion, c.inclusion);
    EXPECT_EQ(f->example, c.example);
  }
  ASSERT_EQ(r.project.themes().size(), 3u);
  EXPECT_EQ(r.project.FindThemeByName("Advocacy", r.project.themes()[0].id)->parent_id,
            r.project.themes()[0].id);
}

TEST(RefiExport, EmptyCodebookIsRefusedForQdc) {
  EXPECT_STATUS(WriteQdc(Project("x"), TempPath("empty.qdc")),
                absl::StatusCode::kFailedPrecondition, "empty");
}

TEST(RefiExport, SavesTheSameBytesTwice) {
  Project p = StudyLikeProject();
  EXPECT_EQ(WriteQdpxToMemory(p).value(), WriteQdpxToMemory(p).value());
}

// --- Hostile and broken input ----------------------------------------------------

std::string MinimalQde(absl::string_view body) {
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\" origin=\"Test\">",
      body, "</Project>");
}

std::string Zip(internal::ZipEntries entries) { return internal::WriteZip(entries).value(); }

constexpr absl::string_view kUser = "<Users><User guid=\"11111111-1111-4111-8111-111111111111\" name=\"u\"/></Users>";
constexpr absl::string_view kCode =
    "<CodeBook><Codes><Code guid=\"22222222-2222-4222-8222-222222222222\" name=\"c\" "
    "isCodable=\"true\"/></Codes></CodeBook>";

std::string Source(absl::string_view selection) {
  return absl::StrCat(
      "<Sources><TextSource guid=\"33333333-3333-4333-8333-333333333333\" name=\"s\">"
      "<PlainTextContent>hello world</PlainTextContent>",
      selection, "</TextSource></Sources>");
}

std::string Selection(int start, int end, absl::string_view code) {
  return absl::StrCat("<PlainTextSelection guid=\"44444444-4444-4444-8444-444444444444\" "
                      "startPosition=\"", start, "\" endPosition=\"", end, "\">"
                      "<Coding guid=\"55555555-5555-4555-8555-555555555555\">"
                      "<CodeRef targetGUID=\"", code, "\"/></Coding></PlainTextSelection>");
}

constexpr absl::string_view kCodeId = "22222222-2222-4222-8222-222222222222";

TEST(RefiHostile, AWellFormedMinimalProjectImports) {
  ASSERT_OK_AND_ASSIGN(ImportResult r,
                       ParseQde(MinimalQde(absl::StrCat(kUser, kCode, Source(Selection(0, 5, kCodeId)))),
                                nullptr));
  EXPECT_EQ(r.project.ExcerptText(r.project.excerpts()[0]), "hello");
}

TEST(RefiHostile, GuidsInBracesAndUpperCaseAreAccepted) {
  ASSERT_OK_AND_ASSIGN(
      ImportResult r,
      ParseQde(MinimalQde(absl::StrCat(
                   absl::StrReplaceAll(kCode, {{"\"22222222-2222-4222-8222-222222222222\"",
                                                "\"{22222222-2222-4222-8222-222222222222}\""}}),
                   Source(Selection(0, 5, "22222222-2222-4222-8222-222222222222")))),
               nullptr));
  EXPECT_EQ(r.project.codebook().size(), 1u);
}

TEST(RefiHostile, DoctypeIsRefused) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY x \"xxxxxxxx\">"
      "<!ENTITY y \"&x;&x;&x;&x;\">]><Project xmlns=\"urn:QDA-XML:project:1.0\" "
      "name=\"&y;\"/>";
  EXPECT_STATUS(ParseQde(xml, nullptr), absl::StatusCode::kInvalidArgument, "DOCTYPE");
  EXPECT_STATUS(ParseQdc("<!DOCTYPE CodeBook SYSTEM \"file:///etc/passwd\"><CodeBook/>"),
                absl::StatusCode::kInvalidArgument, "DOCTYPE");
}

TEST(RefiHostile, MalformedXmlIsDataLoss) {
  EXPECT_STATUS(ParseQde("<Project name=\"x\"><Users>", nullptr), absl::StatusCode::kDataLoss,
                "not well-formed");
}

TEST(RefiHostile, InvalidUtf8IsRefused) {
  EXPECT_STATUS(ParseQde(MinimalQde("<Description>\xC3\x28</Description>"), nullptr),
                absl::StatusCode::kInvalidArgument, "UTF-8");
}

TEST(RefiHostile, SelectionOutsideTheTextIsRefused) {
  EXPECT_STATUS(ParseQde(MinimalQde(absl::StrCat(kCode, Source(Selection(3, 40, kCodeId)))),
                         nullptr),
                absl::StatusCode::kOutOfRange, "outside the text");
  EXPECT_STATUS(ParseQde(MinimalQde(absl::StrCat(kCode, Source(Selection(-1, 4, kCodeId)))),
                         nullptr),
                absl::StatusCode::kOutOfRange, "outside");
}

TEST(RefiHostile, UnknownCodeUserOrNoteIsRefused) {
  EXPECT_STATUS(ParseQde(MinimalQde(absl::StrCat(
                             kCode, Source(Selection(0, 5, "99999999-2222-4222-8222-222222222222")))),
                         nullptr),
                absl::StatusCode::kNotFound, "unknown code 99999999");
  EXPECT_STATUS(
      ParseQde(MinimalQde(absl::StrCat(kCode, absl::StrReplaceAll(Source(Selection(0, 5, kCodeId)),
                                                                   {{"name=\"s\"",
                                                                     "name=\"s\" creatingUser=\"11111111-1111-4111-8111-111111111111\""}}))),
               nullptr),
      absl::StatusCode::kNotFound, "names no <User>");
  EXPECT_STATUS(ParseQde(MinimalQde("<NoteRef targetGUID=\"66666666-6666-4666-8666-666666666666\"/>"),
                         nullptr),
                absl::StatusCode::kNotFound, "NoteRef");
}

TEST(RefiHostile, MissingOrRepeatedGuidIsRefused) {
  EXPECT_STATUS(ParseQde(MinimalQde("<Users><User name=\"a\"/></Users>"), nullptr),
                absl::StatusCode::kInvalidArgument, "has no guid");
  EXPECT_STATUS(ParseQde(MinimalQde("<Users><User guid=\"not-a-guid\" name=\"a\"/></Users>"), nullptr),
                absl::StatusCode::kInvalidArgument, "not a GUID");
  std::string twice = absl::StrCat("<Users>", kUser.substr(7, kUser.size() - 15),
                                   kUser.substr(7, kUser.size() - 15), "</Users>");
  EXPECT_STATUS(ParseQde(MinimalQde(twice), nullptr), absl::StatusCode::kInvalidArgument,
                "used by two user elements");
  // One GUID for two kinds of element is fine (the standard's own example
  // does it), here a code and a graph.
  std::string one_guid = absl::StrCat(
      kCode, "<Graphs><Graph guid=\"22222222-2222-4222-8222-222222222222\"/></Graphs>");
  EXPECT_OK(ParseQde(MinimalQde(one_guid), nullptr));
}

TEST(RefiHostile, ZipEntriesEscapingTheArchiveAreRefused) {
  for (const char* name : {"../evil.txt", "/etc/passwd", "sources/../../x", "C:/x", "a\\..\\b"}) {
    EXPECT_STATUS(internal::CheckEntryName(name), absl::StatusCode::kInvalidArgument, "");
  }
  std::string zip = Zip({{"project.qde", MinimalQde("")}, {"sources/../../evil", "x"}});
  EXPECT_STATUS(ReadQdpxFromMemory(zip), absl::StatusCode::kInvalidArgument, "escapes");
}

TEST(RefiHostile, SymlinkEntriesAreRefused) {
  // A zip with a Unix symlink entry, as `zip --symlinks` writes it.
  const std::string dir = TempPath("symlink_case");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir + "/project.qde") << MinimalQde("");
  fs::create_symlink("/etc/passwd", dir + "/link");
  const std::string zip_path = TempPath("symlink.qdpx");
  fs::remove(zip_path);
  if (std::system(absl::StrCat("cd '", dir, "' && zip -q --symlinks '", zip_path,
                               "' project.qde link").c_str()) != 0) {
    GTEST_SKIP() << "zip(1) not available";
  }
  EXPECT_STATUS(ReadQdpx(zip_path), absl::StatusCode::kInvalidArgument, "symbolic link");
}

TEST(RefiHostile, DecompressionBombsAreRefused) {
  std::string zeros(8 << 20, '\0');
  std::string zip = Zip({{"project.qde", MinimalQde("")}, {"sources/a.txt", zeros}});
  EXPECT_STATUS(ReadQdpxFromMemory(zip), absl::StatusCode::kResourceExhausted, "ratio");
  QdpxLimits small;
  small.max_entry_size = 1000;
  EXPECT_STATUS(ReadQdpxFromMemory(Zip({{"project.qde", MinimalQde("")}, {"b", std::string(2000, 'x')}}), small),
                absl::StatusCode::kResourceExhausted, "limit is 1000");
  QdpxLimits total;
  total.max_total_size = 3000;
  EXPECT_STATUS(ReadQdpxFromMemory(Zip({{"project.qde", MinimalQde("")},
                                        {"a", std::string(2000, 'x')},
                                        {"b", std::string(2000, 'y')}}),
                                   total),
                absl::StatusCode::kResourceExhausted, "more than 3000");
}

TEST(RefiHostile, NotAZipOrNoQdeIsDataLoss) {
  EXPECT_STATUS(ReadQdpxFromMemory("not a zip at all"), absl::StatusCode::kDataLoss, "zip");
  EXPECT_STATUS(ReadQdpxFromMemory(Zip({{"readme.txt", "x"}})), absl::StatusCode::kDataLoss,
                "no project.qde");
}

TEST(RefiHostile, MissingInternalFileIsDataLoss) {
  std::string qde = MinimalQde(
      "<Sources><TextSource guid=\"33333333-3333-4333-8333-333333333333\" name=\"s\" "
      "plainTextPath=\"internal://gone.txt\"/></Sources>");
  EXPECT_STATUS(ReadQdpxFromMemory(Zip({{"project.qde", qde}})), absl::StatusCode::kDataLoss,
                "internal://gone.txt");
  // Sources/ (NVivo) and sources/ are both found.
  EXPECT_OK(ReadQdpxFromMemory(Zip({{"project.qde", qde}, {"Sources/gone.txt", "text"}})));
}

TEST(RefiHostile, AFailedReadWritesNothing) {
  const std::string path = TempPath("never.qdpx");
  fs::remove(path);
  EXPECT_FALSE(ReadQdpx(path).ok());
  EXPECT_FALSE(fs::exists(path));
}

TEST(RefiHostile, CodebookNamespaceVariantIsAccepted) {
  ASSERT_OK_AND_ASSIGN(
      ImportResult r,
      ParseQdc("<CodeBook xmlns=\"urn:QDA-XML:codebook:0:4\"><Codes><Code "
               "guid=\"22222222-2222-4222-8222-222222222222\" name=\"c\" isCodable=\"true\"/>"
               "</Codes></CodeBook>"));
  EXPECT_EQ(r.project.codebook().size(), 1u);
  EXPECT_TRUE(r.warnings.empty());
}

}  // namespace
}  // namespace thematica

namespace thematica {
namespace {

TEST(RefiKept, CaseCodeRefsAreWrittenBack) {
  std::string qde = MinimalQde(absl::StrCat(
      kCode, "<Cases><Case guid=\"77777777-7777-4777-8777-777777777777\" name=\"P1\">"
             "<CodeRef targetGUID=\"22222222-2222-4222-8222-222222222222\"/></Case></Cases>"));
  ASSERT_OK_AND_ASSIGN(ImportResult r, ParseQde(qde, nullptr));
  EXPECT_FALSE(r.warnings.empty());
  std::vector<std::pair<std::string, std::string>> files;
  std::string out = SerializeQde(r.project, true, &files);
  EXPECT_TRUE(absl::StrContains(out, "<CodeRef targetGUID=\"22222222-2222-4222-8222-222222222222\""))
      << out;
  std::string log;
  EXPECT_TRUE(ValidatesAgainst(out, "Project-mrt2019.xsd", &log)) << log;
}

}  // namespace
}  // namespace thematica

// --- What real exports need -------------------------------------------------------

namespace thematica {
namespace {

// A selection name as an XML attribute holds it after parsing (XML 1.0,
// 3.3.3: line ends and tabs become spaces), written here independently of
// the importer's own check.
std::string AsAttribute(absl::string_view text) {
  std::string out = absl::StrReplaceAll(text, {{"\r\n", " "}});
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return out;
}

bool AnyWarning(const ImportResult& r, absl::string_view needle) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const std::string& w) { return absl::StrContains(w, needle); });
}

std::string TextSourceXml(absl::string_view guid, absl::string_view path,
                          absl::string_view selections = "") {
  return absl::StrCat("<TextSource guid=\"", guid, "\" name=\"", path, "\" plainTextPath=\"", path,
                      "\">", selections, "</TextSource>");
}

TEST(RefiBarePaths, BareAndRelativePathsResolveInsideTheArchiveAndReExport) {
  const std::string qde = MinimalQde(absl::StrCat(
      kCode, "<Sources>",
      TextSourceXml("33333333-3333-4333-8333-000000000001", "board_2017.txt",
                    Selection(0, 5, kCodeId)),
      TextSourceXml("33333333-3333-4333-8333-000000000002", "./minutes/2018.txt"),
      TextSourceXml("33333333-3333-4333-8333-000000000003", "../secret.txt"),
      TextSourceXml("33333333-3333-4333-8333-000000000004", "/etc/passwd"),
      TextSourceXml("33333333-3333-4333-8333-000000000005", "gone.txt"), "</Sources>"));
  const std::string zip = Zip({{"project.qde", qde},
                               {"sources/board_2017.txt", "\xEF\xBB\xBFHello board"},
                               {"Sources/minutes/2018.txt", "Minutes 😀"},
                               {"sources/secret.txt", "must not be read through ../"},
                               {"secret.txt", "nor this"}});
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(zip));
  const Project& p = r.project;
  ASSERT_EQ(p.documents().size(), 2u);
  EXPECT_EQ(p.FindDocument("33333333-3333-4333-8333-000000000001")->text, "Hello board");
  EXPECT_EQ(p.FindDocument("33333333-3333-4333-8333-000000000002")->text, "Minutes 😀");
  ASSERT_EQ(p.excerpts().size(), 1u);
  EXPECT_EQ(p.ExcerptText(p.excerpts()[0]), "Hello");
  // The three that are not in the archive are named; the two found are not.
  EXPECT_TRUE(AnyWarning(r, "../secret.txt"));
  EXPECT_TRUE(AnyWarning(r, "/etc/passwd"));
  EXPECT_TRUE(AnyWarning(r, "gone.txt"));
  EXPECT_FALSE(AnyWarning(r, "board_2017"));
  EXPECT_FALSE(AnyWarning(r, "minutes"));
  // The re-export carries both texts (as internal files) and the selection,
  // and keeps the unread sources' XML.
  ASSERT_OK_AND_ASSIGN(std::string out, WriteQdpxToMemory(p));
  ASSERT_OK_AND_ASSIGN(internal::ZipEntries entries, internal::ReadZip(out, {}));
  std::erase_if(entries, [](const auto& e) { return absl::StartsWith(e.first, "thematica/"); });
  int texts = 0;
  for (const auto& [name, data] : entries) {
    texts += data == "Hello board" || data == "Minutes 😀";
  }
  EXPECT_EQ(texts, 2);
  ASSERT_OK_AND_ASSIGN(ImportResult back, ReadQdpxFromMemory(Zip(entries)));
  EXPECT_EQ(back.project.documents().size(), 2u);
  ASSERT_EQ(back.project.excerpts().size(), 1u);
  EXPECT_EQ(back.project.ExcerptText(back.project.excerpts()[0]), "Hello");
  EXPECT_TRUE(AnyWarning(back, "gone.txt"));
}

TEST(RefiQualCoder, ACreatingUserThatNamesNoUserIsAWarning) {
  const std::string qde = absl::StrReplaceAll(
      MinimalQde(absl::StrCat(kUser, kCode, Source(Selection(0, 5, kCodeId)))),
      {{"origin=\"Test\"",
        "origin=\"QualCoder 4.0 Beta\" creatingUserGUID=\"89d58ce1-71fb-4072-8be1-b33bb8198656\""}});
  ASSERT_OK_AND_ASSIGN(ImportResult r, ParseQde(qde, nullptr));
  EXPECT_TRUE(AnyWarning(r, "89d58ce1-71fb-4072-8be1-b33bb8198656 names no <User>"));
  EXPECT_EQ(r.project.info().creator_id, "");
  EXPECT_EQ(r.project.excerpts().size(), 1u);
}

TEST(RefiQualCoder, BothSamplesImportWithEveryQuoteEqualToItsName) {
  struct Sample {
    const char* file;
    size_t excerpts;
    const char* unit;
  };
  for (const Sample& s : {Sample{"qualcoder4-coded-in-qualcoder.qdpx", 8, "UTF-16 code units"},
                          Sample{"qualcoder4-reexport-of-peer-support.qdpx", 54, ""}}) {
    SCOPED_TRACE(s.file);
    ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpx(absl::StrCat(kSamples, "/qualcoder4/", s.file)));
    ASSERT_EQ(r.project.excerpts().size(), s.excerpts);
    for (const Excerpt& e : r.project.excerpts()) {
      auto name = e.metadata.find("refi:name");
      ASSERT_NE(name, e.metadata.end()) << e.id;
      EXPECT_EQ(AsAttribute(r.project.ExcerptText(e)), AsAttribute(name->second)) << e.id;
    }
    EXPECT_TRUE(AnyWarning(r, "names no <User>"));
    EXPECT_TRUE(AnyWarning(r, absl::StrCat("positions read as ", s.unit)));
  }
  // Thematica → QualCoder → Thematica keeps the criteria our export packed
  // into the code descriptions (QualCoder keeps descriptions verbatim).
  ASSERT_OK_AND_ASSIGN(ImportResult study,
                       ReadQdpx(kSamples + "/qualcoder4/qualcoder4-reexport-of-peer-support.qdpx"));
  const Code* bridge = study.project.codebook().FindByPath({"The bridge", "Bridge metaphor"});
  ASSERT_NE(bridge, nullptr);
  EXPECT_EQ(bridge->description,
            "A participant describes the peer worker as a bridge, link, connection or buffer "
            "between patients, the healthcare team and community resources.");
  EXPECT_EQ(bridge->inclusion,
            "Explicit use of bridge, connection or buffer images for the peer role.");
  EXPECT_EQ(bridge->example, "“as the bridge between the two” (P10)");
  // The sample's emoji quote: two astral characters, four UTF-16 units.
  ASSERT_OK_AND_ASSIGN(ImportResult r,
                       ReadQdpx(kSamples + "/qualcoder4/qualcoder4-coded-in-qualcoder.qdpx"));
  const Excerpt* emoji = r.project.FindExcerpt("15319815-9d4b-4c01-a3c9-6e5c770a5e03");
  ASSERT_NE(emoji, nullptr);
  EXPECT_EQ(r.project.ExcerptText(*emoji), "😀😀");
}

// A QualCoder re-export of a code-point file keeps code points under
// QualCoder's name; the selection names tell.
TEST(RefiPositions, SelectionNamesDecideTheUnit) {
  auto file = [](int start, int end, absl::string_view name) {
    return MinimalQde(absl::StrCat(
        kCode,
        "<Sources><TextSource guid=\"33333333-3333-4333-8333-333333333333\" name=\"s\">"
        "<PlainTextContent>a😀 smile</PlainTextContent>"
        "<PlainTextSelection guid=\"44444444-4444-4444-8444-444444444444\" name=\"",
        name, "\" startPosition=\"", start, "\" endPosition=\"", end,
        "\"><Coding guid=\"55555555-5555-4555-8555-555555555555\"><CodeRef targetGUID=\"",
        kCodeId, "\"/></Coding></PlainTextSelection></TextSource></Sources>"));
  };
  auto as_qualcoder = [](std::string xml) {
    return absl::StrReplaceAll(xml, {{"origin=\"Test\"", "origin=\"QualCoder 4.0 Beta\""}});
  };
  // Code points 3..8 = "smile"; in UTF-16 units that is 4..9.
  ASSERT_OK_AND_ASSIGN(ImportResult cp, ParseQde(as_qualcoder(file(3, 8, "smile")), nullptr));
  EXPECT_EQ(cp.project.ExcerptText(cp.project.excerpts()[0]), "smile");
  EXPECT_TRUE(AnyWarning(cp, "positions read as Unicode code points, not as UTF-16 code units"))
      << cp.warnings[0];
  ASSERT_OK_AND_ASSIGN(ImportResult u16, ParseQde(as_qualcoder(file(4, 9, "smile")), nullptr));
  EXPECT_EQ(u16.project.ExcerptText(u16.project.excerpts()[0]), "smile");
  EXPECT_TRUE(AnyWarning(u16, "positions read as UTF-16 code units (1 of 1"));
  // An explicit convention is obeyed, names or not.
  QdpxLimits forced;
  forced.positions = PositionConvention::kUtf16CodeUnits;
  ASSERT_OK_AND_ASSIGN(ImportResult f, ParseQde(as_qualcoder(file(3, 8, "smile")), nullptr, forced));
  EXPECT_EQ(f.project.ExcerptText(f.project.excerpts()[0]), " smil");
  // Names that match under no unit leave the producer's unit, and say so.
  ASSERT_OK_AND_ASSIGN(ImportResult none, ParseQde(as_qualcoder(file(4, 9, "Segment 1")), nullptr));
  EXPECT_EQ(none.project.ExcerptText(none.project.excerpts()[0]), "smile");
  EXPECT_TRUE(AnyWarning(none, "UTF-16 code units (0 of 1"));
}

// --- Export for a receiving tool ----------------------------------------------------

// Text with emoji (one with a skin-tone modifier), a combining mark and CRLF.
Project TargetProject() {
  Project p("targets");
  thematica::internal::ProjectAccess::SetIdSeed(p, 11);
  std::string ana = p.AddCoder({.name = "Ana"}).value();
  std::string d = p.AddDocument({.name = "d",
                                 .text = "Start 😀 smile.\r\nCafe\u0301 visit 👍🏽 ok.\r\n"
                                         "漢字 end\rlone"})
                      .value();
  std::string a = p.AddCode({.name = "A"}).value();
  std::string b = p.AddCode({.name = "B"}).value();
  // "smile." / "\r\nCafe\u0301 visit 👍🏽" (two codes) / "ok.\r\n漢字" / "lone".
  p.AddExcerpt({.document_id = d, .span = {8, 14}, .code_ids = {a}, .coder_id = ana}).value();
  p.AddExcerpt({.document_id = d, .span = {14, 30}, .code_ids = {a, b}}).value();
  p.AddExcerpt({.document_id = d, .span = {31, 38}, .code_ids = {b}, .coder_id = ana}).value();
  p.AddExcerpt({.document_id = d, .span = {43, 47}, .code_ids = {a}}).value();
  return p;
}

// Units a code point takes in a convention, counted here from the UTF-8 lead
// byte, independently of PositionMap.
int64_t Units(absl::string_view text, PositionConvention c) {
  int64_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b & 0xC0) == 0x80) continue;
    if (c == PositionConvention::kUtf16CodeUnits) {
      n += b >= 0xF0 ? 2 : 1;
    } else if (c == PositionConvention::kCodePointsCrlfAsOne) {
      n += (b == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 0 : 1;
    } else {
      n += 1;
    }
  }
  return n;
}

struct WrittenSelection {
  int64_t start, end;
  std::string name;
  int codings;
};

std::vector<WrittenSelection> SelectionsIn(const std::string& qde) {
  std::vector<WrittenSelection> out;
  static const std::regex sel(
      "<PlainTextSelection ([^>]*)>([\\s\\S]*?)</PlainTextSelection>");
  static const std::regex start("startPosition=\"(\\d+)\""), end("endPosition=\"(\\d+)\""),
      name("name=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(qde.begin(), qde.end(), sel); it != std::sregex_iterator();
       ++it) {
    const std::string attrs = (*it)[1], body = (*it)[2];
    std::smatch m;
    WrittenSelection w{};
    if (std::regex_search(attrs, m, start)) w.start = std::stoll(m[1]);
    if (std::regex_search(attrs, m, end)) w.end = std::stoll(m[1]);
    if (std::regex_search(attrs, m, name)) {
      w.name = absl::StrReplaceAll(m[1].str(), {{"&#10;", "\n"}, {"&#13;", "\r"}, {"&#9;", "\t"},
                                                {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                                                {"&apos;", "'"}, {"&amp;", "&"}});
    }
    for (size_t at = body.find("<Coding "); at != std::string::npos;
         at = body.find("<Coding ", at + 1)) {
      ++w.codings;
    }
    out.push_back(w);
  }
  return out;
}

TEST(RefiTargets, NamesParseAndPickTheirUnits) {
  for (absl::string_view name : {"refi", "nvivo", "atlas.ti", "maxqda", "qualcoder"}) {
    ASSERT_OK_AND_ASSIGN(ExportTarget t, ParseExportTarget(name));
    EXPECT_EQ(ExportTargetName(t), name);
  }
  EXPECT_EQ(ParseExportTarget("QualCoder").value(), ExportTarget::kQualCoder);
  EXPECT_STATUS(ParseExportTarget("dedoose"), absl::StatusCode::kInvalidArgument, "qualcoder");
  EXPECT_EQ(ConventionForTarget(ExportTarget::kNvivo), PositionConvention::kUtf16CodeUnits);
  EXPECT_EQ(ConventionForTarget(ExportTarget::kQualCoder), PositionConvention::kUtf16CodeUnits);
  EXPECT_EQ(ConventionForTarget(ExportTarget::kRefi), PositionConvention::kCodePoints);
}

TEST(RefiTargets, EveryTargetReadsBackExactUnderItsRule) {
  const Project p = TargetProject();
  for (ExportTarget target : {ExportTarget::kRefi, ExportTarget::kNvivo, ExportTarget::kAtlasTi,
                              ExportTarget::kMaxqda, ExportTarget::kQualCoder}) {
    SCOPED_TRACE(ExportTargetName(target));
    const bool qualcoder = target == ExportTarget::kQualCoder;
    const PositionConvention unit = ConventionForTarget(target);
    std::vector<std::string> warnings;
    ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p, {.target = target}, &warnings));
    ASSERT_OK_AND_ASSIGN(internal::ZipEntries entries, internal::ReadZip(zip, {}));
    std::string qde, text;
    bool sidecar = false;
    for (const auto& [name, data] : entries) {
      if (name == "project.qde") qde = data;
      if (absl::StartsWith(name, "sources/")) text = data;
      sidecar = sidecar || absl::StartsWith(name, "thematica/");
    }
    EXPECT_EQ(sidecar, target == ExportTarget::kRefi);
    const std::string& original = p.documents()[0].text;
    EXPECT_EQ(text, qualcoder ? absl::StrReplaceAll(original, {{"\r\n", "\n"}, {"\r", "\n"}})
                              : original);
    // Each written selection, read under the target's rule, is the quote.
    const std::vector<WrittenSelection> written = SelectionsIn(qde);
    const bool split = qualcoder || target == ExportTarget::kNvivo;
    ASSERT_EQ(written.size(), split ? 5u : 4u);
    size_t w = 0;
    for (const Excerpt& e : p.excerpts()) {
      std::string quote(p.ExcerptText(e));
      if (qualcoder) quote = absl::StrReplaceAll(quote, {{"\r\n", "\n"}, {"\r", "\n"}});
      const std::string before(text.substr(0, text.find(quote)));  // Quotes are unique here.
      for (size_t k = 0; k < (split ? e.code_ids.size() : 1); ++k, ++w) {
        EXPECT_EQ(written[w].start, Units(before, unit)) << quote;
        EXPECT_EQ(written[w].end, Units(before, unit) + Units(quote, unit)) << quote;
        EXPECT_EQ(written[w].codings, split ? 1 : static_cast<int>(e.code_ids.size()));
        if (qualcoder) EXPECT_EQ(AsAttribute(written[w].name), AsAttribute(quote));
      }
    }
    // Read back by Thematica (its origin names the unit): the same quotes.
    ASSERT_OK_AND_ASSIGN(ImportResult back, ReadQdpxFromMemory(zip));
    std::vector<std::string> quotes;
    for (const Excerpt& e : back.project.excerpts()) {
      quotes.emplace_back(back.project.ExcerptText(e));
    }
    std::vector<std::string> expected;
    for (const Excerpt& e : p.excerpts()) {
      std::string quote(p.ExcerptText(e));
      if (qualcoder) quote = absl::StrReplaceAll(quote, {{"\r\n", "\n"}, {"\r", "\n"}});
      for (size_t k = 0; k < (split ? e.code_ids.size() : 1); ++k) expected.push_back(quote);
    }
    EXPECT_EQ(quotes, expected);
    // QualCoder: a <User> for every creatingUser, a warning for the emoji.
    if (qualcoder) {
      std::regex user_ref("creatingUser(?:GUID)?=\"([0-9a-f-]+)\"");
      for (auto it = std::sregex_iterator(qde.begin(), qde.end(), user_ref);
           it != std::sregex_iterator(); ++it) {
        EXPECT_TRUE(absl::StrContains(qde, absl::StrCat("<User guid=\"", (*it)[1].str(), "\"")));
      }
      EXPECT_EQ(std::count(qde.begin(), qde.end(), '\r'), 0);
      ASSERT_EQ(warnings.size(), 1u);
      EXPECT_TRUE(absl::StrContains(warnings[0], "3 character(s) above U+FFFF"));
      EXPECT_TRUE(back.warnings.empty() || !AnyWarning(back, "names no <User>"));
    } else {
      EXPECT_TRUE(warnings.empty());
    }
    std::string log;
    EXPECT_TRUE(ValidatesAgainst(qde, "Project-mrt2019.xsd", &log)) << log;
  }
}

TEST(RefiTargets, OriginsOfOurTargetedExportsNameTheirUnit) {
  const Project p = TargetProject();
  ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p, {.target = ExportTarget::kNvivo}));
  ASSERT_OK_AND_ASSIGN(internal::ZipEntries entries, internal::ReadZip(zip, {}));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(entries[0].second, m, std::regex("origin=\"([^\"]*)\"")));
  EXPECT_EQ(ConventionForOrigin(m[1].str()), PositionConvention::kUtf16CodeUnits) << m[1];
  EXPECT_EQ(ConventionForOrigin(ThematicaOrigin()), PositionConvention::kCodePoints);
}

// --- Codebook CSV (Taguette) --------------------------------------------------------

TEST(CsvParse, QuotesCommasLineEndsAndBom) {
  ASSERT_OK_AND_ASSIGN(std::vector<internal::CsvRecord> rows,
                       internal::ParseCsv("\xEF\xBB\xBFtag,description\r\n"
                                          "\"a,b\",\"say \"\"hi\"\"\r\nthen\"\n\nplain,\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (internal::CsvRecord{"tag", "description"}));
  EXPECT_EQ(rows[1], (internal::CsvRecord{"a,b", "say \"hi\"\r\nthen"}));
  EXPECT_EQ(rows[2], (internal::CsvRecord{"plain", ""}));
  EXPECT_STATUS(internal::ParseCsv("a\n\"open"), absl::StatusCode::kInvalidArgument,
                "line 2: a quoted field is never closed");
  EXPECT_STATUS(internal::ParseCsv("\"a\"b"), absl::StatusCode::kInvalidArgument,
                "after a closing quote");
  for (const char* s : {"plain", "a,b", "q\"uote", "line\nend", "", "😀 é"}) {
    ASSERT_OK_AND_ASSIGN(auto back, internal::ParseCsv(absl::StrCat(internal::CsvField(s), ",x")));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0][0], s);
  }
}

TEST(CodebookCsv, WritesTagAndDescriptionAndReadsBack) {
  const Project p = StudyLikeProject();
  const std::string csv = SerializeCodebookCsv(p);
  EXPECT_TRUE(absl::StartsWith(csv, "tag,description\r\n"));
  EXPECT_TRUE(absl::StrContains(csv, "Functions/Advocacy,Speaking up for another\r\n"));
  ASSERT_OK_AND_ASSIGN(Project q, ParseCodebookCsv(csv));
  ASSERT_EQ(q.codebook().size(), p.codebook().size());
  for (const Code& c : p.codebook().codes()) {
    const std::string path = p.codebook().Path(c.id, "/");
    const Code* f =
        q.codebook().FindByPath(std::vector<std::string>(absl::StrSplit(path, '/')));
    ASSERT_NE(f, nullptr) << path;
    EXPECT_EQ(f->description, c.description);
  }
}

TEST(CodebookCsv, AcceptsNameOrPathColumnsAndBuildsParents) {
  ASSERT_OK_AND_ASSIGN(Project q, ParseCodebookCsv("Name,Description,count\n"
                                                   "Barriers / Stigma,\"judged, shamed\",3\n"
                                                   "Barriers,system,1\n"
                                                   ",,\n"));
  ASSERT_EQ(q.codebook().size(), 2u);
  const Code* stigma = q.codebook().FindByPath({"Barriers", "Stigma"});
  ASSERT_NE(stigma, nullptr);
  EXPECT_EQ(stigma->description, "judged, shamed");
  EXPECT_EQ(q.codebook().FindByPath({"Barriers"})->description, "system");
  ASSERT_OK_AND_ASSIGN(Project r, ParseCodebookCsv("path,name\nA/B,B\n"));
  EXPECT_NE(r.codebook().FindByPath({"A", "B"}), nullptr);  // path wins over name.
  EXPECT_STATUS(ParseCodebookCsv("code,description\nx,y\n"), absl::StatusCode::kInvalidArgument,
                "no tag, path or name column");
  EXPECT_STATUS(ParseCodebookCsv("tag\nA\nA\n"), absl::StatusCode::kInvalidArgument,
                "row 3");
  EXPECT_STATUS(ParseCodebookCsv("tag,description\n,orphan\n"),
                absl::StatusCode::kInvalidArgument, "row 2 has no tag");
}

// --- Originals and speaker-turn times --------------------------------------------

constexpr absl::string_view kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr char kDocxBytes[] = "PK\x03\x04\0\0 not really a docx \xff\xfe";

// A document imported from "P4 Interview — é.docx" (bytes with NULs, as a
// zip has) with timed speaker turns, and one imported from a .vtt.
Project ProjectWithOriginals() {
  Project p("Originals");
  thematica::internal::ProjectAccess::SetIdSeed(p, 11);
  thematica::internal::ProjectAccess::SetFixedClock(p, absl::FromUnixSeconds(1700000000));
  std::string p4 = p.AddCase({.name = "P4"}).value();
  const std::string docx(kDocxBytes, sizeof(kDocxBytes) - 1);
  p.AddDocument({.name = "P4 interview",
                 .text = "I: Wie geht's? 😀\r\nP4: Gut.",
                 .case_id = p4,
                 .speaker_turns = {{.span = {0, 16}, .speaker = "I", .start_ms = 0, .end_ms = 1500},
                                   {.span = {18, 26}, .case_id = p4, .speaker = "P4",
                                    .start_ms = 1500, .end_ms = 3723004},
                                   {.span = {16, 18}, .speaker = "?"}},
                 .source_file = SourceFile{"P4 Interview — é.docx", docx,
                                           internal::Sha256Hex(docx), std::string(kDocxType),
                                           "thematica-import 0.1.0 docx"}})
      .value();
  const std::string vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana>Hallo\n";
  p.AddDocument({.name = "Zoom call",
                 .text = "Ana: Hallo",
                 .speaker_turns = {{.span = {0, 10}, .speaker = "Ana", .start_ms = 0,
                                    .end_ms = 1000}},
                 .source_file = SourceFile{"zoom.vtt", vtt, internal::Sha256Hex(vtt), "text/vtt",
                                           "thematica-import 0.1.0 vtt"}})
      .value();
  return p;
}

const Document& ByName(const Project& p, absl::string_view name) {
  const Document* d = p.FindDocumentByName(name);
  EXPECT_NE(d, nullptr) << name;
  return *d;
}

int Occurrences(absl::string_view text, absl::string_view what) {
  int n = 0;
  for (size_t at = text.find(what); at != absl::string_view::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

std::map<std::string, std::string> Entries(absl::string_view zip) {
  internal::ZipEntries entries = internal::ReadZip(zip, {}).value();
  return {entries.begin(), entries.end()};
}

std::string Rezip(const std::map<std::string, std::string>& files) {
  return internal::WriteZip(internal::ZipEntries(files.begin(), files.end())).value();
}

TEST(RefiOriginals, RichOriginalIsTheRichTextFileAndRoundTrips) {
  Project p = ProjectWithOriginals();
  const Document& interview = ByName(p, "P4 interview");
  ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p));
  std::map<std::string, std::string> files = Entries(zip);
  const std::string rich = absl::StrCat(interview.id, ".docx");
  ASSERT_TRUE(files.contains("sources/" + rich));
  EXPECT_EQ(files["sources/" + rich], interview.source_file->content);
  const std::string& qde = files["project.qde"];
  EXPECT_TRUE(absl::StrContains(qde, absl::StrCat("richTextPath=\"internal://", rich, "\"")));
  // The .vtt is not rich text: no attribute, no file (the sidecar keeps it).
  EXPECT_EQ(Occurrences(qde, "richTextPath="), 1);
  EXPECT_EQ(files.size(), 6u);  // project.qde, 2 texts, 1 original, sidecar, checksum.
  std::string log;
  EXPECT_TRUE(ValidatesAgainst(qde, "Project-mrt2019.xsd", &log)) << log;
  // Read back through the sidecar: originals and turn times exactly.
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(zip));
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  for (const Document& d : p.documents()) {
    const Document* back = r.project.FindDocument(d.id);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->source_file, d.source_file);
    EXPECT_EQ(back->speaker_turns, d.speaker_turns);
  }
  EXPECT_EQ(ByName(r.project, "P4 interview").speaker_turns[1].end_ms, 3723004);
  EXPECT_EQ(ByName(r.project, "P4 interview").speaker_turns[2].start_ms, -1);
  EXPECT_EQ(Json(r.project), Json(p));
}

TEST(RefiOriginals, WithoutTheSidecarTheOriginalIsNamedByItsPath) {
  Project p = ProjectWithOriginals();
  const Document& interview = ByName(p, "P4 interview");
  std::map<std::string, std::string> files = Entries(WriteQdpxToMemory(p).value());
  std::erase_if(files, [](const auto& e) { return absl::StartsWith(e.first, "thematica/"); });
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(Rezip(files)));
  const Document& back = ByName(r.project, "P4 interview");
  ASSERT_TRUE(back.source_file.has_value());
  EXPECT_EQ(back.source_file->name, absl::StrCat(interview.id, ".docx"));
  EXPECT_EQ(back.source_file->content, interview.source_file->content);
  EXPECT_EQ(back.source_file->sha256, interview.source_file->sha256);
  EXPECT_EQ(back.source_file->media_type, kDocxType);
  EXPECT_TRUE(absl::StartsWith(back.source_file->importer, "thematica-refi-qda"))
      << back.source_file->importer;
  // The standard has no place for turns or for a non-rich original.
  EXPECT_TRUE(back.speaker_turns.empty());
  EXPECT_FALSE(ByName(r.project, "Zoom call").source_file.has_value());
}

TEST(RefiOriginals, AChangedArchiveKeepsTheRecordOfAnUnchangedOriginal) {
  Project p = ProjectWithOriginals();
  const Document& interview = ByName(p, "P4 interview");
  std::map<std::string, std::string> files = Entries(WriteQdpxToMemory(p).value());
  // Another tool renamed the project: the sidecar is no longer trusted, but
  // the original's bytes still match what it recorded.
  files["project.qde"] = absl::StrReplaceAll(files["project.qde"],
                                             {{"name=\"Originals\"", "name=\"Renamed\""}});
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(Rezip(files)));
  EXPECT_EQ(r.project.title(), "Renamed");
  EXPECT_EQ(ByName(r.project, "P4 interview").source_file, interview.source_file);
  // An original changed as well comes in as the archive holds it, named by
  // its path, with a warning naming both checksums.
  const std::string rich = absl::StrCat("sources/", interview.id, ".docx");
  files[rich] = "PK\x03\x04 edited";
  ASSERT_OK_AND_ASSIGN(ImportResult edited, ReadQdpxFromMemory(Rezip(files)));
  const SourceFile& f = *ByName(edited.project, "P4 interview").source_file;
  EXPECT_EQ(f.content, "PK\x03\x04 edited");
  EXPECT_EQ(f.name, absl::StrCat(interview.id, ".docx"));
  EXPECT_EQ(f.sha256, internal::Sha256Hex("PK\x03\x04 edited"));
  EXPECT_TRUE(std::any_of(edited.warnings.begin(), edited.warnings.end(),
                          [&](const std::string& w) {
                            return absl::StrContains(w, f.sha256) &&
                                   absl::StrContains(w, interview.source_file->sha256);
                          }))
      << absl::StrJoin(edited.warnings, "\n");
}

// The sidecar's checksum as refi_qdpx.cc computes it, to forge an archive
// whose sidecar is trusted but disagrees with itself or with the archive.
std::string ForgedChecksum(const std::map<std::string, std::string>& files) {
  std::string manifest = "sha256\n";
  for (const auto& [name, data] : files) {
    if (absl::StartsWith(name, "thematica/")) continue;
    absl::StrAppend(&manifest, name.size(), ":", name, " ", internal::Sha256Hex(data), "\n");
  }
  return internal::Sha256Hex(manifest);
}

TEST(RefiOriginals, ATrustedSidecarWhoseOriginalDisagreesIsNotUsed) {
  Project p = ProjectWithOriginals();
  const Document& interview = ByName(p, "P4 interview");
  std::map<std::string, std::string> files = Entries(WriteQdpxToMemory(p).value());
  // The forgery is faithful: rezipped (in name order) and re-signed, the
  // untouched archive is trusted.
  files["thematica/checksum"] = ForgedChecksum(files);
  ASSERT_OK_AND_ASSIGN(ImportResult same, ReadQdpxFromMemory(Rezip(files)));
  ASSERT_TRUE(same.warnings.empty()) << same.warnings[0];
  ASSERT_EQ(ByName(same.project, "P4 interview").speaker_turns, interview.speaker_turns);
  // The archive's file differs from the sidecar's original.
  std::map<std::string, std::string> other_file = files;
  other_file[absl::StrCat("sources/", interview.id, ".docx")] = "PK other";
  other_file["thematica/checksum"] = ForgedChecksum(other_file);
  ASSERT_OK_AND_ASSIGN(ImportResult a, ReadQdpxFromMemory(Rezip(other_file)));
  EXPECT_EQ(ByName(a.project, "P4 interview").source_file->content, "PK other");
  EXPECT_TRUE(ByName(a.project, "P4 interview").speaker_turns.empty());  // Not the sidecar.
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_TRUE(absl::StrContains(a.warnings[0], "is not the archive's sources/")) << a.warnings[0];
  // The sidecar's original does not have the SHA-256 it records.
  std::map<std::string, std::string> bad_sha = files;
  const std::string& sha = interview.source_file->sha256;
  ASSERT_TRUE(absl::StrContains(bad_sha["thematica/project.json"], sha));
  bad_sha["thematica/project.json"] = absl::StrReplaceAll(
      bad_sha["thematica/project.json"], {{sha, internal::Sha256Hex("something else")}});
  ASSERT_OK_AND_ASSIGN(ImportResult b, ReadQdpxFromMemory(Rezip(bad_sha)));
  ASSERT_FALSE(b.warnings.empty());
  EXPECT_TRUE(absl::StrContains(b.warnings[0], "does not have its SHA-256")) << b.warnings[0];
  EXPECT_EQ(ByName(b.project, "P4 interview").source_file->sha256, sha);  // Recomputed.
}

TEST(RefiOriginals, EveryTargetCarriesTheOriginal) {
  Project p = ProjectWithOriginals();
  const Document& interview = ByName(p, "P4 interview");
  for (ExportTarget target : {ExportTarget::kNvivo, ExportTarget::kAtlasTi, ExportTarget::kMaxqda,
                              ExportTarget::kQualCoder}) {
    SCOPED_TRACE(ExportTargetName(target));
    ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p, {.target = target}));
    EXPECT_EQ(Entries(zip)[absl::StrCat("sources/", interview.id, ".docx")],
              interview.source_file->content);
    ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(zip));
    const Document& back = ByName(r.project, "P4 interview");
    ASSERT_TRUE(back.source_file.has_value());
    EXPECT_EQ(back.source_file->content, interview.source_file->content);
  }
  // A bare .qde with its text inline has no files, hence no rich text.
  std::vector<std::pair<std::string, std::string>> files;
  EXPECT_FALSE(absl::StrContains(SerializeQde(p, /*inline_text=*/true, &files), "richTextPath"));
}

TEST(RefiOriginals, RichTextOutsideTheArchiveIsNeverOpened) {
  std::vector<std::string> asked;
  SourceReader reader = [&](absl::string_view name, bool internal) -> absl::StatusOr<std::string> {
    asked.push_back(std::string(name));
    if (internal && name == "there.docx") return std::string("PK");
    return absl::NotFoundError(name);
  };
  auto source = [](absl::string_view rich) {
    return MinimalQde(absl::StrCat(
        "<Sources><TextSource guid=\"33333333-3333-4333-8333-333333333333\" name=\"s\" "
        "richTextPath=\"", rich, "\"><PlainTextContent>hello</PlainTextContent>"
        "</TextSource></Sources>"));
  };
  for (auto [rich, why] : {std::pair{"C:/Users/x/secret.docx", "outside the archive"},
                           std::pair{"/etc/passwd", "outside the archive"},
                           std::pair{"internal://../secret.docx", "not a path inside"},
                           std::pair{"internal:///etc/passwd", "not a path inside"},
                           std::pair{"internal://gone.docx", "not in the archive"}}) {
    asked.clear();
    ASSERT_OK_AND_ASSIGN(ImportResult r, ParseQde(source(rich), reader));
    EXPECT_FALSE(r.project.documents()[0].source_file.has_value()) << rich;
    EXPECT_TRUE(std::any_of(r.warnings.begin(), r.warnings.end(), [&](const std::string& w) {
      return absl::StrContains(w, rich) && absl::StrContains(w, why);
    })) << rich;
    for (const std::string& name : asked) EXPECT_EQ(name, "gone.docx") << rich;
  }
  ASSERT_OK_AND_ASSIGN(ImportResult ok, ParseQde(source("internal://there.docx"), reader));
  ASSERT_TRUE(ok.project.documents()[0].source_file.has_value());
  EXPECT_EQ(ok.project.documents()[0].source_file->name, "there.docx");
  EXPECT_EQ(ok.project.documents()[0].source_file->sha256, internal::Sha256Hex("PK"));
  // No reader (a bare .qde): the original is named as lost, not an error.
  ASSERT_OK_AND_ASSIGN(ImportResult bare, ParseQde(source("internal://there.docx"), nullptr));
  EXPECT_FALSE(bare.project.documents()[0].source_file.has_value());
}

TEST(RefiOriginals, TheArchiveLimitsBoundTheOriginal) {
  // A 2 MiB original of incompressible bytes, read under a 1.5 MiB limit.
  std::string pdf = "%PDF-1.7\n";
  uint64_t x = 88172645463325252u;
  while (pdf.size() < (size_t{2} << 20)) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64.
    pdf += static_cast<char>(x);
  }
  Project p("Big");
  const std::string id =
      p.AddDocument({.name = "scan", .text = "scanned",
                     .source_file = SourceFile{"scan.pdf", pdf, internal::Sha256Hex(pdf),
                                               "application/pdf", "test"}})
          .value();
  ASSERT_OK_AND_ASSIGN(std::string zip, WriteQdpxToMemory(p));
  QdpxLimits tight;
  tight.max_entry_size = 3 << 19;
  EXPECT_STATUS(ReadQdpxFromMemory(zip, tight), absl::StatusCode::kResourceExhausted,
                absl::StrCat("sources/", id, ".pdf"));
  ASSERT_OK_AND_ASSIGN(ImportResult r, ReadQdpxFromMemory(zip));
  EXPECT_EQ(r.project.documents()[0].source_file->content, pdf);
}

}  // namespace
}  // namespace thematica
