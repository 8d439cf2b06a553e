// Decoding of the compact encoding (format 1.2; README "Scale", proto
// CompactCorpus) shared by the loader (native/compact.cc, which builds a Project)
// and ProjectView (project_view.cc, which keeps the columns and maps the
// texts): the top-level scan that finds the texts run without copying it,
// the column readers with their consistency checks, and the cases.
#ifndef THEMATICA_SRC_INTERNAL_COMPACT_COLUMNS_H_
#define THEMATICA_SRC_INTERNAL_COMPACT_COLUMNS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "thematica/status_macros.h"
#include "thematica/v1/thematica.pb.h"

namespace thematica::internal {

// A compact file starts with these 19 bytes; the zero byte is no valid
// protobuf tag, so readers of format 1.1 and older refuse the file.
inline constexpr absl::string_view kCompactMagic("\0thematica compact\n", 19);
inline constexpr int kCompactTextsField = v1::Project::kCompactTextsFieldNumber;

enum TimeFlags : uint32_t {
  kHasCreated = 1,
  kHasModified = 2,
  kModifiedDiffers = 4,
  kCreatedNanos = 8,
  kModifiedNanos = 16,
};

// Where the top-level fields of a compact file's Project message are: the
// byte ranges of every field but the texts (the header and columns, which
// parse as a Project), and the texts run. Offsets count from the first byte
// after kCompactMagic. Works on any size (offsets are 64-bit, a length of
// the texts up to 2^64), so a file over 2 GiB is scanned without copying.
struct CompactLayout {
  std::vector<std::pair<uint64_t, uint64_t>> header;  // (offset, length).
  std::optional<std::pair<uint64_t, uint64_t>> texts;
};
// DataLoss "corrupt or truncated Thematica compact file: <what> at byte N of M"
// (N and M counting the magic prefix) for a field that does not scan.
absl::StatusOr<CompactLayout> ScanCompact(absl::string_view bytes);
// Parses the header ranges of `layout` (in place when they are one range, as
// the writer lays them out): DataLoss if they do not parse, ResourceExhausted
// over 2 GiB.
absl::Status ParseCompactHeader(absl::string_view bytes, const CompactLayout& layout,
                                v1::Project& header);

// The format version check every native reader runs: DataLoss without a
// version or for 0, FailedPrecondition for a newer major version.
absl::Status CheckFormatVersion(const v1::Project& p);

void TimeToProto(absl::Time t, google::protobuf::Timestamp* out);

// A canonical lower-case GUID from its 16 bytes.
std::string GuidText(absl::string_view bytes);

// Reads the columns of CompactIds, CompactTimes and the residuals back, row by
// row, checking every count against the data there is.
class CompactReader {
 public:
  explicit CompactReader(std::string what) : what_(std::move(what)) {}

  absl::Status Corrupt(absl::string_view message) const {
    return absl::DataLossError(
        absl::StrCat("corrupt Thematica compact file: ", what_, ": ", message));
  }

  absl::Status CheckIds(const v1::CompactIds& ids, size_t rows) const;
  // Rows in ascending order (the reader remembers its place in the text ids).
  std::string Id(const v1::CompactIds& ids, uint32_t row);

  // Expands the runs of `t` (CheckTimes before Times).
  absl::Status CheckTimes(const v1::CompactTimes& t, size_t rows);
  // Time stamps of the next row.
  absl::Status Times(const v1::CompactTimes& t, uint32_t row, absl::Time& created,
                     absl::Time& modified);

  // The document columns' shared checks (the loader's and the view's): ids,
  // times, residuals, and every per-row column `rows` long.
  absl::Status CheckDocumentColumns(const v1::CompactDocuments& docs, size_t rows) {
    THEMATICA_RETURN_IF_ERROR(CheckIds(docs.ids(), rows));
    THEMATICA_RETURN_IF_ERROR(CheckTimes(docs.times(), rows));
    THEMATICA_RETURN_IF_ERROR(CheckResiduals(docs.residuals(), rows));
    if (static_cast<size_t>(docs.text_bytes_size()) != rows ||
        static_cast<size_t>(docs.cases_size()) != rows) {
      return Corrupt("columns of different lengths");
    }
    return absl::OkStatus();
  }

  // The excerpt columns' shared checks: ids, times, residuals, and every
  // per-row column `rows` long (rows: the documents column's length).
  absl::Status CheckExcerptColumns(const v1::CompactExcerpts& ex, size_t rows) {
    THEMATICA_RETURN_IF_ERROR(CheckIds(ex.ids(), rows));
    THEMATICA_RETURN_IF_ERROR(CheckTimes(ex.times(), rows));
    THEMATICA_RETURN_IF_ERROR(CheckResiduals(ex.residuals(), rows));
    if (static_cast<size_t>(ex.starts_size()) != rows || static_cast<size_t>(ex.lengths_size()) != rows ||
        static_cast<size_t>(ex.coders_size()) != rows) {
      return Corrupt("columns of different lengths");
    }
    return absl::OkStatus();
  }

  template <typename Residuals>
  absl::Status CheckResiduals(const Residuals& residuals, size_t rows) const {
    for (int i = 0; i < residuals.size(); ++i) {
      if (residuals[i].row() >= rows || (i > 0 && residuals[i].row() <= residuals[i - 1].row())) {
        return Corrupt(absl::StrCat("residual row ", residuals[i].row(), " out of order or range"));
      }
    }
    return absl::OkStatus();
  }

  // The residual of `row`, or nullptr (rows in ascending order).
  template <typename Residuals>
  auto Residual(const Residuals& residuals, uint32_t row) -> decltype(&residuals[0]) {
    if (residual_ < residuals.size() && residuals[residual_].row() == row) return &residuals[residual_++];
    return nullptr;
  }

 private:
  std::string what_;
  int text_id_ = 0;
  std::vector<uint32_t> flags_;
  std::vector<int64_t> created_seconds_;
  int64_t previous_created_ = 0;
  int created_ = 0, created_nanos_ = 0, modified_ = 0, modified_nanos_ = 0;
  int residual_ = 0;
};

// The case columns back into the header's cases (which must be empty).
absl::Status CasesFromColumns(const v1::CompactCases& cases, v1::Project& header);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_COMPACT_COLUMNS_H_
