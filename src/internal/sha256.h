// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex. Used to identify
// imported original files; checked against published test vectors.
#ifndef THEMATICA_SRC_INTERNAL_SHA256_H_
#define THEMATICA_SRC_INTERNAL_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace thematica::internal {

std::string Sha256Hex(absl::string_view bytes);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_SHA256_H_
