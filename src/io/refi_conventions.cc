// REFI-QDA names and position conventions: which unit each producer counts
// positions in, and the export targets (see refi_qda.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "thematica/refi_qda.h"

namespace thematica {

absl::string_view PositionConventionName(PositionConvention convention) {
  switch (convention) {
    case PositionConvention::kCodePoints:
      return "Unicode code points";
    case PositionConvention::kUtf16CodeUnits:
      return "UTF-16 code units";
    case PositionConvention::kCodePointsCrlfAsOne:
      return "code points, CRLF counted as one";
    case PositionConvention::kUtf8Bytes:
      return "UTF-8 bytes";
  }
  return "unknown";
}

absl::StatusOr<PositionConvention> ParsePositionConvention(absl::string_view name) {
  std::vector<std::string> names;
  for (PositionConvention c : {PositionConvention::kCodePoints, PositionConvention::kUtf16CodeUnits,
                               PositionConvention::kCodePointsCrlfAsOne, PositionConvention::kUtf8Bytes}) {
    if (name == PositionConventionName(c)) return c;
    names.push_back(absl::StrCat("\"", PositionConventionName(c), "\""));
  }
  const std::string last = names.back();
  names.pop_back();
  return absl::InvalidArgumentError(absl::StrCat("unknown position convention \"", name, "\" (expected ",
                                                 absl::StrJoin(names, ", "), " or ", last, ")"));
}

PositionConvention ConventionForOrigin(absl::string_view origin) {
  if (absl::StartsWith(origin, "Thematica")) {
    // Our exports name their unit: "… (positions: UTF-16 code units …)".
    constexpr absl::string_view kPositions = "(positions: ";
    const size_t at = origin.find(kPositions);
    if (at == absl::string_view::npos) return PositionConvention::kCodePoints;
    const absl::string_view unit = origin.substr(at + kPositions.size());
    for (PositionConvention c :
         {PositionConvention::kUtf16CodeUnits, PositionConvention::kCodePointsCrlfAsOne,
          PositionConvention::kUtf8Bytes}) {
      if (absl::StartsWith(unit, PositionConventionName(c))) return c;
    }
    return PositionConvention::kCodePoints;
  }
  const std::string tool = absl::AsciiStrToLower(origin);
  if (absl::StrContains(tool, "nvivo") || absl::StrContains(tool, "qualcoder")) {
    return PositionConvention::kUtf16CodeUnits;
  }
  if (absl::StrContains(tool, "atlas.ti")) {
    return PositionConvention::kCodePointsCrlfAsOne;
  }
  if (absl::StrContains(tool, "taguette")) return PositionConvention::kUtf8Bytes;
  return PositionConvention::kCodePoints;
}

std::string ThematicaOrigin() {
  return "Thematica 0.1.0 (positions: Unicode code points of the text as written)";
}
namespace {

constexpr std::pair<ExportTarget, absl::string_view> kTargetNames[] = {
    {ExportTarget::kRefi, "refi"},          {ExportTarget::kNvivo, "nvivo"},
    {ExportTarget::kAtlasTi, "atlas.ti"},   {ExportTarget::kMaxqda, "maxqda"},
    {ExportTarget::kQualCoder, "qualcoder"},
};

}  // namespace

absl::string_view ExportTargetName(ExportTarget target) {
  for (const auto& [t, name] : kTargetNames) {
    if (t == target) return name;
  }
  return "refi";
}

absl::StatusOr<ExportTarget> ParseExportTarget(absl::string_view name) {
  std::vector<absl::string_view> names;
  for (const auto& [t, n] : kTargetNames) {
    if (absl::EqualsIgnoreCase(name, n)) return t;
    names.push_back(n);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown export target \"", name,
                                                 "\" (expected ", absl::StrJoin(names, ", "),
                                                 ")"));
}

PositionConvention ConventionForTarget(ExportTarget target) {
  switch (target) {
    case ExportTarget::kNvivo:
    case ExportTarget::kQualCoder:
      return PositionConvention::kUtf16CodeUnits;
    case ExportTarget::kAtlasTi:
      return PositionConvention::kCodePointsCrlfAsOne;
    case ExportTarget::kRefi:
    case ExportTarget::kMaxqda:
      return PositionConvention::kCodePoints;
  }
  return PositionConvention::kCodePoints;
}

}  // namespace thematica
