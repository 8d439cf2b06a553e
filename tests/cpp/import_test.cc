// Tests of thematica::ImportFile and its readers, on files made by the real
// producers (tests/data/import/make_files.py: python-docx, odfpy, webvtt-py,
// headless Chromium) and on bad input.
#include "thematica/import.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "internal/sha256.h"
#include "test_util.h"
#include "internal/file_util.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/text.h"

namespace thematica {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Data(const std::string& name) {
  return std::string(THEMATICA_SOURCE_DIR) + "/tests/data/import/" + name;
}

// The paragraphs make_files.py writes (LINES there).
const char kLines[] =
    "Interviewer: How did the peer worker help you?\n"
    "P4: She was my bridge \U0001F600\U0001F44D\U0001F3FD \u2014 she would be my voice.\n"
    "She came back every day, cafe\u0301 in hand.\n"
    "Interviewer: And the nurses?\n"
    "P4: They listened to her. \u8C22\u8C22.";

std::string Text(const Project& p, const std::string& id) { return p.FindDocument(id)->text; }

std::string TurnText(const Project& p, const Document& d, const SpeakerTurn& t) {
  return std::string(p.DocumentText(d.id, t.span).value());
}

TEST(Sha256, PublishedVectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(internal::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(internal::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(internal::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(internal::Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ImportFile, DocxBodyTablesBreaksNoHeaderFooter) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("transcript.docx")));
  EXPECT_EQ(Text(p, id), std::string(kLines) +
                             "\nNotes:\tafter the interview\nsecond line\nCode\tCount\nBridge\t3\n"
                             "The end.");
  const Document& d = *p.FindDocument(id);
  EXPECT_EQ(d.name, "transcript");
  ASSERT_EQ(d.speaker_turns.size(), 4u);
  EXPECT_EQ(d.speaker_turns[0].speaker, "Interviewer");
  EXPECT_EQ(d.speaker_turns[0].case_id, "");
  EXPECT_EQ(d.speaker_turns[1].speaker, "P4");
  // The turn runs from after the label to the end of its continuation line.
  EXPECT_EQ(TurnText(p, d, d.speaker_turns[1]),
            "She was my bridge \U0001F600\U0001F44D\U0001F3FD \u2014 she would be my voice.\n"
            "She came back every day, cafe\u0301 in hand.");
  // The last turn takes the lines up to the end (no label follows).
  EXPECT_THAT(TurnText(p, d, d.speaker_turns[3]), HasSubstr("The end."));
  const Case* p4 = p.FindCaseByName("P4");
  ASSERT_NE(p4, nullptr);
  EXPECT_EQ(d.speaker_turns[1].case_id, p4->id);
  EXPECT_EQ(d.case_id, p4->id);  // The one participant.
  EXPECT_EQ(p.FindCaseByName("Interviewer"), nullptr);
  ASSERT_TRUE(d.source_file.has_value());
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(Data("transcript.docx")));
  EXPECT_EQ(d.source_file->content, bytes);
  EXPECT_EQ(d.source_file->sha256, internal::Sha256Hex(bytes));
  EXPECT_EQ(d.source_file->name, "transcript.docx");
  EXPECT_THAT(d.source_file->importer, HasSubstr("docx"));
}

TEST(ImportFile, OdtCollapsesSpacesButKeepsTextS) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("transcript.odt")));
  EXPECT_EQ(Text(p, id), std::string(kLines) + "\nTwo  spaces\tand a tab\nCode\tCount\nBridge\t3");
}

TEST(ImportFile, TeamsVttJoinsCuesOfOneSpeakerWithTimes) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("teams.vtt")));
  const Document& d = *p.FindDocument(id);
  EXPECT_EQ(d.text,
            "Interviewer: How did the peer worker help you?\n"
            "P4: She was my bridge \U0001F600\U0001F44D\U0001F3FD she would be my voice, cafe\u0301 "
            "in hand.\nInterviewer: And the nurses?");
  ASSERT_EQ(d.speaker_turns.size(), 3u);
  EXPECT_EQ(d.speaker_turns[1].speaker, "P4");
  EXPECT_EQ(d.speaker_turns[1].start_ms, 4000);
  EXPECT_EQ(d.speaker_turns[1].end_ms, 8250);
  EXPECT_EQ(d.speaker_turns[2].start_ms, 62000);
  EXPECT_EQ(TurnText(p, d, d.speaker_turns[2]), "And the nurses?");
}

