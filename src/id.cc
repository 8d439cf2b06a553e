#include "thematica/id.h"

#include <cctype>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace thematica {

bool IsCanonicalGuid(absl::string_view id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> NormalizeGuid(absl::string_view guid) {
  absl::string_view s = absl::StripAsciiWhitespace(guid);
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
    s = s.substr(1, s.size() - 2);
  }
  std::string lower = absl::AsciiStrToLower(s);
  if (!IsCanonicalGuid(lower)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a GUID (8-4-4-4-12 hex digits): \"", guid, "\""));
  }
  return lower;
}

IdGenerator::IdGenerator() {
  absl::BitGen gen;
  engine_.seed(absl::Uniform<uint64_t>(gen));
}

IdGenerator::IdGenerator(uint64_t seed) : engine_(seed) {}

std::string IdGenerator::Next() {
  uint64_t hi = engine_();
  uint64_t lo = engine_();
  // RFC 4122 version 4, variant 10.
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(v >> (4 * i)) & 0xF];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return out;
}

}  // namespace thematica
