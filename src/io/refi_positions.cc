#include "io/refi_positions.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "thematica/text.h"

namespace thematica::internal {
namespace {

// Units one code point (starting with lead byte `lead`) takes.
int Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

}  // namespace

PositionMap::PositionMap(absl::string_view text, PositionConvention convention) {
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  const bool identity =
      convention == PositionConvention::kCodePoints ||
      (ascii && (convention != PositionConvention::kCodePointsCrlfAsOne ||
                 text.find("\r\n") == absl::string_view::npos));
  if (identity) {
    code_points_ = ascii ? static_cast<int64_t>(text.size()) : CodePointCount(text);
    return;
  }
  units_.reserve(text.size() + 1);
  int64_t position = 0;
  for (size_t i = 0; i < text.size();) {
    const int len = Utf8Length(static_cast<unsigned char>(text[i]));
    units_.push_back(position);
    switch (convention) {
      case PositionConvention::kUtf16CodeUnits:
        position += len == 4 ? 2 : 1;
        break;
      case PositionConvention::kCodePointsCrlfAsOne:
        position += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 0 : 1;
        break;
      case PositionConvention::kUtf8Bytes:
        position += len;
        break;
      case PositionConvention::kCodePoints:
        position += 1;
        break;
    }
    i += len;
  }
  units_.push_back(position);
  code_points_ = static_cast<int64_t>(units_.size()) - 1;
}

absl::StatusOr<int64_t> PositionMap::ToCodePoint(int64_t position) const {
  if (position < 0 || position > length()) {
    return absl::OutOfRangeError(absl::StrCat(
        "position ", position, " is outside the text (length ", length(), ")"));
  }
  if (units_.empty()) return position;
  // The first code point at this position: for a CRLF counted as one, a
  // position at the line end maps before the CR.
  auto it = std::lower_bound(units_.begin(), units_.end(), position);
  if (it == units_.end() || *it != position) {
    return absl::OutOfRangeError(
        absl::StrCat("position ", position, " falls inside a character"));
  }
  return it - units_.begin();
}

int64_t PositionMap::FromCodePoint(int64_t cp) const {
  return units_.empty() ? cp : units_[static_cast<size_t>(cp)];
}

}  // namespace thematica::internal
