// Plain-text decoding (byte-order marks, UTF-16, single-byte encodings),
// and the HTML reader of thematica::ImportFile (RTF: import_rtf.cc).
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "internal/unicode.h"
#include "io/import_internal.h"
#include "thematica/text.h"

namespace thematica::internal {
namespace {

// windows-1252 0x80–0x9F; 0 marks the five undefined bytes.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kCp1252, kLatin1, kLatin9 };

absl::StatusOr<Encoding> ParseEncoding(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  n.erase(std::remove(n.begin(), n.end(), '_'), n.end());
  n.erase(std::remove(n.begin(), n.end(), '-'), n.end());
  if (n == "utf8" || n == "utf8sig") return Encoding::kUtf8;
  if (n == "utf16" || n == "utf16le") return Encoding::kUtf16Le;
  if (n == "utf16be") return Encoding::kUtf16Be;
  if (n == "windows1252" || n == "cp1252") return Encoding::kCp1252;
  if (n == "iso88591" || n == "latin1" || n == "l1") return Encoding::kLatin1;
  if (n == "iso885915" || n == "latin9") return Encoding::kLatin9;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown encoding \"", name,
      "\" (supported: utf-8, utf-16, utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15)"));
}

char32_t Latin9(unsigned char b) {
  switch (b) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return b;
  }
}

absl::StatusOr<std::string> DecodeUtf16(absl::string_view bytes, bool big_endian) {
  if (bytes.size() % 2 != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "UTF-16 text has an odd number of bytes (", bytes.size(), ")"));
  }
  std::string out;
  out.reserve(bytes.size());
  auto unit = [&](size_t i) -> char16_t {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return big_endian ? static_cast<char16_t>(a << 8 | b) : static_cast<char16_t>(b << 8 | a);
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    char32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
      const char16_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      return absl::InvalidArgumentError(
          absl::StrCat("unpaired UTF-16 surrogate at byte offset ", i));
    }
    AppendUtf8(out, cp);
  }
  return out;
}

const absl::flat_hash_map<std::string, char32_t>& NamedEntities() {
  static const auto* entities = new absl::flat_hash_map<std::string, char32_t>{
      {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0xA0},      {"ndash", 0x2013},   {"mdash", 0x2014},
      {"lsquo", 0x2018},  {"rsquo", 0x2019},   {"sbquo", 0x201A},   {"ldquo", 0x201C},
      {"rdquo", 0x201D},  {"bdquo", 0x201E},   {"hellip", 0x2026},  {"laquo", 0xAB},
      {"raquo", 0xBB},    {"lsaquo", 0x2039},  {"rsaquo", 0x203A},  {"copy", 0xA9},
      {"reg", 0xAE},      {"trade", 0x2122},   {"deg", 0xB0},       {"middot", 0xB7},
      {"bull", 0x2022},   {"euro", 0x20AC},    {"pound", 0xA3},     {"sect", 0xA7},
      {"shy", 0xAD},      {"times", 0xD7},     {"divide", 0xF7},    {"iexcl", 0xA1},
      {"iquest", 0xBF},   {"szlig", 0xDF},     {"agrave", 0xE0},    {"aacute", 0xE1},
      {"acirc", 0xE2},    {"atilde", 0xE3},    {"auml", 0xE4},      {"aring", 0xE5},
      {"aelig", 0xE6},    {"ccedil", 0xE7},    {"egrave", 0xE8},    {"eacute", 0xE9},
      {"ecirc", 0xEA},    {"euml", 0xEB},      {"igrave", 0xEC},    {"iacute", 0xED},
      {"icirc", 0xEE},    {"iuml", 0xEF},      {"ntilde", 0xF1},    {"ograve", 0xF2},
      {"oacute", 0xF3},   {"ocirc", 0xF4},     {"otilde", 0xF5},    {"ouml", 0xF6},
      {"oslash", 0xF8},   {"ugrave", 0xF9},    {"uacute", 0xFA},    {"ucirc", 0xFB},
      {"uuml", 0xFC},     {"yacute", 0xFD},    {"yuml", 0xFF},      {"Agrave", 0xC0},
      {"Aacute", 0xC1},   {"Acirc", 0xC2},     {"Auml", 0xC4},      {"Aring", 0xC5},
      {"Ccedil", 0xC7},   {"Egrave", 0xC8},    {"Eacute", 0xC9},    {"Ecirc", 0xCA},
      {"Iacute", 0xCD},   {"Ntilde", 0xD1},    {"Oacute", 0xD3},    {"Ouml", 0xD6},
      {"Oslash", 0xD8},   {"Uacute", 0xDA},    {"Uuml", 0xDC},      {"lrm", 0x200E},
      {"rlm", 0x200F},    {"zwj", 0x200D},     {"zwnj", 0x200C},    {"thinsp", 0x2009},
      {"ensp", 0x2002},   {"emsp", 0x2003},
  };
  return *entities;
}

