#include "cli/table.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "cli/json_writer.h"
#include "internal/csv.h"
#include "internal/file_util.h"
#include "thematica/text.h"

namespace thematica::cli {
namespace {

using internal::CsvField;

bool Numeric(const std::string& s) {
  double unused;
  return !s.empty() && absl::SimpleAtod(s, &unused) && std::all_of(s.begin(), s.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == 'e';
         });
}

// One line per row: line breaks inside a cell are shown, not obeyed.
std::string OneLine(const std::string& s) {
  return absl::StrReplaceAll(s, {{"\r\n", "⏎"}, {"\n", "⏎"}, {"\r", "⏎"}, {"\t", " "}});
}

// The first `n` code points of `s` (UTF-8), "…" standing for the rest.
std::string Cut(const std::string& s, int64_t n) {
  if (CodePointCount(s) <= n) return s;
  if (n <= 0) return "";
  size_t byte = 0;
  for (int64_t k = 0; k < n - 1 && byte < s.size(); ++k) {
    ++byte;
    while (byte < s.size() && (static_cast<unsigned char>(s[byte]) & 0xC0) == 0x80) ++byte;
  }
  return s.substr(0, byte) + "…";
}

}  // namespace

Format OutputOptions::Resolved() const {
  if (json || format == "json") return Format::kJson;
  if (csv || format == "csv") return Format::kCsv;
  if (format.empty() && absl::EndsWithIgnoreCase(out, ".csv")) return Format::kCsv;
  if (format.empty() && absl::EndsWithIgnoreCase(out, ".json")) return Format::kJson;
  return Format::kText;
}

void AddOutputFlags(CLI::App& app, OutputOptions& options) {
  app.add_option("--format", options.format,
                 "text (aligned columns), csv (RFC 4180) or json (an array of objects); "
                 "default: by --out's extension (.csv, .json), else text")
      ->check(CLI::IsMember({"text", "csv", "json"}));
  app.add_option("--out", options.out, "write to FILE (atomically) instead of stdout");
  app.add_flag("--csv", options.csv, "the same as --format csv");
  app.add_flag("--json", options.json, "the same as --format json");
}

void Table::Print(std::ostream& out, Format format, int max_width) const {
  if (format == Format::kCsv) {
    auto line = [&](const std::vector<std::string>& row) {
      for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
      out << "\r\n";
    };
    line(header_);
    for (const auto& row : rows_) line(row);
    return;
  }
  if (format == Format::kJson) {
    // A column whose every cell is a number is written as numbers.
    std::vector<bool> numeric(header_.size(), true);
    for (const auto& row : rows_) {
      for (size_t i = 0; i < numeric.size(); ++i) numeric[i] = numeric[i] && i < row.size() && Numeric(row[i]);
    }
    JsonWriter json;
    json.BeginArray();
    for (const auto& row : rows_) {
      json.BeginObject();
      for (size_t i = 0; i < header_.size() && i < row.size(); ++i) {
        json.Key(header_[i]);
        int64_t n;
        double d;
        if (!numeric[i]) json.String(row[i]);
        else if (absl::SimpleAtoi(row[i], &n)) json.Int(n);
        else if (absl::SimpleAtod(row[i], &d)) json.Double(d);
      }
      json.EndObject();
    }
    json.EndArray();
    out << json.str() << "\n";
    return;
  }
  std::vector<std::string> header;
  for (const std::string& h : header_) header.push_back(OneLine(h));
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : rows_) {
    std::vector<std::string> r;
    for (const std::string& cell : row) r.push_back(OneLine(cell));
    rows.push_back(std::move(r));
  }
  // Widths in code points, so non-ASCII names line up.
  std::vector<int64_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], CodePointCount(row[i]));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  if (max_width > 0 && !width.empty()) {
    // Narrow the widest column, one code point at a time, until a line fits
    // (a column keeps at least 6).
    auto total = [&] {
      int64_t sum = 2 * static_cast<int64_t>(width.size() - 1);
      for (int64_t w : width) sum += w;
      return sum;
    };
    while (total() > max_width) {
      auto widest = std::max_element(width.begin(), width.end());
      if (*widest <= 6) break;
      --*widest;
    }
  }
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i) {
      const std::string cell = Cut(row[i], width[i]);
      const std::string pad(static_cast<size_t>(width[i] - CodePointCount(cell)), ' ');
      if (i) out << "  ";
      out << (Numeric(cell) ? pad + cell : cell + (i + 1 < row.size() ? pad : ""));
    }
    out << "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
}

absl::Status Table::Emit(const OutputOptions& options) const {
  if (options.out.empty()) {
    Print(std::cout, options.Resolved(), options.Resolved() == Format::kText ? TerminalWidth() : 0);
    return absl::OkStatus();
  }
  std::ostringstream text;
  Print(text, options.Resolved());
  return WriteFileAtomic(options.out, text.str());
}

absl::Status EmitText(const OutputOptions& options, const std::string& text) {
  if (options.out.empty()) {
    std::cout << text;
    return absl::OkStatus();
  }
  return WriteFileAtomic(options.out, text);
}

int TerminalWidth() {
  if (!::isatty(STDOUT_FILENO)) return 0;
  if (const char* columns = std::getenv("COLUMNS")) {
    int n;
    if (absl::SimpleAtoi(columns, &n) && n > 0) return n;
  }
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

std::string Fixed(double value, int digits) { return absl::StrFormat("%.*f", digits, value); }

}  // namespace thematica::cli