TEST(ImportFile, ZoomVttAndSrtTakeSpeakerFromCueText) {
  for (const char* file : {"zoom.vtt", "zoom.srt"}) {
    Project p;
    ImportOptions options;
    options.interviewer = {"Ana Souza"};
    ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data(file), options));
    const Document& d = *p.FindDocument(id);
    EXPECT_THAT(d.text, HasSubstr("Ana Souza: And the nurses?")) << file;
    ASSERT_EQ(d.speaker_turns.size(), 3u) << file;
    EXPECT_EQ(d.speaker_turns[0].speaker, "Ana Souza");
    EXPECT_EQ(d.speaker_turns[0].case_id, "");
    EXPECT_EQ(d.speaker_turns[1].end_ms, 8250);
    ASSERT_EQ(p.cases().size(), 1u) << file;
    EXPECT_EQ(p.cases()[0].name, "P4");
  }
}

TEST(ImportFile, BracketedTimesOnTurnsAndCrlf) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("timed.txt")));
  const Document& d = *p.FindDocument(id);
  EXPECT_EQ(d.text.find('\r'), std::string::npos);
  ASSERT_EQ(d.speaker_turns.size(), 3u);
  EXPECT_EQ(d.speaker_turns[0].start_ms, 62000);
  EXPECT_EQ(d.speaker_turns[1].start_ms, 65000);
  EXPECT_EQ(d.speaker_turns[1].end_ms, -1);
  EXPECT_EQ(d.speaker_turns[2].speaker, "P7");
  EXPECT_EQ(d.speaker_turns[2].start_ms, 130500);
  EXPECT_EQ(TurnText(p, d, d.speaker_turns[2]), "Me too.");
  EXPECT_EQ(d.case_id, "");  // Two participants: no single case.
}

TEST(ImportFile, EncodingsByBomAndDetection) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string utf16, ImportFile(p, Data("transcript_utf16.txt")));
  EXPECT_EQ(Text(p, utf16), kLines);
  ASSERT_OK_AND_ASSIGN(std::string cp1252, ImportFile(p, Data("legacy_cp1252.txt")));
  EXPECT_EQ(Text(p, cp1252),
            "Interviewer: O\u00f9 \u00e9tait-elle ?\nP4: Elle \u00e9tait l\u00e0 \u2014 toujours "
            "\u201cpr\u00e9sente\u201d (50 \u20ac).");
  ImportOptions latin1;
  latin1.encoding = "iso-8859-1";
  latin1.name = "as latin-1";
  ASSERT_OK_AND_ASSIGN(std::string l1, ImportFile(p, Data("legacy_cp1252.txt"), latin1));
  EXPECT_THAT(Text(p, l1), HasSubstr("(50 \u0080)"));  // 0x80 is a C1 control in latin-1.
}

TEST(ImportFile, HtmlAndRtf) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string html, ImportFile(p, Data("transcript.html")));
  EXPECT_EQ(Text(p, html),
            "Interview\u00a0P4\nInterviewer: How did the peer worker help you?\n"
            "P4: She was my bridge \U0001F600\U0001F44D\U0001F3FD \u2014 she would be my voice.\n"
            "She came back every day, cafe\u0301 in hand.\nCode\tCount\nBridge\t3");
  ImportOptions rtf_options;
  rtf_options.name = "rtf";
  ASSERT_OK_AND_ASSIGN(std::string rtf, ImportFile(p, Data("transcript.rtf"), rtf_options));
  EXPECT_EQ(Text(p, rtf),
            "Interviewer: How did the peer worker help you?\n"
            "P4: She was my bridge \U0001F600 \u2014 she would be my voice.\n"
            "She came back every day, cafe\u0301 in hand.\nCode\tCount");
}

TEST(ImportFile, PdfTextLayer) {
  if (std::system("pdftotext -v >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "poppler's pdftotext is not installed (apt-get install poppler-utils)";
  }
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("transcript.pdf")));
  EXPECT_EQ(Text(p, id),
            "Interviewer: How did the peer worker help you?\n"
            "P4: She was my bridge \U0001F600\U0001F44D\U0001F3FD \u2014 she would be my voice.\n"
            "She came back every day, cafe\u0301 in hand.\nInterviewer: And the nurses?\n"
            "P4: They listened to her.");
  EXPECT_STATUS(ImportFile(p, Data("scanned.pdf")), absl::StatusCode::kInvalidArgument,
                "scanned? run OCR first");
}