bool IsValidCodePoint(uint32_t cp) {
  return cp != 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

// ------------------------------- HTML -----------------------------------------

class HtmlTextBuilder {
 public:
  void Text(absl::string_view s, bool pre) {
    size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (pre) {
        if (c == '\n') {
          Break(true);
        } else if (c != '\r') {
          line_ += c;
        }
        ++i;
        continue;
      }
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        pending_space_ = !line_.empty() && !after_tab_;
        ++i;
        continue;
      }
      if (pending_space_) line_ += ' ';
      pending_space_ = false;
      after_tab_ = false;
      line_ += c;
      ++i;
    }
  }
  // A block boundary: the current line ends (inside a table cell, a space).
  void Break(bool keep_empty = false) {
    if (cell_depth_ > 0) {
      pending_space_ = !line_.empty() && !after_tab_;
      return;
    }
    if (!line_.empty() || keep_empty) lines_.push_back(std::move(line_));
    line_.clear();
    pending_space_ = false;
    after_tab_ = false;
  }
  void StartRow() {
    Break();
    cells_in_row_ = 0;
  }
  void StartCell() {
    if (cells_in_row_++ > 0) {
      line_ += '\t';
      after_tab_ = true;
    }
    pending_space_ = false;
    ++cell_depth_;
  }
  void EndCell() {
    if (cell_depth_ > 0) --cell_depth_;
  }
  void EndRow() {
    cell_depth_ = 0;
    Break();
  }
  std::string Finish() {
    Break();
    std::string out;
    for (std::string& l : lines_) {
      while (!l.empty() && l.back() == ' ') l.pop_back();
      absl::StrAppend(&out, l, "\n");
    }
    return out;
  }

 private:
  std::vector<std::string> lines_;
  std::string line_;
  bool pending_space_ = false;
  bool after_tab_ = false;
  int cell_depth_ = 0;
  int cells_in_row_ = 0;
};

bool IsBlockTag(absl::string_view tag) {
  static constexpr absl::string_view kBlocks[] = {
      "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote",
      "section", "article", "header", "footer", "nav", "aside", "main", "hr", "dl", "dt", "dd",
      "figure", "figcaption", "address", "form", "fieldset", "caption", "tbody", "thead",
      "tfoot", "body", "html", "details", "summary", "pre"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), tag) != std::end(kBlocks);
}

// Text with character references decoded.
std::string DecodeEntities(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '&') {
      const size_t semi = s.find(';', i + 1);
      if (semi != absl::string_view::npos && semi - i <= 32 &&
          AppendEntity(s.substr(i + 1, semi - i - 1), out)) {
        i = semi + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

// The charset a <meta> in the first 2 KiB names, lower case, or empty.
std::string MetaCharset(absl::string_view bytes) {
  const std::string head = absl::AsciiStrToLower(bytes.substr(0, 2048));
  const size_t at = head.find("charset=");
  if (at == std::string::npos) return "";
  size_t i = at + 8;
  while (i < head.size() && (head[i] == '"' || head[i] == '\'' || head[i] == ' ')) ++i;
  size_t j = i;
  while (j < head.size() && (absl::ascii_isalnum(head[j]) || head[j] == '-' || head[j] == '_')) ++j;
  return head.substr(i, j - i);
}

}  // namespace

void AppendCp1252(std::string& out, unsigned char b) {
  if (b >= 0x80 && b <= 0x9F) {
    const char16_t cp = kCp1252High[b - 0x80];
    AppendUtf8(out, cp == 0 ? 0xFFFD : cp);
  } else {
    AppendUtf8(out, b);
  }
}

bool AppendEntity(absl::string_view name, std::string& out) {
  if (name.empty()) return false;
  if (name[0] == '#') {
    uint32_t cp = 0;
    bool ok = name.size() > 2 && (name[1] == 'x' || name[1] == 'X')
                  ? absl::SimpleHexAtoi(name.substr(2), &cp)
                  : absl::SimpleAtoi(name.substr(1), &cp);
    if (!ok || !IsValidCodePoint(cp)) return false;
    if (cp >= 0x80 && cp <= 0x9F && kCp1252High[cp - 0x80] != 0) cp = kCp1252High[cp - 0x80];
    AppendUtf8(out, cp);
    return true;
  }
  const auto it = NamedEntities().find(std::string(name));
  if (it == NamedEntities().end()) return false;
  AppendUtf8(out, it->second);
  return true;
}

absl::StatusOr<std::string> DecodeAs(absl::string_view bytes, absl::string_view name) {
  absl::StatusOr<Encoding> encoding = ParseEncoding(name);
  if (!encoding.ok()) return encoding.status();
  std::string out;
  switch (*encoding) {
    case Encoding::kUtf8: {
      if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
      absl::Status s = ValidateUtf8(bytes);
      if (!s.ok()) return s;
      return std::string(bytes);
    }
    case Encoding::kUtf16Le:
      if (absl::StartsWith(bytes, "\xFF\xFE")) bytes.remove_prefix(2);
      return DecodeUtf16(bytes, /*big_endian=*/false);
    case Encoding::kUtf16Be:
      if (absl::StartsWith(bytes, "\xFE\xFF")) bytes.remove_prefix(2);
      return DecodeUtf16(bytes, /*big_endian=*/true);
    case Encoding::kCp1252:
      out.reserve(bytes.size() + bytes.size() / 8);
      for (size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b >= 0x80 && b <= 0x9F) {
          if (kCp1252High[b - 0x80] == 0) {
            return absl::InvalidArgumentError(absl::StrCat(
                "byte 0x", absl::Hex(b), " at byte offset ", i, " is not a windows-1252 character"));
          }
          AppendUtf8(out, kCp1252High[b - 0x80]);
        } else {
          AppendUtf8(out, b);
        }
      }
      return out;
    case Encoding::kLatin1:
    case Encoding::kLatin9:
      out.reserve(bytes.size() + bytes.size() / 8);
      for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        AppendUtf8(out, *encoding == Encoding::kLatin9 ? Latin9(b) : b);
      }
      return out;
  }
  return absl::InternalError("unreachable");
}

