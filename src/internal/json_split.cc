#include "internal/json_split.h"

#include "absl/strings/str_cat.h"

namespace thematica::internal {
namespace {

class Scanner {
 public:
  explicit Scanner(absl::string_view text) : text_(text) {}

  size_t pos() const { return pos_; }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  absl::Status Error(absl::string_view what) const {
    return absl::DataLossError(
        absl::StrCat("malformed JSON at byte ", pos_, ": ", what));
  }
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
            text_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  // A string starting at pos_; returns its inner raw text.
  absl::StatusOr<absl::string_view> String() {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return Error("expected a string");
    const size_t start = ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '"') return text_.substr(start, pos_++ - start);
      ++pos_;
    }
    return Error("unterminated string");
  }
  // Any value; returns its raw text.
  absl::StatusOr<absl::string_view> Value() {
    SkipSpace();
    if (pos_ >= text_.size()) return Error("expected a value");
    const size_t start = pos_;
    const char c = text_[pos_];
    if (c == '"') {
      absl::StatusOr<absl::string_view> s = String();
      if (!s.ok()) return s.status();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == '"') {
          absl::StatusOr<absl::string_view> s = String();
          if (!s.ok()) return s.status();
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') --depth;
        ++pos_;
        if (depth == 0) break;
      }
      if (depth != 0) return Error("unbalanced brackets");
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
             text_[pos_] != ']' && text_[pos_] != ' ' && text_[pos_] != '\n' &&
             text_[pos_] != '\r' && text_[pos_] != '\t') {
        ++pos_;
      }
      if (pos_ == start) return Error("expected a value");
    }
    return text_.substr(start, pos_ - start);
  }

 private:
  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<JsonMember>> SplitJsonObject(absl::string_view json) {
  Scanner s(json);
  std::vector<JsonMember> members;
  if (!s.Consume('{')) return s.Error("expected '{'");
  if (!s.Consume('}')) {
    while (true) {
      absl::StatusOr<absl::string_view> key = s.String();
      if (!key.ok()) return key.status();
      if (!s.Consume(':')) return s.Error("expected ':'");
      absl::StatusOr<absl::string_view> value = s.Value();
      if (!value.ok()) return value.status();
      members.push_back({*key, *value});
      if (s.Consume(',')) continue;
      if (s.Consume('}')) break;
      return s.Error("expected ',' or '}'");
    }
  }
  if (!s.AtEnd()) return s.Error("text after the object");
  return members;
}

absl::StatusOr<std::vector<absl::string_view>> SplitJsonArray(absl::string_view json) {
  Scanner s(json);
  std::vector<absl::string_view> elements;
  if (s.Peek('n')) {
    absl::StatusOr<absl::string_view> v = s.Value();
    if (!v.ok() || *v != "null") return s.Error("expected an array");
    return elements;
  }
  if (!s.Consume('[')) return s.Error("expected '['");
  if (!s.Consume(']')) {
    while (true) {
      absl::StatusOr<absl::string_view> value = s.Value();
      if (!value.ok()) return value.status();
      elements.push_back(*value);
      if (s.Consume(',')) continue;
      if (s.Consume(']')) break;
      return s.Error("expected ',' or ']'");
    }
  }
  if (!s.AtEnd()) return s.Error("text after the array");
  return elements;
}

}  // namespace thematica::internal
