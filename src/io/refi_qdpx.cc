// REFI-QDA files: .qdpx archives and .qdc codebooks on disk (see refi_qda.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "internal/sha256.h"
#include "io/refi_sources.h"
#include "io/refi_zip.h"
#include "internal/file_util.h"
#include "thematica/native_io.h"
#include "thematica/refi_qda.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

// Our exports carry the whole project in Thematica's own JSON beside the
// REFI-QDA content, for what the standard has no place for (time stamps of
// codes and themes, speaker turns, memos on cases, metadata, …). It is used
// only while the REFI-QDA content is byte-for-byte what we wrote (the
// checksum): a file edited by another tool is read from its REFI-QDA content.
constexpr absl::string_view kSidecar = "thematica/project.json";
constexpr absl::string_view kSidecarChecksum = "thematica/checksum";

// SHA-256 over every entry but the sidecar's own: the sidecar is trusted only
// while the REFI-QDA content it was written with is unchanged, and no edit by
// another tool can make a different content match (as a 64-bit FNV could).
std::string Checksum(const internal::ZipEntries& entries) {
  std::string manifest = "sha256\n";
  for (const auto& [name, data] : entries) {
    if (absl::StartsWith(name, "thematica/")) continue;
    absl::StrAppend(&manifest, name.size(), ":", name, " ", internal::Sha256Hex(data), "\n");
  }
  return internal::Sha256Hex(manifest);
}

absl::Status WithPath(const absl::Status& status, absl::string_view path) {
  if (status.ok() || absl::StrContains(status.message(), path)) return status;
  absl::Status out(status.code(), absl::StrCat(path, ": ", status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    out.SetPayload(url, payload);
  });
  return out;
}

// OK when every original the sidecar holds is what its SHA-256 says, and
// the rich-text file written for it (sources/<id>.<ext>), if any, holds the
// same bytes.
absl::Status CheckOriginals(
    const Project& project,
    const absl::flat_hash_map<std::string, const std::string*>& sources) {
  for (const Document& d : project.documents()) {
    if (!d.source_file.has_value()) continue;
    const SourceFile& f = *d.source_file;
    if (!f.sha256.empty() && internal::Sha256Hex(f.content) != f.sha256) {
      return absl::DataLossError(absl::StrCat("the original \"", f.name, "\" of document \"",
                                              d.name, "\" does not have its SHA-256 ", f.sha256));
    }
    // (Exports written before originals travelled as rich text have none.)
    if (std::string ext = internal::RichTextExtension(f); !ext.empty()) {
      auto it = sources.find(absl::StrCat(d.id, ".", ext));
      if (it != sources.end() && *it->second != f.content) {
        return absl::DataLossError(absl::StrCat("the original \"", f.name, "\" of document \"",
                                                d.name, "\" is not the archive's sources/", d.id,
                                                ".", ext));
      }
    }
  }
  return absl::OkStatus();
}

// A sidecar no longer trusted still vouches for the originals whose bytes
// match the SHA-256 it recorded (their names and media types).
internal::RecordedOriginals RecordedBy(const std::string& sidecar) {
  internal::RecordedOriginals recorded;
  absl::StatusOr<Project> project = ParseProject(sidecar, NativeFormat::kJson);
  if (!project.ok()) return recorded;
  for (const Document& d : project->documents()) {
    if (!d.source_file.has_value() || d.source_file->sha256.empty()) continue;
    SourceFile record = *d.source_file;
    record.content.clear();
    recorded.emplace(d.id, std::move(record));
  }
  return recorded;
}

}  // namespace

