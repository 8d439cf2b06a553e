// Splits JSON text into top-level object members or array elements without
// building a tree, so that the native JSON reader can decode a large
// project's documents and excerpts one at a time.
//
//   absl::StatusOr<std::vector<JsonMember>> members = SplitJsonObject(text);
//   for (const JsonMember& m : *members) { … m.key … m.value … }
#ifndef THEMATICA_SRC_INTERNAL_JSON_SPLIT_H_
#define THEMATICA_SRC_INTERNAL_JSON_SPLIT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thematica::internal {

struct JsonMember {
  absl::string_view key;    // The key's raw text between its quotes.
  absl::string_view value;  // The value's raw text.
};

// Members of the JSON object that is the whole of `json` (surrounding white
// space allowed). DataLoss naming the byte offset on malformed text.
absl::StatusOr<std::vector<JsonMember>> SplitJsonObject(absl::string_view json);

// Elements of the JSON array that is the whole of `json`; `null` gives none.
absl::StatusOr<std::vector<absl::string_view>> SplitJsonArray(absl::string_view json);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_JSON_SPLIT_H_
