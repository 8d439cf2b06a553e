// RFC 4180 CSV: one field escaper for every CSV Thematica writes, and a reader
// (private to the library).
//
//   std::string line = absl::StrCat(CsvField("a,b"), ",", CsvField("c"));
//   THEMATICA_ASSIGN_OR_RETURN(std::vector<CsvRecord> rows, ParseCsv(bytes));
#ifndef THEMATICA_INTERNAL_CSV_H_
#define THEMATICA_INTERNAL_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thematica::internal {

// `s` as one CSV field: quoted (with doubled quotes) when it holds a comma,
// a quote or a line end, as is otherwise.
std::string CsvField(absl::string_view s);

using CsvRecord = std::vector<std::string>;

// The records of `csv` (a UTF-8 BOM is skipped; CRLF or LF line ends; quoted
// fields may hold commas, quotes and line ends; a blank line is no record).
// InvalidArgument naming the line for a quote that is never closed or text
// after a closing quote.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view csv, char separator = ',');

}  // namespace thematica::internal

#endif  // THEMATICA_INTERNAL_CSV_H_
