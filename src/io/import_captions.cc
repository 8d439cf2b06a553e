// WebVTT and SubRip (.srt) readers of thematica::ImportFile: cue times and
// text; WebVTT voice tags give the speaker; identifiers, settings, styling
// tags, NOTE/STYLE/REGION blocks are dropped.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "io/import_internal.h"

namespace thematica::internal {
namespace {

// Splits `text` (lines already "\n"-separated) into blocks at blank lines.
std::vector<std::vector<absl::string_view>> Blocks(absl::string_view text) {
  std::vector<std::vector<absl::string_view>> blocks(1);
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
    } else {
      blocks.back().push_back(line);
    }
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

// "start --> end [settings]" → times, or nullopt when not a timing line.
std::optional<std::pair<int64_t, int64_t>> Timing(absl::string_view line) {
  const size_t arrow = line.find("-->");
  if (arrow == absl::string_view::npos) return std::nullopt;
  absl::string_view start = absl::StripAsciiWhitespace(line.substr(0, arrow));
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(arrow + 3));
  const size_t space = rest.find_first_of(" \t");
  absl::string_view end = rest.substr(0, space);
  std::optional<int64_t> s = ParseTimestamp(start), e = ParseTimestamp(end);
  if (!s || !e) return std::nullopt;
  return std::make_pair(*s, *e);
}

// Cue payload: tags removed, entities decoded, lines joined by spaces; the
// first voice tag's name goes to `speaker`.
std::string CueText(const std::vector<absl::string_view>& lines, size_t first,
                    std::string* speaker) {
  std::string out;
  for (size_t k = first; k < lines.size(); ++k) {
    absl::string_view line = absl::StripAsciiWhitespace(lines[k]);
    if (line.empty()) continue;
    if (!out.empty() && out.back() != ' ') out += ' ';
    size_t i = 0;
    while (i < line.size()) {
      const char c = line[i];
      if (c == '<') {
        const size_t gt = line.find('>', i);
        if (gt == absl::string_view::npos) {
          out += c;
          ++i;
          continue;
        }
        absl::string_view tag = line.substr(i + 1, gt - i - 1);
        if (speaker != nullptr && speaker->empty() && (absl::StartsWith(tag, "v ") ||
                                                       absl::StartsWith(tag, "v."))) {
          const size_t space = tag.find(' ');
          if (space != absl::string_view::npos) {
            *speaker = std::string(absl::StripAsciiWhitespace(tag.substr(space + 1)));
          }
        }
        i = gt + 1;
        continue;
      }
      if (c == '&') {
        const size_t semi = line.find(';', i);
        if (semi != absl::string_view::npos && semi - i < 12 &&
            AppendEntity(line.substr(i + 1, semi - i - 1), out)) {
          i = semi + 1;
          continue;
        }
      }
      out += c;
      ++i;
    }
  }
  // Bidi marks from entities are invisible; drop them.
  for (const std::string mark : {"\u200E", "\u200F"}) {
    size_t at;
    while ((at = out.find(mark)) != std::string::npos) out.erase(at, mark.size());
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

std::optional<int64_t> ParseTimestamp(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  int64_t fraction_ms = 0;
  const size_t dot = s.find_first_of(".,");
  if (dot != absl::string_view::npos) {
    absl::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > 3) return std::nullopt;
    int64_t f = 0;
    for (char c : frac) {
      if (!absl::ascii_isdigit(c)) return std::nullopt;
      f = f * 10 + (c - '0');
    }
    for (size_t k = frac.size(); k < 3; ++k) f *= 10;
    fraction_ms = f;
    s = s.substr(0, dot);
  }
  std::vector<absl::string_view> parts = absl::StrSplit(s, ':');
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  int64_t total = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    int64_t v = 0;
    if (parts[k].empty() || parts[k].size() > 3 || !absl::SimpleAtoi(parts[k], &v) || v < 0) {
      return std::nullopt;
    }
    for (char c : parts[k]) {
      if (!absl::ascii_isdigit(c)) return std::nullopt;
    }
    if (k > 0 && (v > 59 || parts[k].size() != 2)) return std::nullopt;
    total = total * 60 + v;
  }
  return total * 1000 + fraction_ms;
}

absl::StatusOr<std::vector<Cue>> ParseVtt(absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!absl::StartsWith(text, "WEBVTT") ||
      (text.size() > 6 && text[6] != ' ' && text[6] != '\t' && text[6] != '\n')) {
    return absl::DataLossError("not a WebVTT file (the first line is not \"WEBVTT\")");
  }
  std::vector<Cue> cues;
  const auto blocks = Blocks(text);
  for (size_t b = 1; b < blocks.size(); ++b) {
    const auto& lines = blocks[b];
    if (absl::StartsWith(lines[0], "NOTE") || lines[0] == "STYLE" || lines[0] == "REGION") {
      continue;
    }
    size_t timing_line = Timing(lines[0]) ? 0 : 1;
    if (timing_line >= lines.size()) continue;
    std::optional<std::pair<int64_t, int64_t>> times = Timing(lines[timing_line]);
    if (!times) {
      return absl::DataLossError(absl::StrCat("cue ", cues.size() + 1, " has no valid timing line: \"",
                                              lines[timing_line], "\""));
    }
    Cue cue{times->first, times->second, "", ""};
    cue.text = CueText(lines, timing_line + 1, &cue.speaker);
    if (!cue.text.empty()) cues.push_back(std::move(cue));
  }
  return cues;
}

absl::StatusOr<std::vector<Cue>> ParseSrt(absl::string_view text) {
  std::vector<Cue> cues;
  for (const auto& lines : Blocks(text)) {
    size_t timing_line = Timing(lines[0]) ? 0 : 1;
    std::optional<std::pair<int64_t, int64_t>> times;
    if (timing_line < lines.size()) times = Timing(lines[timing_line]);
    if (!times) {
      return absl::DataLossError(absl::StrCat("subtitle ", cues.size() + 1,
                                              " has no valid timing line (hh:mm:ss,ttt --> hh:mm:ss,ttt)"));
    }
    Cue cue{times->first, times->second, "", ""};
    cue.text = CueText(lines, timing_line + 1, nullptr);
    if (!cue.text.empty()) cues.push_back(std::move(cue));
  }
  if (cues.empty()) return absl::DataLossError("not a SubRip file: no subtitles found");
  return cues;
}

}  // namespace thematica::internal