TEST(ImportFile, SpeakerOptions) {
  Project p;
  ImportOptions none;
  none.speakers = "none";
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("transcript.docx"), none));
  EXPECT_TRUE(p.FindDocument(id)->speaker_turns.empty());
  EXPECT_TRUE(p.cases().empty());

  ImportOptions regex;
  regex.speakers = R"(>> (?P<speaker>\w+) says)";
  regex.name = "regex";
  ASSERT_OK_AND_ASSIGN(std::string other, ImportFile(p, Data("transcript.docx"), regex));
  EXPECT_TRUE(p.FindDocument(other)->speaker_turns.empty());  // No line matches.

  ImportOptions no_cases;
  no_cases.create_cases = false;
  no_cases.name = "no cases";
  ASSERT_OK_AND_ASSIGN(std::string third, ImportFile(p, Data("transcript.docx"), no_cases));
  EXPECT_EQ(p.FindDocument(third)->speaker_turns.size(), 4u);
  EXPECT_TRUE(p.cases().empty());

  ImportOptions bad;
  bad.speakers = "(unclosed";
  EXPECT_STATUS(ImportFile(p, Data("transcript.docx"), bad), absl::StatusCode::kInvalidArgument,
                "not a valid regular expression");
}

TEST(ImportFile, ExistingCaseLinkedAndCaseOption) {
  Project p;
  ASSERT_OK_AND_ASSIGN(std::string p4, p.AddCase({.name = "P4"}));
  ImportOptions options;
  options.case_name = "P9";
  ASSERT_OK_AND_ASSIGN(std::string id, ImportFile(p, Data("transcript.docx"), options));
  const Document& d = *p.FindDocument(id);
  EXPECT_EQ(d.speaker_turns[1].case_id, p4);
  EXPECT_EQ(p.FindCase(d.case_id)->name, "P9");
  EXPECT_EQ(p.cases().size(), 2u);
}

TEST(ImportFile, BadInputNamesTheFileAndChangesNothing) {
  Project p;
  ASSERT_OK(p.AddCase({.name = "P1"}).status());
  struct Case {
    const char* file;
    absl::StatusCode code;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"corrupt.docx", absl::StatusCode::kDataLoss, "not a valid .docx file"},
           {"encrypted.docx", absl::StatusCode::kInvalidArgument, "password-protected"},
           {"notes.xyz", absl::StatusCode::kInvalidArgument, ".docx, .odt"},
           {"undecodable.txt", absl::StatusCode::kInvalidArgument, "byte offset 7"},
           {"missing.txt", absl::StatusCode::kNotFound, "missing.txt"},
       }) {
    absl::StatusOr<std::string> r = ImportFile(p, Data(c.file));
    EXPECT_EQ(r.status().code(), c.code) << c.file << ": " << r.status();
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.message)) << c.file;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.file));
  }
  EXPECT_THAT(std::string(ImportFile(p, Data("undecodable.txt")).status().message()),
              HasSubstr("tried utf-8, windows-1252"));
  // A batch with one bad file adds nothing, not even the good file's cases.
  const std::string before = SerializeProject(p, NativeFormat::kJson);
  EXPECT_FALSE(ImportFiles(p, {Data("transcript.docx"), Data("corrupt.docx")}).ok());
  EXPECT_EQ(SerializeProject(p, NativeFormat::kJson), before);
  // A name already taken refuses the whole batch.
  ASSERT_OK(p.AddDocument({.name = "zoom", .text = "x"}).status());
  const std::string with_zoom = SerializeProject(p, NativeFormat::kJson);
  EXPECT_STATUS(ImportFiles(p, {Data("transcript.docx"), Data("zoom.vtt")}),
                absl::StatusCode::kAlreadyExists, "zoom");
  EXPECT_EQ(SerializeProject(p, NativeFormat::kJson), with_zoom);
  // A copy: RemoveDocument must not be handed a view of the id it erases.
  const std::string zoom = p.FindDocumentByName("zoom")->id;
  ASSERT_OK(p.RemoveDocument(zoom).status());
  EXPECT_EQ(p.cases().size(), 1u);
}

TEST(ImportFile, TurnTimesAndSourceFileSurviveNativeRoundTrip) {
  Project p;
  ASSERT_OK(ImportFile(p, Data("teams.vtt")).status());
  for (NativeFormat format : {NativeFormat::kBinary, NativeFormat::kJson}) {
    const std::string bytes = SerializeProject(p, format);
    ASSERT_OK_AND_ASSIGN(Project q, ParseProject(bytes, format));
    const Document& a = p.documents()[0];
    const Document& b = q.documents()[0];
    EXPECT_EQ(a.speaker_turns, b.speaker_turns);
    ASSERT_TRUE(b.source_file.has_value());
    EXPECT_EQ(*a.source_file, *b.source_file);
    const std::string again = SerializeProject(q, format);
    EXPECT_EQ(again, bytes);
  }
}

