// The RTF reader of thematica::ImportFile: the text of an RTF file, with
// destinations that hold no body text (font tables, pictures, headers, …)
// and tracked deletions left out.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "internal/unicode.h"
#include "io/import_internal.h"
#include "thematica/text.h"

namespace thematica::internal {
namespace {

struct RtfState {
  bool skip = false;     // Inside a destination we leave out.
  bool deleted = false;  // Tracked deletion (\deleted).
  int uc = 1;            // Characters to skip after \uN.
};

bool IsSkippedDestination(absl::string_view word) {
  static constexpr absl::string_view kSkipped[] = {
      "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "headerl", "headerr",
      "headerf", "footer", "footerl", "footerr", "footerf", "footnote", "annotation", "atnid",
      "atnauthor", "object", "fldinst", "xe", "tc", "themedata", "colorschememapping",
      "latentstyles", "datastore", "listtable", "listoverridetable", "rsidtbl", "generator",
      "revtbl", "filetbl", "xmlnstbl", "mmathPr", "pgdsctbl", "listtext", "pntext", "pntxta",
      "pntxtb", "field_result_none", "bkmkstart", "bkmkend", "userprops", "docvar",
      "nonshppict", "shpinst", "sp", "template"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), word) != std::end(kSkipped);
}

// Control words that stand for one character.
constexpr std::pair<absl::string_view, absl::string_view> kRtfCharacterWords[] = {
    {"emdash", "\u2014"},    {"endash", "\u2013"},    {"lquote", "\u2018"},
    {"rquote", "\u2019"},    {"ldblquote", "\u201C"}, {"rdblquote", "\u201D"},
    {"bullet", "\u2022"},
};

// RtfText's reader: a stack of group states and the text written so far.
class RtfReader {
 public:
  explicit RtfReader(absl::string_view rtf) : rtf_(rtf) {}

  std::string Read() {
    size_t i = 0;
    bool group_start = false;
    while (i < rtf_.size()) {
      const char c = rtf_[i];
      if (c == '{') {
        stack_.push_back(stack_.back());
        group_start = true;
        ++i;
        continue;
      }
      if (c == '}') {
        if (stack_.size() > 1) stack_.pop_back();
        skip_chars_ = 0;
        ++i;
        continue;
      }
      if (c == '\r' || c == '\n') {
        ++i;
        continue;
      }
      const bool at_group_start = group_start;
      group_start = false;
      if (c != '\\') {
        Character(static_cast<unsigned char>(c));
        ++i;
        continue;
      }
      // A control symbol or word.
      if (i + 1 >= rtf_.size()) break;
      if (!absl::ascii_isalpha(rtf_[i + 1])) {
        i = Symbol(i, at_group_start);
      } else {
        i = Word(i, at_group_start);
      }
    }
    return NormalizeLines(out_);
  }

 private:
  bool Hidden() const { return stack_.back().skip || stack_.back().deleted; }

  void EmitCp(char32_t cp) {
    if (Hidden()) return;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      high_surrogate_ = cp;
      return;
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF && high_surrogate_ != 0) {
      cp = 0x10000 + ((high_surrogate_ - 0xD800) << 10) + (cp - 0xDC00);
    }
    high_surrogate_ = 0;
    AppendUtf8(out_, cp);
  }

  void Emit(absl::string_view s) {
    if (!Hidden()) out_.append(s.data(), s.size());
  }

  // A plain character, unless it is one of the fallback characters after \uN.
  void Character(unsigned char c) {
    if (skip_chars_ > 0) {
      --skip_chars_;
    } else {
      EmitCp(c);
    }
  }

  // The control symbol at rtf_[i] ("\'hh", "\*", "\~", …); returns the next position.
  size_t Symbol(size_t i, bool at_group_start) {
    const char s = rtf_[i + 1];
    i += 2;
    if (s == '\'') {
      if (i + 2 <= rtf_.size()) {
        int byte = 0;
        if (absl::SimpleHexAtoi(rtf_.substr(i, 2), &byte)) {
          if (skip_chars_ > 0) {
            --skip_chars_;
          } else if (!Hidden()) {
            AppendCp1252(out_, static_cast<unsigned char>(byte));
          }
        }
        i += 2;
      }
    } else if (s == '*') {
      if (at_group_start) stack_.back().skip = true;
    } else if (s == '~') {
      Emit("\u00A0");
    } else if (s == '_') {
      Emit("\u2011");
    } else if (s == '\\' || s == '{' || s == '}') {
      Emit(absl::string_view(&s, 1));
    } else if (s == '\n' || s == '\r') {
      Emit("\n");
    }
    return i;
  }

  // The control word at rtf_[i] with its optional parameter; returns the next position.
  size_t Word(size_t i, bool at_group_start) {
    size_t j = i + 1;
    while (j < rtf_.size() && absl::ascii_isalpha(rtf_[j])) ++j;
    const absl::string_view word = rtf_.substr(i + 1, j - i - 1);
    size_t k = j;
    if (k < rtf_.size() && (rtf_[k] == '-' || absl::ascii_isdigit(rtf_[k]))) ++k;
    while (k < rtf_.size() && absl::ascii_isdigit(rtf_[k])) ++k;
    int param = 0;
    const bool has_param = k > j && absl::SimpleAtoi(rtf_.substr(j, k - j), &param);
    if (k < rtf_.size() && rtf_[k] == ' ') ++k;
    if (at_group_start && IsSkippedDestination(word)) {
      stack_.back().skip = true;
      return k;
    }
    if (word == "par" || word == "line" || word == "sect" || word == "page" || word == "row") {
      if (word == "row" && !out_.empty() && out_.back() == '\t') out_.pop_back();
      Emit("\n");
    } else if (word == "tab" || word == "cell") {
      Emit("\t");
    } else if (word == "u" && has_param) {
      EmitCp(static_cast<char32_t>(param < 0 ? param + 65536 : param));
      skip_chars_ = stack_.back().uc;
    } else if (word == "uc" && has_param) {
      stack_.back().uc = param;
    } else if (word == "bin" && has_param) {
      k += static_cast<size_t>(std::max(0, param));
    } else if (word == "deleted") {
      stack_.back().deleted = !has_param || param != 0;
    } else {
      for (const auto& [name, text] : kRtfCharacterWords) {
        if (word == name) Emit(text);
      }
    }
    return k;
  }

  absl::string_view rtf_;
  std::vector<RtfState> stack_ = {RtfState{}};
  std::string out_;
  int skip_chars_ = 0;  // Fallback characters still to skip after \uN.
  char32_t high_surrogate_ = 0;
};

}  // namespace

absl::StatusOr<std::string> RtfText(absl::string_view rtf) {
  if (!absl::StartsWith(rtf, "{\\rtf")) {
    return absl::DataLossError("not an RTF file (it does not start with {\\rtf)");
  }
  return RtfReader(rtf).Read();
}

}  // namespace thematica::internal
