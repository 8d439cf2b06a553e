// Codebooks as CSV, the form Taguette imports (its only codebook import) and
// spreadsheets edit: a header row, then one row per code with its path as
// the tag ("Functions/Advocacy") and its description.
//
//   THEMATICA_RETURN_IF_ERROR(thematica::WriteCodebookCsv(project, "codebook.csv"));
//   absl::StatusOr<thematica::Project> book = thematica::ReadCodebookCsv("codebook.csv");
//
// Written: columns `tag`, `description` (RFC 4180, UTF-8 without BOM, CRLF
// line ends), codes in hierarchy order, every code including folders. Read:
// the code column is `tag`, else `path`, else `name` (header names are
// matched case-insensitively; other columns are ignored); `/` in it makes
// the hierarchy, and a parent that has no row of its own is created.
// Inclusion and exclusion criteria, examples and colours have no column in
// Taguette's form and are not written; a `/` inside a code's own name reads
// back as a level of the hierarchy.
#ifndef THEMATICA_CODEBOOK_CSV_H_
#define THEMATICA_CODEBOOK_CSV_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

std::string SerializeCodebookCsv(const Project& project);
// Atomic; FailedPrecondition for an empty codebook.
absl::Status WriteCodebookCsv(const Project& project, absl::string_view path);

// A project holding only the codebook. InvalidArgument (naming the row) for
// a CSV without a tag/path/name column, a row without a tag, or a code that
// has two rows.
absl::StatusOr<Project> ParseCodebookCsv(absl::string_view csv);
absl::StatusOr<Project> ReadCodebookCsv(absl::string_view path);

}  // namespace thematica

#endif  // THEMATICA_CODEBOOK_CSV_H_