absl::StatusOr<ImportResult> ReadQdpxFromMemory(absl::string_view bytes,
                                                const QdpxLimits& limits) {
  THEMATICA_ASSIGN_OR_RETURN(internal::ZipEntries entries, internal::ReadZip(bytes, limits));
  const std::string* qde = nullptr;
  const std::string* sidecar = nullptr;
  const std::string* checksum = nullptr;
  absl::flat_hash_map<std::string, const std::string*> sources;
  for (const auto& [name, data] : entries) {
    const std::string lower = absl::AsciiStrToLower(name);
    if (lower.find('/') == std::string::npos && absl::EndsWith(lower, ".qde")) {
      if (qde != nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("the archive holds more than one .qde file (", name, ")"));
      }
      qde = &data;
    } else if (absl::StartsWith(lower, "sources/")) {
      // NVivo writes Sources/, others sources/.
      sources[name.substr(8)] = &data;
    } else if (name == kSidecar) {
      sidecar = &data;
    } else if (name == kSidecarChecksum) {
      checksum = &data;
    }
  }
  if (qde == nullptr) {
    return absl::DataLossError("the archive holds no project.qde: not a REFI-QDA project");
  }
  std::vector<std::string> sidecar_warnings;
  if (sidecar != nullptr && checksum != nullptr && *checksum == Checksum(entries)) {
    absl::StatusOr<Project> project = ParseProject(*sidecar, NativeFormat::kJson);
    absl::Status originals =
        project.ok() ? CheckOriginals(*project, sources) : project.status();
    if (originals.ok()) return ImportResult{*std::move(project), {}};
    // The sidecar only adds to the REFI-QDA content; a bad one costs the
    // extras, not the import.
    sidecar_warnings.push_back(absl::StrCat(kSidecar, " is unreadable (",
                                            originals.message(),
                                            "); read from the REFI-QDA content"));
  }
  internal::RecordedOriginals recorded;
  if (sidecar != nullptr && sidecar_warnings.empty()) recorded = RecordedBy(*sidecar);
  SourceReader reader = [&](absl::string_view name,
                            bool internal) -> absl::StatusOr<std::string> {
    // Paths outside the archive are never opened: the archive is untrusted
    // and its paths name files on someone else's machine. A bare or relative
    // path ("board_2017.txt", as some tools write it) names the entry of
    // that name in the sources folder when there is one.
    if (!internal && !internal::CheckEntryName(name).ok()) {
      return absl::NotFoundError(absl::StrCat("external file ", name));
    }
    while (!internal && absl::StartsWith(name, "./")) name.remove_prefix(2);
    auto it = sources.find(std::string(name));
    if (it == sources.end() && !internal && absl::StartsWithIgnoreCase(name, "sources/")) {
      it = sources.find(std::string(name.substr(8)));
    }
    if (it == sources.end()) return absl::NotFoundError(std::string(name));
    return *it->second;
  };
  THEMATICA_ASSIGN_OR_RETURN(
      ImportResult result, internal::ParseQdeWithOriginals(*qde, reader, limits, &recorded));
  if (!sidecar_warnings.empty()) {
    result.warnings.insert(result.warnings.begin(), sidecar_warnings.begin(),
                           sidecar_warnings.end());
  } else if (sidecar != nullptr) {
    result.warnings.push_back(
        "the archive was changed after Thematica wrote it; read from its REFI-QDA content");
  }
  return result;
}

absl::StatusOr<ImportResult> ReadQdpx(absl::string_view path, const QdpxLimits& limits) {
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<ImportResult> result = ReadQdpxFromMemory(bytes, limits);
  if (!result.ok()) return WithPath(result.status(), path);
  return result;
}

absl::StatusOr<std::string> WriteQdpxToMemory(const Project& project,
                                              const QdpxWriteOptions& options,
                                              std::vector<std::string>* warnings) {
  internal::ZipEntries files;
  std::string qde = SerializeQde(project, /*inline_text=*/false, &files, options, warnings);
  internal::ZipEntries entries;
  entries.emplace_back("project.qde", std::move(qde));
  for (auto& file : files) entries.push_back(std::move(file));
  // The sidecar is Thematica's; an export for another tool is that tool's.
  if (options.target == ExportTarget::kRefi) {
    std::string checksum = Checksum(entries);
    entries.emplace_back(kSidecar, SerializeProject(project, NativeFormat::kJson));
    entries.emplace_back(kSidecarChecksum, std::move(checksum));
  }
  return internal::WriteZip(entries);
}

absl::Status WriteQdpx(const Project& project, absl::string_view path,
                       const QdpxWriteOptions& options, std::vector<std::string>* warnings) {
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, WriteQdpxToMemory(project, options, warnings));
  return WriteFileAtomic(path, bytes);
}

absl::StatusOr<ImportResult> ReadQdc(absl::string_view path) {
  THEMATICA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  absl::StatusOr<ImportResult> result = ParseQdc(bytes);
  if (!result.ok()) return WithPath(result.status(), path);
  return result;
}

absl::Status WriteQdc(const Project& project, absl::string_view path) {
  if (project.codebook().size() == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot write ", path, ": the codebook is empty (a .qdc needs at least one code)"));
  }
  return WriteFileAtomic(path, SerializeQdc(project));
}

}  // namespace thematica
