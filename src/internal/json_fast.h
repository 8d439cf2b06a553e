// The fast path of the JSON reader: excerpt records in the spelling this
// writer produces, decoded without protobuf's JSON parser (several times
// slower). Everything else returns nullopt and goes to protobuf, which
// accepts every valid spelling and explains errors; tests/cpp/json_fast_test.cc
// checks that the two agree on what the fast path accepts.
#ifndef THEMATICA_INTERNAL_JSON_FAST_H_
#define THEMATICA_INTERNAL_JSON_FAST_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "thematica/excerpt.h"

namespace thematica::internal {

// One excerpt record (a JSON object), or nullopt when it holds anything but
// plain strings, integer positions and RFC 3339 times in the members id,
// document_id, span, code_ids, coder_id, created and modified.
std::optional<Excerpt> FastExcerpt(absl::string_view json);

}  // namespace thematica::internal

#endif  // THEMATICA_INTERNAL_JSON_FAST_H_
