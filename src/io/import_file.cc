// thematica::ImportFile: picks the reader by extension, finds speaker turns,
// links their labels to cases and adds the document (see import.h).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "internal/sha256.h"
#include "io/import_internal.h"
#include "re2/re2.h"
#include "internal/file_util.h"
#include "thematica/import.h"
#include "thematica/status_macros.h"
#include "thematica/text.h"

namespace thematica {
namespace {

using internal::Cue;

constexpr absl::string_view kImporter = "thematica 0.1.0 import/";

struct Format {
  const char* extension;
  const char* name;
  const char* media_type;
};

constexpr Format kFormats[] = {
    {".txt", "txt", "text/plain"},
    {".md", "md", "text/markdown"},
    {".docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".odt", "odt", "application/vnd.oasis.opendocument.text"},
    {".rtf", "rtf", "application/rtf"},
    {".html", "html", "text/html"},
    {".htm", "html", "text/html"},
    {".pdf", "pdf", "application/pdf"},
    {".vtt", "vtt", "text/vtt"},
    {".srt", "srt", "application/x-subrip"},
};

// The format `file_name`'s extension names, or an error listing the known ones.
absl::StatusOr<const Format*> FindFormat(absl::string_view file_name) {
  const std::string ext =
      absl::AsciiStrToLower(std::filesystem::path(std::string(file_name)).extension().string());
  for (const Format& f : kFormats) {
    if (ext == f.extension) return &f;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      file_name, ": unknown file type (supported: ", absl::StrJoin(SupportedImportExtensions(), ", "),
      ")"));
}

// A time like 00:01:02 or 1:02 or 00:01:02.500, for the "auto" patterns.
constexpr absl::string_view kTime = R"(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)";

// Finds speaker labels at the start of lines (ImportOptions::speakers).
class SpeakerMatcher {
 public:
  static absl::StatusOr<std::unique_ptr<SpeakerMatcher>> Create(const std::string& speakers) {
    auto m = std::unique_ptr<SpeakerMatcher>(new SpeakerMatcher);
    if (speakers == "none") return m;
    std::string pattern;
    if (speakers == "auto" || speakers.empty()) {
      m->auto_ = true;
      // A label: up to four words, each capitalised or a number (or a short
      // name particle), e.g. "P4", "Interviewer", "Dr. Ana de Souza".
      const std::string first = R"(\p{Lu}[\p{L}\p{M}\p{N}.'’\-]*)";
      const std::string word = R"((?:\p{Lu}|\d)[\p{L}\p{M}\p{N}.'’\-]*)";
      const std::string particle = R"((?:de|da|di|do|dos|van|von|der|den|la|le|del|bin|al|y))";
      const std::string label = absl::StrCat(first, "(?: (?:", word, "|", particle, ")){0,3}");
      pattern = absl::StrCat(R"(^(?:\[(?P<time>)", kTime, R"()\]\s*|\((?P<time2>)", kTime,
                             R"()\)\s*|(?P<time3>)", kTime, R"()\s+)?(?P<speaker>)", label,
                             R"()(?:\s*[\[(](?P<time4>)", kTime, R"()[\])])?\s*:(?:\s+|$))");
    } else {
      pattern = absl::StrCat("^(?:", speakers, ")");
    }
    RE2::Options options;
    options.set_log_errors(false);
    m->re_ = std::make_unique<RE2>(pattern, options);
    if (!m->re_->ok()) {
      return absl::InvalidArgumentError(absl::StrCat("speakers: not a valid regular expression \"",
                                                     speakers, "\": ", m->re_->error()));
    }
    const auto& names = m->re_->NamedCapturingGroups();
    if (auto it = names.find("speaker"); it != names.end()) {
      m->speaker_group_ = it->second;
    } else if (m->re_->NumberOfCapturingGroups() >= 1) {
      m->speaker_group_ = 1;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "speakers: the regular expression \"", speakers,
          "\" has no group for the label (use a group named speaker, e.g. (?P<speaker>\\w+):)"));
    }
    for (const char* t : {"time", "time2", "time3", "time4"}) {
      if (auto it = names.find(t); it != names.end()) m->time_groups_.push_back(it->second);
    }
    return m;
  }

  struct Match {
    std::string speaker;
    size_t content = 0;  // Byte offset in the line where the turn's text starts.
    int64_t start_ms = -1;
  };

