#include "io/refi_zip.h"

#include <sys/stat.h>
#include <zip.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "thematica/status_macros.h"

namespace thematica::internal {
namespace {

// Entries below this size may be highly compressible without being bombs.
constexpr int64_t kRatioExemptSize = int64_t{1} << 20;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

absl::Status ZipError(absl::string_view what, zip_error_t* error) {
  return absl::DataLossError(
      absl::StrCat("not a readable zip archive (", what, "): ",
                   zip_error_strerror(error)));
}

}  // namespace

absl::Status CheckEntryName(absl::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("zip entry with an empty name");
  if (name[0] == '/' || absl::StrContains(name, '\\') ||
      (name.size() >= 2 && name[1] == ':')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "zip entry \"", name, "\" has an absolute or non-portable path"));
  }
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part == "..") {
      return absl::InvalidArgumentError(
          absl::StrCat("zip entry \"", name, "\" escapes the archive (..)"));
    }
  }
  if (name.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("zip entry name contains a NUL byte");
  }
  return absl::OkStatus();
}

// ReadZip's first pass over entry `i`: its name, type and declared size
// checked against the limits before anything is inflated; returns the size.
absl::StatusOr<int64_t> CheckEntry(zip_t* archive, zip_int64_t i, const QdpxLimits& limits) {
  const char* raw_name = zip_get_name(archive, i, ZIP_FL_ENC_RAW);
  if (raw_name == nullptr) return absl::DataLossError("zip entry without a name");
  const std::string name = raw_name;
  THEMATICA_RETURN_IF_ERROR(CheckEntryName(name));
  zip_uint8_t opsys = 0;
  zip_uint32_t attributes = 0;
  if (zip_file_get_external_attributes(archive, i, 0, &opsys,
                                       &attributes) == 0 &&
      opsys == ZIP_OPSYS_UNIX && S_ISLNK(attributes >> 16)) {
    return absl::InvalidArgumentError(
        absl::StrCat("zip entry \"", name, "\" is a symbolic link"));
  }
  zip_stat_t st;
  if (zip_stat_index(archive, i, 0, &st) != 0) {
    return absl::DataLossError(absl::StrCat("cannot stat zip entry \"", name, "\""));
  }
  const int64_t size = static_cast<int64_t>(st.size);
  const int64_t compressed = static_cast<int64_t>(st.comp_size);
  if (size > limits.max_entry_size) {
    return absl::ResourceExhaustedError(
        absl::StrCat("zip entry \"", name, "\" inflates to ", size,
                     " bytes; the limit is ", limits.max_entry_size));
  }
  if (size > kRatioExemptSize &&
      static_cast<double>(size) >
          limits.max_compression_ratio * static_cast<double>(std::max<int64_t>(compressed, 1))) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "zip entry \"", name, "\" has a compression ratio of ",
        size / std::max<int64_t>(compressed, 1), "; the limit is ",
        limits.max_compression_ratio));
  }
  return size;
}

// ReadZip's second pass over entry `i`: inflated, never reading more than
// declared (a lying header cannot get past the limits), appended to `entries`.
absl::Status InflateEntry(zip_t* archive, zip_int64_t i, const QdpxLimits& limits,
                          int64_t& inflated, ZipEntries& entries) {
  zip_stat_t st;
  zip_stat_index(archive, i, 0, &st);
  std::string name = st.name;
  if (absl::EndsWith(name, "/")) return absl::OkStatus();
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive, i, 0));
  if (file == nullptr) {
    return absl::DataLossError(absl::StrCat(
        "cannot open zip entry \"", name, "\": ", zip_strerror(archive)));
  }
  // Memory grows with the bytes that really inflate, never with what a
  // header claims (a small archive may declare a huge entry).
  std::string data;
  char chunk[1 << 16];
  while (true) {
    const zip_int64_t got = zip_fread(file.get(), chunk, sizeof(chunk));
    if (got < 0) {
      return absl::DataLossError(absl::StrCat("zip entry \"", name, "\" is corrupt"));
    }
    if (got == 0) break;
    data.append(chunk, static_cast<size_t>(got));
    inflated += got;
    if (data.size() > st.size || inflated > limits.max_total_size) {
      return absl::DataLossError(absl::StrCat(
          "zip entry \"", name, "\" inflates to more than its header says"));
    }
  }
  if (data.size() != st.size) {
    return absl::DataLossError(absl::StrCat(
        "zip entry \"", name, "\" is corrupt or not the size its header says"));
  }
  entries.emplace_back(std::move(name), std::move(data));
  return absl::OkStatus();
}

