// Conversion of REFI-QDA selection positions between a tool's convention and
// Thematica's code points (private to src/io).
//
//   PositionMap map(text, PositionConvention::kUtf16CodeUnits);
//   THEMATICA_ASSIGN_OR_RETURN(int64_t cp, map.ToCodePoint(7915));
#ifndef THEMATICA_IO_REFI_POSITIONS_H_
#define THEMATICA_IO_REFI_POSITIONS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/refi_qda.h"

namespace thematica::internal {

class PositionMap {
 public:
  // `text` is valid UTF-8; the map does not keep a reference to it.
  PositionMap(absl::string_view text, PositionConvention convention);

  // The code point at `position` (in the convention's units); OutOfRange when
  // the position is outside the text or inside a character (half of a
  // surrogate pair, a multi-byte sequence, or between the CR and LF of a line
  // end counted as one).
  absl::StatusOr<int64_t> ToCodePoint(int64_t position) const;
  // The position of code point `cp` (0 <= cp <= length) in the convention.
  int64_t FromCodePoint(int64_t cp) const;
  // Length of the text in the convention's units.
  int64_t length() const { return units_.empty() ? code_points_ : units_.back(); }

 private:
  int64_t code_points_ = 0;
  // units_[cp] = position of code point cp; empty when positions are code
  // points (identity).
  std::vector<int64_t> units_;
};

}  // namespace thematica::internal

#endif  // THEMATICA_IO_REFI_POSITIONS_H_
