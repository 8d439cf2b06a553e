#include "thematica/attribute.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace thematica {

absl::string_view AttributeTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kText:
      return "text";
    case AttributeType::kNumber:
      return "number";
    case AttributeType::kBoolean:
      return "boolean";
    case AttributeType::kDate:
      return "date";
  }
  return "text";
}

absl::StatusOr<AttributeType> ParseAttributeType(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "text") return AttributeType::kText;
  if (lower == "number") return AttributeType::kNumber;
  if (lower == "boolean") return AttributeType::kBoolean;
  if (lower == "date") return AttributeType::kDate;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown attribute type \"", name,
      "\" (expected text, number, boolean or date)"));
}

AttributeType AttributeValue::type() const {
  switch (value_.index()) {
    case 1:
      return AttributeType::kNumber;
    case 2:
      return AttributeType::kBoolean;
    case 3:
      return AttributeType::kDate;
    default:
      return AttributeType::kText;
  }
}

std::string AttributeValue::ToString() const {
  if (const std::string* t = text()) return *t;
  if (const double* n = number()) {
    // Shortest form that reads back to the same double.
    for (int precision = 1; precision <= 17; ++precision) {
      std::string s = absl::StrFormat("%.*g", precision, *n);
      double back = 0;
      if (absl::SimpleAtod(s, &back) && back == *n) return s;
    }
    return absl::StrFormat("%.17g", *n);
  }
  if (const bool* b = boolean()) return *b ? "true" : "false";
  const absl::CivilDay d = *date();
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

absl::StatusOr<AttributeValue> ParseAttributeValue(AttributeType type,
                                                   absl::string_view text) {
  const absl::string_view s = absl::StripAsciiWhitespace(text);
  switch (type) {
    case AttributeType::kText:
      return AttributeValue(std::string(text));
    case AttributeType::kNumber: {
      double v = 0;
      if (absl::SimpleAtod(s, &v) && std::isfinite(v)) return AttributeValue(v);
      return absl::InvalidArgumentError(
          absl::StrCat("not a number: \"", text, "\""));
    }
    case AttributeType::kBoolean: {
      const std::string lower = absl::AsciiStrToLower(s);
      if (lower == "true" || lower == "1" || lower == "yes") {
        return AttributeValue(true);
      }
      if (lower == "false" || lower == "0" || lower == "no") {
        return AttributeValue(false);
      }
      return absl::InvalidArgumentError(
          absl::StrCat("not a boolean: \"", text, "\""));
    }
    case AttributeType::kDate: {
      absl::CivilDay day;
      if (s.size() >= 10 && absl::ParseCivilTime(s.substr(0, 10), &day) &&
          (s.size() == 10 || s[10] == 'T')) {
        return AttributeValue(day);
      }
      return absl::InvalidArgumentError(
          absl::StrCat("not a date (YYYY-MM-DD): \"", text, "\""));
    }
  }
  return absl::InvalidArgumentError("unknown attribute type");
}

}  // namespace thematica