  std::optional<Match> Find(absl::string_view line) const {
    if (re_ == nullptr) return std::nullopt;
    if (auto_ && line.find(':') == absl::string_view::npos) return std::nullopt;
    const int n = re_->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> pieces(static_cast<size_t>(n));
    if (!re_->Match(re2::StringPiece(line.data(), line.size()), 0, line.size(), RE2::ANCHOR_START,
                    pieces.data(), n)) {
      return std::nullopt;
    }
    std::vector<absl::string_view> groups;
    for (const re2::StringPiece& p : pieces) groups.emplace_back(p.data(), p.size());
    Match m;
    m.speaker = std::string(absl::StripAsciiWhitespace(groups[static_cast<size_t>(speaker_group_)]));
    if (m.speaker.empty()) return std::nullopt;
    size_t content = groups[0].size();
    while (content < line.size() && (line[content] == ' ' || line[content] == '\t')) ++content;
    m.content = content;
    for (int g : time_groups_) {
      if (groups[static_cast<size_t>(g)].data() != nullptr && !groups[static_cast<size_t>(g)].empty()) {
        if (std::optional<int64_t> ms = internal::ParseTimestamp(groups[static_cast<size_t>(g)])) {
          m.start_ms = *ms;
        }
      }
    }
    return m;
  }

 private:
  SpeakerMatcher() = default;
  std::unique_ptr<RE2> re_;
  bool auto_ = false;  // Every "auto" label ends in a colon.
  int speaker_group_ = 1;
  std::vector<int> time_groups_;
};

bool IsInterviewer(absl::string_view label, const std::vector<std::string>& interviewer) {
  return std::any_of(interviewer.begin(), interviewer.end(),
                     [&](const std::string& i) { return absl::EqualsIgnoreCase(i, label); });
}

// Turns of a text whose lines start with speaker labels; continuation lines
// belong to the turn above. A turn's span is its text after the label. In
// "auto" mode a label found on one line only must look like a participant id
// (hold a digit, as P4 or Speaker 2) or be an interviewer's, so that a lone
// "Notes:" or "Example:" line stays part of the turn above.
std::vector<ImportedTurn> FindTurns(absl::string_view text, const SpeakerMatcher& matcher,
                                    const ImportOptions& options) {
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  std::vector<std::optional<SpeakerMatcher::Match>> matches;
  absl::flat_hash_map<std::string, int> count;
  for (absl::string_view line : lines) {
    matches.push_back(matcher.Find(line));
    if (matches.back()) ++count[matches.back()->speaker];
  }
  if (options.speakers == "auto" || options.speakers.empty()) {
    for (std::optional<SpeakerMatcher::Match>& m : matches) {
      if (m && count[m->speaker] < 2 &&
          std::none_of(m->speaker.begin(), m->speaker.end(), absl::ascii_isdigit) &&
          !IsInterviewer(m->speaker, options.interviewer)) {
        m.reset();
      }
    }
  }
  std::vector<ImportedTurn> turns;
  ImportedTurn open;
  bool is_open = false;
  int64_t cp = 0;  // Code point offset of the current line.
  auto close = [&]() {
    if (is_open && open.span.end > open.span.start) turns.push_back(std::move(open));
    is_open = false;
  };
  for (size_t k = 0; k < lines.size(); ++k) {
    const absl::string_view line = lines[k];
    const int64_t length = CodePointCount(line);
    if (std::optional<SpeakerMatcher::Match>& m = matches[k]) {
      close();
      const int64_t content = cp + CodePointCount(line.substr(0, m->content));
      open = ImportedTurn{{content, content}, std::move(m->speaker), m->start_ms, -1};
      is_open = true;
      if (m->content < line.size()) open.span.end = cp + length;
    } else if (is_open && !absl::StripAsciiWhitespace(line).empty()) {
      if (open.span.end == open.span.start) open.span.start = cp;
      open.span.end = cp + length;
    }
    cp += length + 1;
  }
  close();
  return turns;
}

