// Tables for CLI output: aligned columns for people (one line per row: a
// newline inside a cell shows as ⏎, and on a terminal long cells are cut to
// fit its width), RFC 4180 CSV and JSON (an array of objects) for tools.
//
//   OutputOptions output;            // Filled by AddOutputFlags.
//   AddOutputFlags(app, output);     // --format text|csv|json, --out, --csv, --json
//   Table t({"code", "percent", "kappa"});
//   t.AddRow({"Advocacy", "0.85", "0.61"});
//   if (absl::Status s = t.Emit(output); !s.ok()) return Fail(s);
#ifndef THEMATICA_SRC_CLI_TABLE_H_
#define THEMATICA_SRC_CLI_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace thematica::cli {

enum class Format { kText, kCsv, kJson };

struct OutputOptions {
  std::string format;  // text, csv or json; empty: by --out's extension, else text.
  std::string out;     // A file to write instead of stdout.
  bool csv = false;    // --csv, the same as --format csv.
  bool json = false;   // --json, the same as --format json.
  // The format these options ask for.
  Format Resolved() const;
};

// Declares --format, --out, --csv and --json on `app`.
void AddOutputFlags(CLI::App& app, OutputOptions& options);

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // `max_width` > 0 cuts text cells so that each line fits (code points).
  void Print(std::ostream& out, Format format, int max_width = 0) const;
  // Prints to stdout (text cut to the terminal's width when stdout is one),
  // or writes atomically to options.out.
  absl::Status Emit(const OutputOptions& options) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Writes `text` to options.out atomically, or to stdout.
absl::Status EmitText(const OutputOptions& options, const std::string& text);

// The width of the terminal stdout is, or 0 when stdout is not a terminal
// (COLUMNS, when set, overrides what the terminal says).
int TerminalWidth();

// A double with `digits` decimals.
std::string Fixed(double value, int digits = 4);

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_TABLE_H_
