#include "cli/table.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "cli/command.h"
#include "internal/csv.h"
#include "thematica/file_util.h"
#include "thematica/text.h"

namespace thematica::cli {
namespace {

using internal::CsvField;

bool Numeric(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == 'e';
  });
}

}  // namespace

void Table::Print(std::ostream& out, bool csv) const {
  if (csv) {
    auto line = [&](const std::vector<std::string>& row) {
      for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
      out << "\r\n";
    };
    line(header_);
    for (const auto& row : rows_) line(row);
    return;
  }
  // Widths in code points, so non-ASCII names line up.
  std::vector<int64_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], CodePointCount(row[i]));
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(static_cast<size_t>(width[i] - CodePointCount(row[i])), ' ');
      if (i) out << "  ";
      out << (Numeric(row[i]) ? pad + row[i] : row[i] + (i + 1 < row.size() ? pad : ""));
    }
    out << "\n";
  };
  line(header_);
  for (const auto& row : rows_) line(row);
}

absl::Status Table::Emit() const {
  const std::string path = absl::GetFlag(FLAGS_out);
  if (path.empty()) {
    Print(std::cout, absl::GetFlag(FLAGS_csv));
    return absl::OkStatus();
  }
  std::ostringstream csv;
  Print(csv, /*csv=*/true);
  return WriteFileAtomic(path, csv.str());
}

std::string Fixed(double value, int digits) { return absl::StrFormat("%.*f", digits, value); }

}  // namespace thematica::cli