// Caption cues as text: adjacent cues of one speaker make one line
// "Speaker: text"; cues without a speaker stay one line each.
ImportedText CuesToText(std::vector<Cue> cues, const SpeakerMatcher& matcher, bool speakers) {
  ImportedText out;
  int64_t cp = 0;
  std::optional<ImportedTurn> open;
  std::string line;
  auto flush = [&]() {
    if (!open) return;
    const int64_t length = CodePointCount(line);
    if (!out.text.empty()) {
      out.text += '\n';
      ++cp;
    }
    const int64_t label = open->speaker.empty() ? 0 : CodePointCount(open->speaker) + 2;
    out.text += open->speaker.empty() ? line : absl::StrCat(open->speaker, ": ", line);
    open->span = {cp + label, cp + label + length};
    if (speakers) out.turns.push_back(*open);
    cp += label + length;
    open.reset();
    line.clear();
  };
  for (Cue& cue : cues) {
    if (!speakers) cue.speaker.clear();
    if (speakers && cue.speaker.empty()) {
      if (std::optional<SpeakerMatcher::Match> m = matcher.Find(cue.text)) {
        cue.speaker = m->speaker;
        cue.text = cue.text.substr(m->content);
      }
    }
    if (cue.text.empty()) continue;
    if (open && !cue.speaker.empty() && open->speaker == cue.speaker) {
      absl::StrAppend(&line, " ", cue.text);
      open->end_ms = cue.end_ms;
      continue;
    }
    flush();
    open = ImportedTurn{{0, 0}, cue.speaker, cue.start_ms, cue.end_ms};
    line = cue.text;
  }
  flush();
  return out;
}

absl::StatusOr<ImportedText> Extract(absl::string_view bytes, const Format& format,
                                     const ImportOptions& options, const SpeakerMatcher* matcher) {
  const std::string name = format.name;
  ImportedText out;
  if (name == "vtt" || name == "srt") {
    THEMATICA_ASSIGN_OR_RETURN(std::string decoded, internal::DecodeText(bytes, options.encoding));
    const std::string text = internal::NormalizeLines(decoded);
    THEMATICA_ASSIGN_OR_RETURN(std::vector<Cue> cues,
                               name == "vtt" ? internal::ParseVtt(text) : internal::ParseSrt(text));
    out = CuesToText(std::move(cues), *matcher, options.speakers != "none");
  } else {
    absl::StatusOr<std::string> text;
    if (name == "txt" || name == "md") {
      text = internal::DecodeText(bytes, options.encoding);
      if (text.ok()) text = internal::NormalizeLines(*text);
    } else if (name == "docx") {
      text = internal::DocxText(bytes);
    } else if (name == "odt") {
      text = internal::OdtText(bytes);
    } else if (name == "html") {
      text = internal::HtmlText(bytes, options.encoding);
    } else if (name == "rtf") {
      text = internal::RtfText(bytes);
    } else {
      text = internal::PdfText(bytes);
    }
    if (!text.ok()) return text.status();
    out.text = *std::move(text);
    out.turns = FindTurns(out.text, *matcher, options);
  }
  out.format = format.name;
  out.media_type = format.media_type;
  return out;
}

std::string BaseName(absl::string_view path) {
  return std::filesystem::path(std::string(path)).filename().string();
}

// A file read and extracted, ready to become a document.
struct Prepared {
  std::string path;
  std::string bytes;
  ImportedText text;
  std::string name;
};

absl::Status WithFile(const absl::Status& s, absl::string_view path) {
  return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
}

absl::StatusOr<Prepared> Prepare(absl::string_view path, const ImportOptions& options,
                                 const SpeakerMatcher* matcher) {
  THEMATICA_ASSIGN_OR_RETURN(const Format* format, FindFormat(path));
  Prepared p;
  p.path = std::string(path);
  absl::StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();  // Already names the file.
  p.bytes = *std::move(bytes);
  absl::StatusOr<ImportedText> text = Extract(p.bytes, *format, options, matcher);
  if (!text.ok()) return WithFile(text.status(), path);
  p.text = *std::move(text);
  p.name = options.name.empty() ? std::filesystem::path(p.path).stem().string() : options.name;
  return p;
}

