#include "thematica/codebook_csv.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "internal/csv.h"
#include "internal/file_util.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"

namespace thematica {
namespace {

using internal::CsvField;

void AppendCodes(const Codebook& book, const std::string& parent, std::string* out) {
  for (const std::string& id : book.Children(parent)) {
    absl::StrAppend(out, CsvField(book.Path(id, "/")), ",",
                    CsvField(book.Find(id)->description), "\r\n");
    AppendCodes(book, id, out);
  }
}

absl::Status WithPath(const absl::Status& status, absl::string_view path) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(path, ": ", status.message()));
}

}  // namespace

std::string SerializeCodebookCsv(const Project& project) {
  std::string out = "tag,description\r\n";
  AppendCodes(project.codebook(), "", &out);
  return out;
}

absl::Status WriteCodebookCsv(const Project& project, absl::string_view path) {
  if (project.codebook().size() == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": the codebook is empty"));
  }
  return WriteFileAtomic(path, SerializeCodebookCsv(project));
}

absl::StatusOr<Project> ParseCodebookCsv(absl::string_view csv) {
  if (absl::Status utf8 = ValidateUtf8(csv); !utf8.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the CSV is not UTF-8: ", utf8.message()));
  }
  THEMATICA_ASSIGN_OR_RETURN(std::vector<internal::CsvRecord> rows, internal::ParseCsv(csv));
  if (rows.empty()) return absl::InvalidArgumentError("the CSV is empty (expected a header row)");
  int tag = -1, description = -1;
  for (const char* wanted : {"tag", "path", "name"}) {
    for (size_t i = 0; i < rows[0].size() && tag < 0; ++i) {
      if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(rows[0][i])) == wanted) {
        tag = static_cast<int>(i);
      }
    }
  }
  for (size_t i = 0; i < rows[0].size(); ++i) {
    if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(rows[0][i])) == "description") {
      description = static_cast<int>(i);
    }
  }
  if (tag < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the CSV header (", absl::StrJoin(rows[0], ","),
        ") has no tag, path or name column"));
  }
  Project project;
  absl::flat_hash_set<std::string> defined;  // Codes that had a row.
  for (size_t r = 1; r < rows.size(); ++r) {
    const internal::CsvRecord& row = rows[r];
    const std::string value = static_cast<size_t>(tag) < row.size() ? row[tag] : "";
    std::vector<std::string> names;
    for (absl::string_view part : absl::StrSplit(value, '/')) {
      part = absl::StripAsciiWhitespace(part);
      if (!part.empty()) names.emplace_back(part);
    }
    if (names.empty()) {
      // A row with nothing in it at all is a spreadsheet's trailing blank.
      if (std::all_of(row.begin(), row.end(), [](const std::string& f) { return f.empty(); })) {
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat("CSV row ", r + 1, " has no tag"));
    }
    std::string parent;
    for (const std::string& name : names) {
      const Code* existing = project.codebook().FindChild(parent, name);
      if (existing != nullptr) {
        parent = existing->id;
        continue;
      }
      THEMATICA_ASSIGN_OR_RETURN(parent, project.AddCode({.name = name, .parent_id = parent}));
    }
    if (!defined.insert(parent).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV row ", r + 1, ": the code \"", value, "\" has a row already"));
    }
    if (description >= 0 && static_cast<size_t>(description) < row.size() &&
        !row[description].empty()) {
      Code code = *project.FindCode(parent);
      code.description = row[description];
      THEMATICA_RETURN_IF_ERROR(project.UpdateCode(std::move(code)));
    }
  }
  return project;
}

absl::StatusOr<Project> ReadCodebookCsv(absl::string_view path) {
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<Project> project = ParseCodebookCsv(bytes);
  if (!project.ok()) return WithPath(project.status(), path);
  return project;
}

}  // namespace thematica