absl::StatusOr<ZipEntries> ReadZip(absl::string_view bytes,
                                   const QdpxLimits& limits) {
  if (!(limits.max_compression_ratio > 0) || limits.max_entry_size < 0 || limits.max_total_size < 0 ||
      limits.max_entries < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "archive limits must be positive numbers (max_compression_ratio ", limits.max_compression_ratio,
        ", max_entry_size ", limits.max_entry_size, ", max_total_size ", limits.max_total_size,
        ", max_entries ", limits.max_entries, ")"));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return ZipError("buffer", &error);
  std::unique_ptr<zip_t, ZipCloser> archive(
      zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (archive == nullptr) {
    zip_source_free(source);
    absl::Status status = ZipError("open", &error);
    zip_error_fini(&error);
    return status;
  }
  zip_error_fini(&error);
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || count > limits.max_entries) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "zip archive has ", count, " entries; the limit is ", limits.max_entries));
  }
  // First pass: names, types and declared sizes, before inflating anything.
  int64_t declared_total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    THEMATICA_ASSIGN_OR_RETURN(const int64_t size, CheckEntry(archive.get(), i, limits));
    declared_total += size;
    if (declared_total > limits.max_total_size) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "zip archive inflates to more than ", limits.max_total_size, " bytes"));
    }
  }
  // Second pass: inflate.
  ZipEntries entries;
  int64_t inflated = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    THEMATICA_RETURN_IF_ERROR(InflateEntry(archive.get(), i, limits, inflated, entries));
  }
  return entries;
}

absl::StatusOr<std::string> WriteZip(const ZipEntries& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return absl::InternalError("zip buffer");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return absl::InternalError(absl::StrCat("zip: ", zip_error_strerror(&error)));
  }
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_int64_t index = s == nullptr ? -1 : zip_file_add(archive, name.c_str(), s,
                                                         ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      if (s != nullptr) zip_source_free(s);
      absl::Status status = absl::InternalError(
          absl::StrCat("zip: cannot add \"", name, "\": ", zip_strerror(archive)));
      zip_discard(archive);
      zip_source_free(buffer);
      return status;
    }
    // Deflate level 1: several times faster than the default on the large
    // XML and text entries, for a slightly larger file.
    zip_set_file_compression(archive, index, ZIP_CM_DEFLATE, 1);
    // A fixed time stamp keeps exports of the same project byte-identical.
    zip_file_set_mtime(archive, index, 315532800 + 86400 * 365, 0);
  }
  if (zip_close(archive) != 0) {
    absl::Status status =
        absl::InternalError(absl::StrCat("zip: ", zip_strerror(archive)));
    zip_discard(archive);
    zip_source_free(buffer);
    return status;
  }
  std::string out;
  if (zip_source_open(buffer) != 0) {
    zip_source_free(buffer);
    return absl::InternalError("zip: cannot reopen the buffer");
  }
  zip_source_seek(buffer, 0, SEEK_END);
  out.resize(static_cast<size_t>(zip_source_tell(buffer)));
  zip_source_seek(buffer, 0, SEEK_SET);
  zip_int64_t got = out.empty() ? 0 : zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (got != static_cast<zip_int64_t>(out.size())) {
    return absl::InternalError("zip: short read of the buffer");
  }
  return out;
}

}  // namespace thematica::internal
