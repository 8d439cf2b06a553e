// Case attributes: declared once per project with a type, then given a value
// per case (REFI-QDA "Variables").
//
//   project.AddAttribute({.name = "role", .type = AttributeType::kText});
//   project.SetCaseAttribute(p4, "role", AttributeValue("patient"));
#ifndef THEMATICA_ATTRIBUTE_H_
#define THEMATICA_ATTRIBUTE_H_

#include <string>
#include "absl/strings/string_view.h"
#include <variant>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "thematica/metadata.h"

namespace thematica {

enum class AttributeType { kText, kNumber, kBoolean, kDate };

// "text", "number", "boolean", "date".
absl::string_view AttributeTypeName(AttributeType type);
absl::StatusOr<AttributeType> ParseAttributeType(absl::string_view name);

struct AttributeDefinition {
  std::string id;    // Assigned on add when empty.
  std::string name;  // Unique within the project.
  AttributeType type = AttributeType::kText;
  std::string description;
  Metadata metadata;
};

// One typed value. Text, number (double), boolean, or calendar date.
class AttributeValue {
 public:
  AttributeValue() : value_(std::string()) {}
  explicit AttributeValue(std::string text) : value_(std::move(text)) {}
  explicit AttributeValue(const char* text) : value_(std::string(text)) {}
  // -0 is stored as 0: the JSON form cannot tell them apart, and a round
  // trip must give back what was stored.
  explicit AttributeValue(double number) : value_(number == 0 ? 0.0 : number) {}
  explicit AttributeValue(bool boolean) : value_(boolean) {}
  explicit AttributeValue(absl::CivilDay date) : value_(date) {}

  AttributeType type() const;
  const std::string* text() const { return std::get_if<std::string>(&value_); }
  const double* number() const { return std::get_if<double>(&value_); }
  const bool* boolean() const { return std::get_if<bool>(&value_); }
  const absl::CivilDay* date() const {
    return std::get_if<absl::CivilDay>(&value_);
  }

  // Display form: the text; a number as written by %g with full precision;
  // "true"/"false"; a date as YYYY-MM-DD.
  std::string ToString() const;

  friend bool operator==(const AttributeValue&, const AttributeValue&) =
      default;

 private:
  std::variant<std::string, double, bool, absl::CivilDay> value_;
};

// Parses the display form of a value of `type` (numbers, "true"/"false"
// (any case), YYYY-MM-DD dates); InvalidArgument naming the text otherwise.
absl::StatusOr<AttributeValue> ParseAttributeValue(AttributeType type,
                                                   absl::string_view text);

}  // namespace thematica

#endif  // THEMATICA_ATTRIBUTE_H_