// Adds the prepared documents and the cases they need; on failure removes
// what it added (the project ends as it was).
absl::StatusOr<std::vector<std::string>> AddPrepared(Project& project,
                                                     std::vector<Prepared> files,
                                                     const ImportOptions& options) {
  absl::flat_hash_set<std::string> names;
  for (const Prepared& f : files) {
    if (project.FindDocumentByName(f.name) != nullptr || !names.insert(f.name).second) {
      return absl::AlreadyExistsError(absl::StrCat(
          f.path, ": a document named \"", f.name,
          "\" already exists (give another name, e.g. name=\"", f.name, " (2)\")"));
    }
  }
  std::vector<std::string> added_cases, added_documents;
  auto rollback = [&](const absl::Status& s) {
    for (auto it = added_documents.rbegin(); it != added_documents.rend(); ++it) {
      (void)project.RemoveDocument(*it);
    }
    for (auto it = added_cases.rbegin(); it != added_cases.rend(); ++it) {
      (void)project.RemoveCase(*it);
    }
    return s;
  };
  auto case_for = [&](const std::string& label) -> absl::StatusOr<std::string> {
    if (const Case* c = project.FindCaseByName(label)) return c->id;
    if (!options.create_cases) return std::string();
    Case c;
    c.name = label;
    absl::StatusOr<std::string> id = project.AddCase(std::move(c));
    if (id.ok()) added_cases.push_back(*id);
    return id;
  };
  std::string fixed_case;
  if (!options.case_name.empty()) {
    if (const Case* c = project.FindCase(options.case_name)) {
      fixed_case = c->id;
    } else if (const Case* c = project.FindCaseByName(options.case_name)) {
      fixed_case = c->id;
    } else if (options.create_cases) {
      absl::StatusOr<std::string> id = case_for(options.case_name);
      if (!id.ok()) return rollback(id.status());
      fixed_case = *id;
    } else {
      return absl::NotFoundError(absl::StrCat("no case \"", options.case_name,
                                              "\" (create it first, or set create_cases)"));
    }
  }
  std::vector<std::string> ids;
  for (Prepared& f : files) {
    Document d;
    d.name = f.name;
    d.case_id = fixed_case;
    std::vector<std::string> participant_cases;
    for (const ImportedTurn& t : f.text.turns) {
      SpeakerTurn turn{t.span, "", t.speaker, t.start_ms, t.end_ms};
      if (!t.speaker.empty() && !IsInterviewer(t.speaker, options.interviewer)) {
        absl::StatusOr<std::string> c = case_for(t.speaker);
        if (!c.ok()) return rollback(WithFile(c.status(), f.path));
        turn.case_id = *c;
        if (!c->empty() &&
            std::find(participant_cases.begin(), participant_cases.end(), *c) == participant_cases.end()) {
          participant_cases.push_back(*c);
        }
      }
      d.speaker_turns.push_back(std::move(turn));
    }
    if (d.case_id.empty() && participant_cases.size() == 1) d.case_id = participant_cases[0];
    d.text = std::move(f.text.text);
    d.source_file = SourceFile{BaseName(f.path), std::move(f.bytes), "", f.text.media_type,
                               absl::StrCat(kImporter, f.text.format)};
    d.source_file->sha256 = internal::Sha256Hex(d.source_file->content);
    absl::StatusOr<std::string> id = project.AddDocument(std::move(d));
    if (!id.ok()) return rollback(WithFile(id.status(), f.path));
    added_documents.push_back(*id);
    ids.push_back(*id);
  }
  return ids;
}

}  // namespace

const std::vector<std::string>& SupportedImportExtensions() {
  static const auto* extensions = [] {
    auto* v = new std::vector<std::string>();
    for (const Format& f : kFormats) v->push_back(f.extension);
    return v;
  }();
  return *extensions;
}

absl::StatusOr<ImportedText> ExtractText(absl::string_view bytes, absl::string_view file_name,
                                         const ImportOptions& options) {
  THEMATICA_ASSIGN_OR_RETURN(const Format* format, FindFormat(file_name));
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<SpeakerMatcher> matcher,
                             SpeakerMatcher::Create(options.speakers));
  absl::StatusOr<ImportedText> text = Extract(bytes, *format, options, matcher.get());
  if (!text.ok()) return WithFile(text.status(), file_name);
  return text;
}

absl::StatusOr<std::string> ImportFile(Project& project, absl::string_view path,
                                       const ImportOptions& options) {
  THEMATICA_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                             ImportFiles(project, {std::string(path)}, options));
  return ids.front();
}

absl::StatusOr<std::vector<std::string>> ImportFiles(Project& project,
                                                     const std::vector<std::string>& paths,
                                                     const ImportOptions& options) {
  if (paths.size() > 1 && !options.name.empty()) {
    return absl::InvalidArgumentError("name= applies to one file; several files take their own names");
  }
  // One matcher for all files: RE2 builds its automaton once.
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<SpeakerMatcher> matcher,
                             SpeakerMatcher::Create(options.speakers));
  std::vector<Prepared> files;
  files.reserve(paths.size());
  for (const std::string& path : paths) {
    THEMATICA_ASSIGN_OR_RETURN(Prepared p, Prepare(path, options, matcher.get()));
    files.push_back(std::move(p));
  }
  // One step of the change log: one undo takes the whole import back.
  Project::ChangeScope step(project, paths.size() == 1 ? absl::StrCat("import ", paths.front())
                                                       : absl::StrCat("import ", paths.size(), " files"));
  return AddPrepared(project, std::move(files), options);
}

}  // namespace thematica
