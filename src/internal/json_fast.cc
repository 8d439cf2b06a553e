#include "internal/json_fast.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "internal/json_split.h"

namespace thematica::internal {

namespace {

// A JSON string without escapes, unquoted; nullopt for anything else.
std::optional<absl::string_view> PlainString(absl::string_view raw) {
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return std::nullopt;
  raw = raw.substr(1, raw.size() - 2);
  if (raw.find('\\') != absl::string_view::npos) return std::nullopt;
  return raw;
}

// An integer in the writer's spelling -?(0|[1-9][0-9]*), quoted or not;
// anything else (signs, spaces, leading zeros, exponents) goes to protobuf.
std::optional<int64_t> JsonInt(absl::string_view raw) {
  if (std::optional<absl::string_view> quoted = PlainString(raw)) raw = *quoted;
  absl::string_view digits = raw.substr(!raw.empty() && raw.front() == '-' ? 1 : 0);
  if (digits.empty() || (digits.size() > 1 && digits.front() == '0') ||
      digits.find_first_not_of("0123456789") != absl::string_view::npos) {
    return std::nullopt;
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(raw, &value)) return std::nullopt;
  return value;
}

// A time in the writer's spelling, RFC 3339 in UTC with an upper-case T and
// Z ("2026-12-02T22:15:25.424363339Z"), which protobuf reads the same.
bool WriterTime(absl::string_view v) {
  return v.size() >= 20 && v[10] == 'T' && v.back() == 'Z' &&
         v.find_first_not_of("0123456789-:.TZ") == absl::string_view::npos;
}

}  // namespace

// The excerpt records this writer produces, decoded directly (protobuf's
// JSON parser is several times slower). Anything else — escapes, metadata,
// unknown or malformed fields — returns nullopt, and the caller hands the
// record to protobuf, which accepts every valid spelling and explains errors.
std::optional<Excerpt> FastExcerpt(absl::string_view json) {
  absl::StatusOr<std::vector<internal::JsonMember>> members = internal::SplitJsonObject(json);
  if (!members.ok()) return std::nullopt;
  Excerpt e;
  for (const internal::JsonMember& m : *members) {
    if (m.key == "id" || m.key == "document_id" || m.key == "coder_id") {
      std::optional<absl::string_view> v = PlainString(m.value);
      if (!v) return std::nullopt;
      (m.key == "id" ? e.id : m.key == "document_id" ? e.document_id : e.coder_id) = std::string(*v);
    } else if (m.key == "span") {
      absl::StatusOr<std::vector<internal::JsonMember>> span = internal::SplitJsonObject(m.value);
      if (!span.ok()) return std::nullopt;
      for (const internal::JsonMember& f : *span) {
        std::optional<int64_t> v = JsonInt(f.value);
        if (!v || (f.key != "start" && f.key != "end")) return std::nullopt;
        (f.key == "start" ? e.span.start : e.span.end) = *v;
      }
    } else if (m.key == "code_ids") {
      absl::StatusOr<std::vector<absl::string_view>> ids = internal::SplitJsonArray(m.value);
      if (!ids.ok()) return std::nullopt;
      for (absl::string_view raw : *ids) {
        std::optional<absl::string_view> v = PlainString(raw);
        if (!v) return std::nullopt;
        e.code_ids.emplace_back(*v);
      }
    } else if (m.key == "created" || m.key == "modified") {
      std::optional<absl::string_view> v = PlainString(m.value);
      absl::Time t;
      std::string error;
      if (!v || !WriterTime(*v) || !absl::ParseTime(absl::RFC3339_full, *v, &t, &error)) return std::nullopt;
      (m.key == "created" ? e.created : e.modified) = t;
    } else {
      return std::nullopt;
    }
  }
  return e;
}

}  // namespace thematica::internal
