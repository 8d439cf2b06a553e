// thematica::ReadTable (CSV/TSV) and ImportTable: survey answers and other
// tables as documents, respondents as cases with typed attributes.
#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "internal/csv.h"
#include "io/import_internal.h"
#include "thematica/attribute.h"
#include "internal/file_util.h"
#include "thematica/import.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

bool Missing(absl::string_view cell) { return absl::StripAsciiWhitespace(cell).empty(); }

std::optional<bool> AsBoolean(absl::string_view cell) {
  const std::string s = absl::AsciiStrToLower(absl::StripAsciiWhitespace(cell));
  if (s == "true" || s == "yes") return true;
  if (s == "false" || s == "no") return false;
  return std::nullopt;
}

std::optional<double> AsNumber(absl::string_view cell) {
  double d = 0;
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(cell), &d)) return std::nullopt;
  return d;
}

// YYYY-MM-DD, optionally followed by a time ("T…" or " …") that is dropped.
std::optional<absl::CivilDay> AsDate(absl::string_view cell) {
  cell = absl::StripAsciiWhitespace(cell);
  if (cell.size() > 10 && cell[10] != 'T' && cell[10] != ' ') return std::nullopt;
  cell = cell.substr(0, 10);
  if (cell.size() != 10 || cell[4] != '-' || cell[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(cell.substr(0, 4), &y) || !absl::SimpleAtoi(cell.substr(5, 2), &m) ||
      !absl::SimpleAtoi(cell.substr(8, 2), &d)) {
    return std::nullopt;
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return std::nullopt;
  return day;
}

AttributeType Infer(const Table& table, size_t column) {
  bool number = true, date = true, boolean = true, any = false;
  for (const auto& row : table.rows) {
    const std::string& cell = row[column];
    if (Missing(cell)) continue;
    any = true;
    number = number && AsNumber(cell).has_value();
    date = date && AsDate(cell).has_value();
    boolean = boolean && AsBoolean(cell).has_value();
  }
  if (!any) return AttributeType::kText;
  if (number) return AttributeType::kNumber;
  if (date) return AttributeType::kDate;
  if (boolean) return AttributeType::kBoolean;
  return AttributeType::kText;
}

absl::StatusOr<AttributeValue> Convert(absl::string_view cell, AttributeType type) {
  switch (type) {
    case AttributeType::kNumber:
      if (std::optional<double> d = AsNumber(cell)) return AttributeValue(*d);
      return absl::InvalidArgumentError(absl::StrCat("\"", cell, "\" is not a number"));
    case AttributeType::kDate:
      if (std::optional<absl::CivilDay> d = AsDate(cell)) return AttributeValue(*d);
      return absl::InvalidArgumentError(absl::StrCat("\"", cell, "\" is not a date (YYYY-MM-DD)"));
    case AttributeType::kBoolean:
      if (std::optional<bool> b = AsBoolean(cell)) return AttributeValue(*b);
      return absl::InvalidArgumentError(absl::StrCat("\"", cell, "\" is not true/false or yes/no"));
    case AttributeType::kText:
      break;
  }
  return AttributeValue(std::string(absl::StripAsciiWhitespace(cell)));
}

}  // namespace

absl::StatusOr<Table> ReadTable(absl::string_view path, absl::string_view encoding) {
  const std::string ext =
      absl::AsciiStrToLower(std::filesystem::path(std::string(path)).extension().string());
  if (ext != ".csv" && ext != ".tsv" && ext != ".tab") {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": unknown table type (supported: .csv, .tsv; .xlsx and DataFrames from Python)"));
  }
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<std::string> text = internal::DecodeText(bytes, encoding);
  if (!text.ok()) return absl::Status(text.status().code(), absl::StrCat(path, ": ", text.status().message()));
  absl::StatusOr<std::vector<internal::CsvRecord>> records =
      internal::ParseCsv(*text, ext == ".csv" ? ',' : '\t');
  if (!records.ok()) {
    return absl::Status(records.status().code(), absl::StrCat(path, ": ", records.status().message()));
  }
  if (records->empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": the table is empty"));
  Table table;
  table.source = std::string(path);
  table.columns = std::move(records->front());
  for (size_t r = 1; r < records->size(); ++r) {
    std::vector<std::string>& row = (*records)[r];
    if (row.size() > table.columns.size()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": row ", r + 1, " has ", row.size(),
                                                     " fields; the header has ", table.columns.size()));
    }
    row.resize(table.columns.size());
    table.rows.push_back(std::move(row));
  }
  return table;
}

namespace {

// ImportTable's work on a copy `p` of the project: the columns checked, the
// attributes declared, then each row's case (with its values) and documents.
class TableImporter {
 public:
  TableImporter(Project& p, const Table& table, const TableImportOptions& options)
      : p(p), table(table), options(options), label(table.source) {}

  std::optional<size_t> column(const std::string& name) const {
    auto it = std::find(table.columns.begin(), table.columns.end(), name);
    if (it == table.columns.end()) return std::nullopt;
    return static_cast<size_t>(it - table.columns.begin());
  }

