#include "internal/csv.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace thematica::internal {

std::string CsvField(absl::string_view s) {
  if (s.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(s);
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\"", "\"\""}}), "\"");
}

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view csv, char separator) {
  if (absl::StartsWith(csv, "\xEF\xBB\xBF")) csv.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  bool quoted = false;       // Inside a quoted field.
  bool was_quoted = false;   // The current field was quoted (and closed).
  bool any = false;          // The current record has content.
  int64_t line = 1;
  int64_t quote_line = 0;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    if (any || record.size() > 0) {
      end_field();
      records.push_back(std::move(record));
    }
    record.clear();
    field.clear();
    any = false;
  };
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == separator) {
      end_field();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      end_record();
      ++line;
    } else if (was_quoted) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV line ", line, ": text after a closing quote"));
    } else if (c == '"' && field.empty()) {
      quoted = true;
      quote_line = line;
      any = true;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV line ", quote_line, ": a quoted field is never closed"));
  }
  end_record();
  return records;
}

}  // namespace thematica::internal