TEST(ExtractText, SupportedExtensionsListed) {
  EXPECT_THAT(SupportedImportExtensions(),
              ::testing::IsSupersetOf({".txt", ".md", ".docx", ".odt", ".rtf", ".html", ".pdf",
                                       ".vtt", ".srt"}));
  ASSERT_OK_AND_ASSIGN(ImportedText t, ExtractText("P4: hi\nmore", "x.txt"));
  ASSERT_EQ(t.turns.size(), 1u);
  EXPECT_EQ(t.turns[0].span.start, 4);
  EXPECT_EQ(t.turns[0].span.end, 11);
}

// Hostile input: prefixes of each test file, with and without a flipped byte,
// give text or an error naming the file, never a crash or invalid UTF-8.
TEST(ExtractText, TruncatedAndCorruptedFilesFailCleanly) {
  for (const char* file : {"transcript.docx", "transcript.odt", "teams.vtt", "zoom.srt",
                           "transcript.html", "transcript.rtf", "timed.txt",
                           "transcript_utf16.txt"}) {
    ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(Data(file)));
    for (size_t cut : {size_t{0}, size_t{1}, size_t{7}, bytes.size() / 3, bytes.size() / 2,
                       bytes.size() - 1}) {
      for (int flip : {0, 1, 2}) {  // 0: as cut; 1, 2: one byte flipped too.
        std::string mangled = bytes.substr(0, cut);
        if (flip > 0 && !mangled.empty()) mangled[mangled.size() * static_cast<size_t>(flip) / 3] ^= 0x5A;
        absl::StatusOr<ImportedText> t = ExtractText(mangled, file);
        if (t.ok()) {
          EXPECT_TRUE(ValidateUtf8(t->text).ok()) << file << " cut at " << cut;
          const int64_t length = CodePointCount(t->text);
          for (const ImportedTurn& turn : t->turns) {
            EXPECT_TRUE(turn.span.start >= 0 && turn.span.end <= length) << file;
          }
        } else {
          EXPECT_THAT(std::string(t.status().message()), HasSubstr(file));
        }
      }
    }
  }
}

TEST(ImportTable, QuotedCsvTypesAndAllOrNothing) {
  const std::string path = ::testing::TempDir() + "/answers.csv";
  ASSERT_OK(WriteFileAtomic(path,
                            "\xEF\xBB\xBFid,answer,age,member,joined\r\n"
                            "R1,\"She said \"\"be my voice\"\",\n then left \U0001F600\",34,yes,2021-03-01\r\n"
                            "R2,,29,no,2021-04-01\r\n"
                            "R3,Fine.,,true,2021-05-01\r\n"));
  ASSERT_OK_AND_ASSIGN(Table table, ReadTable(path));
  EXPECT_THAT(table.columns, ElementsAre("id", "answer", "age", "member", "joined"));
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0][1], "She said \"be my voice\",\n then left \U0001F600");
  Project p;
  TableImportOptions options;
  options.attributes = {"age", "member", "joined"};
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> ids, ImportTable(p, table, options));
  ASSERT_EQ(ids.size(), 2u);  // R2 has no answer.
  EXPECT_EQ(p.FindDocument(ids[0])->name, "R1");
  EXPECT_EQ(p.FindAttributeByName("age")->type, AttributeType::kNumber);
  EXPECT_EQ(p.FindAttributeByName("member")->type, AttributeType::kBoolean);
  EXPECT_EQ(p.FindAttributeByName("joined")->type, AttributeType::kDate);
  const AttributeValue* age = p.CaseAttribute(p.FindCaseByName("R1")->id, p.FindAttributeByName("age")->id);
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(*age->number(), 34.0);
  EXPECT_EQ(p.CaseAttribute(p.FindCaseByName("R3")->id, p.FindAttributeByName("age")->id), nullptr);

  // A second import of the same rows clashes on names: nothing changes.
  const std::string before = SerializeProject(p, NativeFormat::kJson);
  options.types = {};
  EXPECT_STATUS(ImportTable(p, table, options), absl::StatusCode::kAlreadyExists, "row 2");
  EXPECT_EQ(SerializeProject(p, NativeFormat::kJson), before);
  options.attributes = {"score"};
  EXPECT_STATUS(ImportTable(p, table, options), absl::StatusCode::kInvalidArgument, "no column 'score'");
}

}  // namespace
}  // namespace thematica
