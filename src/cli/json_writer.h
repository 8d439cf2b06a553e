// A minimal streaming JSON writer for CLI output (escapes per RFC 8259).
//
//   JsonWriter json;
//   json.BeginObject();
//   json.Key("documents").Int(14);
//   json.EndObject();
//   std::cout << json.str();
#ifndef THEMATICA_SRC_CLI_JSON_WRITER_H_
#define THEMATICA_SRC_CLI_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace thematica::cli {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(absl::string_view key);
  JsonWriter& String(absl::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  const std::string& str() const { return out_; }

 private:
  void Separate();
  void Quote(absl::string_view s);
  std::string out_;
  // Per open container: whether it has an element yet.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_JSON_WRITER_H_