  absl::Status CheckColumns() const {
    std::vector<std::string> wanted = options.text;
    wanted.insert(wanted.end(), options.attributes.begin(), options.attributes.end());
    if (!options.name.empty()) wanted.push_back(options.name);
    if (!options.case_column.empty()) wanted.push_back(options.case_column);
    std::vector<std::string> missing;
    for (const std::string& w : wanted) {
      if (!column(w) && std::find(missing.begin(), missing.end(), w) == missing.end()) missing.push_back(w);
    }
    if (!missing.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          label, ": no column '", absl::StrJoin(missing, "', '"), "' (columns: '",
          absl::StrJoin(table.columns, "', '"), "')"));
    }
    if (options.text.empty()) return absl::InvalidArgumentError(absl::StrCat(label, ": no text column named"));
    for (const auto& row : table.rows) {
      if (row.size() != table.columns.size()) {
        return absl::InvalidArgumentError(absl::StrCat(label, ": a row's length differs from the header's"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status DeclareAttributes() {
    for (const std::string& a : options.attributes) {
      if (const AttributeDefinition* existing = p.FindAttributeByName(a)) {
        auto o = options.types.find(a);
        if (o != options.types.end() && o->second != AttributeTypeName(existing->type)) {
          return absl::FailedPreconditionError(absl::StrCat(
              label, ": attribute '", a, "' is already declared as ",
              AttributeTypeName(existing->type), ", not ", o->second));
        }
        attribute_ids[a] = existing->id;
        types[a] = existing->type;
        continue;
      }
      AttributeType type = Infer(table, *column(a));
      if (auto o = options.types.find(a); o != options.types.end()) {
        absl::StatusOr<AttributeType> t = ParseAttributeType(o->second);
        if (!t.ok()) return absl::InvalidArgumentError(absl::StrCat(label, ": types['", a, "']: ", t.status().message()));
        type = *t;
      }
      AttributeDefinition def;
      def.name = a;
      def.type = type;
      absl::StatusOr<std::string> id = p.AddAttribute(std::move(def));
      if (!id.ok()) return absl::Status(id.status().code(), absl::StrCat(label, ": ", id.status().message()));
      attribute_ids[a] = *id;
      types[a] = type;
    }
    return absl::OkStatus();
  }

  // The row's case (found, or made when create_cases) with its attribute
  // values; "" when the table names no case or the cell is empty.
  absl::StatusOr<std::string> RowCase(const std::vector<std::string>& row, const std::string& where) {
    if (options.case_column.empty() || Missing(row[*column(options.case_column)])) return std::string();
    std::string case_id;
    const std::string name(absl::StripAsciiWhitespace(row[*column(options.case_column)]));
    if (const Case* c = p.FindCaseByName(name)) {
      case_id = c->id;
    } else if (options.create_cases) {
      Case c;
      c.name = name;
      absl::StatusOr<std::string> id = p.AddCase(std::move(c));
      if (!id.ok()) return absl::Status(id.status().code(), absl::StrCat(where, ": ", id.status().message()));
      case_id = *id;
    } else {
      return absl::NotFoundError(absl::StrCat(where, ": no case '", name, "' (and create_cases is off)"));
    }
    for (const std::string& a : options.attributes) {
      const std::string& cell = row[*column(a)];
      if (Missing(cell)) continue;
      absl::StatusOr<AttributeValue> value = Convert(cell, types[a]);
      if (!value.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ", column '", a, "': ", value.status().message()));
      }
      if (absl::Status s = p.SetCaseAttribute(case_id, attribute_ids[a], *value); !s.ok()) {
        return absl::Status(s.code(), absl::StrCat(where, ": ", s.message()));
      }
    }
    return case_id;
  }

  // One document per non-empty text column of row `r`; their ids go to `ids`.
  absl::Status RowDocuments(size_t r, const std::string& where, const std::string& case_id,
                            std::vector<std::string>& ids) {
    const std::vector<std::string>& row = table.rows[r];
    std::string base = options.name.empty() || Missing(row[*column(options.name)])
                           ? absl::StrCat("row ", r + 1)
                           : std::string(absl::StripAsciiWhitespace(row[*column(options.name)]));
    for (const std::string& t : options.text) {
      const std::string& body = row[*column(t)];
      if (Missing(body)) continue;
      Document d;
      d.name = options.text.size() == 1 ? base : absl::StrCat(base, " – ", t);
      if (p.FindDocumentByName(d.name) != nullptr) {
        return absl::AlreadyExistsError(
            absl::StrCat(where, ": a document named '", d.name, "' already exists"));
      }
      d.text = internal::NormalizeLines(body);
      d.case_id = case_id;
      absl::StatusOr<std::string> id = p.AddDocument(std::move(d));
      if (!id.ok()) return absl::Status(id.status().code(), absl::StrCat(where, ": ", id.status().message()));
      ids.push_back(*id);
    }
    return absl::OkStatus();
  }

 private:
  Project& p;
  const Table& table;
  const TableImportOptions& options;
  const std::string& label;
  std::map<std::string, std::string> attribute_ids;  // Column → attribute id.
  std::map<std::string, AttributeType> types;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> ImportTable(Project& project, const Table& table,
                                                     const TableImportOptions& options) {
  // Work on a copy so that any failure leaves `project` as it was.
  Project p = project;
  TableImporter importer(p, table, options);
  THEMATICA_RETURN_IF_ERROR(importer.CheckColumns());
  // One step of the change log: one undo takes the whole import back.
  p.BeginChange(absl::StrCat("import ", table.source));
  THEMATICA_RETURN_IF_ERROR(importer.DeclareAttributes());
  std::vector<std::string> ids;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::string where = absl::StrCat(table.source, ": row ", r + 2);  // Row 1 is the header.
    THEMATICA_ASSIGN_OR_RETURN(std::string case_id, importer.RowCase(table.rows[r], where));
    THEMATICA_RETURN_IF_ERROR(importer.RowDocuments(r, where, case_id, ids));
  }
  p.EndChange();
  project = std::move(p);
  return ids;
}

}  // namespace thematica