absl::StatusOr<std::string> DecodeText(absl::string_view bytes, absl::string_view encoding) {
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) return DecodeAs(bytes, "utf-8");
  if (absl::StartsWith(bytes, "\xFF\xFE")) return DecodeAs(bytes, "utf-16le");
  if (absl::StartsWith(bytes, "\xFE\xFF")) return DecodeAs(bytes, "utf-16be");
  if (!encoding.empty()) {
    absl::StatusOr<std::string> text = DecodeAs(bytes, encoding);
    if (!text.ok() && text.status().code() == absl::StatusCode::kInvalidArgument &&
        !absl::StartsWith(text.status().message(), "unknown encoding")) {
      return absl::InvalidArgumentError(
          absl::StrCat("not ", encoding, ": ", text.status().message()));
    }
    return text;
  }
  absl::StatusOr<std::string> utf8 = DecodeAs(bytes, "utf-8");
  if (utf8.ok()) return utf8;
  if (bytes.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "binary data or UTF-16 without a byte-order mark (", utf8.status().message(),
        "); tried utf-8, windows-1252; name the encoding (e.g. encoding=\"utf-16le\")"));
  }
  absl::StatusOr<std::string> cp1252 = DecodeAs(bytes, "windows-1252");
  if (cp1252.ok()) return cp1252;
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot decode the text: ", utf8.status().message(), "; ", cp1252.status().message(),
      "; tried utf-8, windows-1252; name the encoding (e.g. encoding=\"iso-8859-1\")"));
}

std::string NormalizeLines(absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      while (out.size() > line_start && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      out += '\n';
      line_start = out.size();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  while (out.size() > line_start && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

absl::StatusOr<std::string> HtmlText(absl::string_view bytes, absl::string_view encoding) {
  std::string charset = std::string(encoding);
  if (charset.empty()) charset = MetaCharset(bytes);
  if (!charset.empty() && !ParseEncoding(charset).ok()) charset.clear();
  absl::StatusOr<std::string> decoded = DecodeText(bytes, charset);
  if (!decoded.ok()) return decoded.status();
  const std::string& html = *decoded;

  HtmlTextBuilder out;
  int pre_depth = 0;
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    const size_t text_end = lt == std::string::npos ? html.size() : lt;
    if (text_end > i) out.Text(DecodeEntities(absl::string_view(html).substr(i, text_end - i)), pre_depth > 0);
    if (lt == std::string::npos) break;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      i = end == std::string::npos ? html.size() : end + 3;
      continue;
    }
    size_t gt = html.find('>', lt + 1);
    if (gt == std::string::npos) gt = html.size();
    absl::string_view tag = absl::string_view(html).substr(lt + 1, gt - lt - 1);
    i = std::min(gt + 1, html.size());
    if (tag.empty() || tag[0] == '!' || tag[0] == '?') continue;
    const bool closing = tag[0] == '/';
    if (closing) tag.remove_prefix(1);
    size_t name_end = 0;
    while (name_end < tag.size() && (absl::ascii_isalnum(tag[name_end]) || tag[name_end] == '-' ||
                                     tag[name_end] == ':')) {
      ++name_end;
    }
    const std::string name = absl::AsciiStrToLower(tag.substr(0, name_end));
    if (!closing && (name == "script" || name == "style" || name == "head" ||
                     name == "template" || name == "noscript" || name == "title")) {
      const std::string end_tag = absl::StrCat("</", name);
      size_t end = i;
      while (true) {
        end = html.find("</", end);
        if (end == std::string::npos) break;
        if (absl::EqualsIgnoreCase(absl::string_view(html).substr(end, end_tag.size()), end_tag)) break;
        end += 2;
      }
      if (end == std::string::npos) {
        i = html.size();
      } else {
        const size_t close = html.find('>', end);
        i = close == std::string::npos ? html.size() : close + 1;
      }
      continue;
    }
    if (name == "br") {
      out.Break(true);
    } else if (name == "tr") {
      closing ? out.EndRow() : out.StartRow();
    } else if (name == "td" || name == "th") {
      closing ? out.EndCell() : out.StartCell();
    } else if (IsBlockTag(name)) {
      if (name == "pre") pre_depth = std::max(0, pre_depth + (closing ? -1 : 1));
      out.Break();
    }
  }
  return NormalizeLines(out.Finish());
}

}  // namespace thematica::internal
