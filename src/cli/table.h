// Tables for CLI output: aligned columns for people, RFC 4180 CSV for tools.
//
//   Table t({"code", "percent", "kappa"});
//   t.AddRow({"Advocacy", "0.85", "0.61"});
//   t.Print(std::cout, absl::GetFlag(FLAGS_csv));
#ifndef THEMATICA_SRC_CLI_TABLE_H_
#define THEMATICA_SRC_CLI_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace thematica::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Aligned text (numbers right-aligned), or CSV when `csv`.
  void Print(std::ostream& out, bool csv) const;
  // Prints to stdout, or writes CSV atomically to --out when it is set.
  absl::Status Emit() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// A double with `digits` decimals.
std::string Fixed(double value, int digits = 4);

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_TABLE_H_
