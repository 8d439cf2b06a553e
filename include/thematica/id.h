// Object ids in the REFI-QDA GUID form: a lower-case UUID without braces,
// e.g. "1f0d5c2e-3b7a-4c51-9d0e-8a2b6f4c7d10".
//
//   thematica::IdGenerator ids;                // random (version 4) UUIDs
//   thematica::IdGenerator fixed(/*seed=*/42); // reproducible sequence
//   std::string id = ids.Next();
//   absl::StatusOr<std::string> g = thematica::NormalizeGuid("{1F0D5C2E-...}");
#ifndef THEMATICA_ID_H_
#define THEMATICA_ID_H_

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace thematica {

// True for 8-4-4-4-12 lower-case hex without braces.
bool IsCanonicalGuid(absl::string_view id);

// Accepts a GUID in braces and/or upper case and returns the canonical form;
// InvalidArgument naming the value otherwise.
absl::StatusOr<std::string> NormalizeGuid(absl::string_view guid);

// Makes version-4 UUIDs: random by default, a fixed sequence when seeded.
class IdGenerator {
 public:
  IdGenerator();
  explicit IdGenerator(uint64_t seed);
  std::string Next();

 private:
  std::mt19937_64 engine_;
};

}  // namespace thematica

#endif  // THEMATICA_ID_H_
