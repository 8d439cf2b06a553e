// Import: turns a researcher's files into documents — interview transcripts
// as plain text, Word (.docx), OpenDocument (.odt), RTF, HTML or PDF, and
// online-interview captions (WebVTT from Teams or Zoom, SubRip .srt) — with
// their speaker turns linked to cases and their timestamps kept.
//
// Guarantees:
//  - Each format yields the text a person sees in the producing application,
//    one paragraph per line ("\n"); tables become tab-separated rows; headers,
//    footers, comments, footnotes and tracked deletions are left out.
//  - The original file is kept in Document::source_file (bytes, SHA-256,
//    media type, importer name and version).
//  - Every failure (unreadable, corrupt or encrypted file, a PDF without a
//    text layer, an unknown extension, undecodable bytes) returns a status
//    whose message names the file, and leaves the project unchanged;
//    ImportFiles adds none of the files when one fails.
//  - PDF text comes from poppler's `pdftotext` program (GPL, run as a separate
//    process, never linked; THEMATICA_PDFTOTEXT overrides its path).
//
//   thematica::ImportOptions options;
//   options.interviewer = {"Interviewer", "I"};
//   absl::StatusOr<std::string> doc =
//       thematica::ImportFile(project, "interviews/P4.docx", options);
//   if (!doc.ok()) std::cerr << doc.status() << "\n";
#ifndef THEMATICA_IMPORT_H_
#define THEMATICA_IMPORT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/document.h"
#include "thematica/project.h"

namespace thematica {

struct ImportOptions {
  // Document name; empty means the file name without its extension.
  std::string name;
  // Case (id or name) of the document's participant. Empty: the one
  // non-interviewer speaker's case when there is exactly one. A name that is
  // not a case yet becomes a new case when create_cases is set.
  std::string case_name;
  // "auto" (lines like "P4: …", "Interviewer: …", "[00:01:02] P4: …",
  // "P4 (00:01:02): …", WebVTT voice tags), "none", or an RE2 regular
  // expression matched at the start of each line whose group named `speaker`
  // (else its first group) is the label and whose optional group named
  // `time` is a timestamp; the turn's text follows the match.
  std::string speakers = "auto";
  // Labels of the interviewer(s): their turns get no case.
  std::vector<std::string> interviewer = {"Interviewer", "I", "Q"};
  // Labels that are not yet cases (and not interviewers) become new cases.
  bool create_cases = true;
  // Encoding of a .txt/.md/.srt/.vtt file when it has no byte-order mark:
  // empty detects (UTF-8, else windows-1252); otherwise one of "utf-8",
  // "utf-16", "utf-16le", "utf-16be", "windows-1252" ("cp1252"),
  // "iso-8859-1" ("latin-1"), "iso-8859-15".
  std::string encoding;
};

// A speaker turn as found in a file, before labels are linked to cases.
struct ImportedTurn {
  Span span;             // Code points of ImportedText::text.
  std::string speaker;   // Label as written, or empty.
  int64_t start_ms = -1;  // -1 when unknown.
  int64_t end_ms = -1;
};

// What a file holds, before it becomes a document.
struct ImportedText {
  std::string text;  // Valid UTF-8, paragraphs separated by "\n".
  std::vector<ImportedTurn> turns;
  std::string format;      // "txt", "docx", "vtt", …
  std::string media_type;  // IANA media type of the file.
};

// The extensions ImportFile accepts, lower case with the dot.
const std::vector<std::string>& SupportedImportExtensions();

// The text and turns of `bytes`, read as a file named `file_name` (whose
// extension picks the format). Does not touch any project.
absl::StatusOr<ImportedText> ExtractText(absl::string_view bytes, absl::string_view file_name,
                                         const ImportOptions& options = {});

// Imports one file as a new document (see the guarantees above); returns its
// id. Cases are created as ImportOptions says.
absl::StatusOr<std::string> ImportFile(Project& project, absl::string_view path,
                                       const ImportOptions& options = {});

// Imports every file, all or nothing; returns the new documents' ids in the
// order of `paths`. `options.name` must be empty when there are several.
absl::StatusOr<std::vector<std::string>> ImportFiles(Project& project,
                                                     const std::vector<std::string>& paths,
                                                     const ImportOptions& options = {});

// ---------------------------------------------------------------------------
// Tables: survey answers and the like, a document per row.
//
//   THEMATICA_ASSIGN_OR_RETURN(thematica::Table table, thematica::ReadTable("survey.csv"));
//   thematica::TableImportOptions options;
//   options.attributes = {"age", "group"};
//   THEMATICA_ASSIGN_OR_RETURN(std::vector<std::string> docs,
//                              thematica::ImportTable(project, table, options));

// Cells as text; an empty cell is missing.
struct Table {
  std::string source;  // For messages: the file name, or "the DataFrame".
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // Each as long as `columns`.
};

// A .csv (comma) or .tsv/.tab (tab) file: RFC 4180 quoting, the first row
// names the columns; decoded as ImportOptions::encoding says.
absl::StatusOr<Table> ReadTable(absl::string_view path, absl::string_view encoding = "");

struct TableImportOptions {
  // Text columns: a document per row, or per non-empty cell when several
  // are named (then named "<name> – <column>"). Rows with no text are skipped.
  std::vector<std::string> text = {"answer"};
  // Column naming each document; empty names documents "row N".
  std::string name = "id";
  // Columns that become case attributes. Types are inferred over the column
  // (number, else YYYY-MM-DD date, else true/false/yes/no boolean, else
  // text); `types` ("text", "number", "boolean", "date") overrides, and an
  // attribute the project already declares keeps its type.
  std::vector<std::string> attributes;
  std::map<std::string, std::string> types;
  // Column naming each row's case (respondent); empty for no cases.
  std::string case_column = "id";
  bool create_cases = true;  // Else a case name that is not a case is an error.
};

// All or nothing; returns the new documents' ids in row order.
absl::StatusOr<std::vector<std::string>> ImportTable(Project& project, const Table& table,
                                                     const TableImportOptions& options = {});

}  // namespace thematica

#endif  // THEMATICA_IMPORT_H_
