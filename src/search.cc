#include "thematica/search.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "internal/enum_names.h"
#include "internal/lookup.h"
#include "internal/text_hit.h"
#include "internal/unicode.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

// Code-point ranges of the matches of `pattern` in `text`.
absl::StatusOr<std::vector<Span>> Matches(absl::string_view text, absl::string_view pattern,
                                          const SearchOptions& o, const RE2* re) {
  std::vector<Span> out;
  if (re == nullptr) {
    const internal::FoldedText folded = internal::Fold(text, !o.case_sensitive, !o.accent_sensitive);
    const std::string needle =
        internal::Fold(pattern, !o.case_sensitive, !o.accent_sensitive).text;
    size_t at = 0;
    while ((at = folded.text.find(needle, at)) != std::string::npos) {
      // The end is where the next kept code point starts, so combining marks
      // folded away after the hit stay with it.
      out.push_back({folded.code_point[at], folded.code_point[at + needle.size()]});
      at += needle.size();
    }
    return out;
  }
  const internal::FoldedText folded = internal::Fold(text, false, !o.accent_sensitive);
  absl::string_view input(folded.text);
  re2::StringPiece match;
  size_t offset = 0;
  while (offset <= input.size() &&
         re->Match(re2::StringPiece(input.data(), input.size()), offset, input.size(), RE2::UNANCHORED,
                   &match, 1)) {
    const size_t begin = static_cast<size_t>(match.data() - input.data());
    const size_t end = begin + match.size();
    if (match.empty()) {  // Zero-width: step over one byte (then to a character start).
      offset = begin + 1;
      while (offset < input.size() && (static_cast<unsigned char>(input[offset]) & 0xC0) == 0x80) ++offset;
      continue;
    }
    // Combining marks right after the match stay with it (no half letters).
    size_t stop = end;
    while (stop < input.size()) {
      size_t next = stop;
      if (!internal::IsCombining(internal::DecodeAt(input, next))) break;
      stop = next;
    }
    out.push_back({folded.code_point[begin], folded.code_point[stop]});
    offset = stop;
  }
  return out;
}

absl::StatusOr<std::unique_ptr<RE2>> Compile(absl::string_view pattern, const SearchOptions& o) {
  if (!o.regex) return std::unique_ptr<RE2>();
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_case_sensitive(o.case_sensitive);
  options.set_log_errors(false);
  const std::string source =
      o.accent_sensitive ? std::string(pattern) : internal::Fold(pattern, false, true).text;
  auto re = std::make_unique<RE2>(source, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid regular expression \"", pattern, "\": ", re->error()));
  }
  return re;
}

std::vector<const Document*> Documents(const Project& project, const SearchOptions& o,
                                       absl::Status& status) {
  std::vector<const Document*> out;
  if (o.document_ids.empty()) {
    for (const Document& d : project.documents()) out.push_back(&d);
    return out;
  }
  for (const std::string& id : o.document_ids) {
    const Document* d = internal::FindDocumentByIdOrName(project, id);
    if (d == nullptr) {
      status = internal::NotFound("document", id);
      return {};
    }
    out.push_back(d);
  }
  return out;
}

// The sentence or paragraph around `hit` in `text` (code points).
Span Expand(const Document& d, const TextIndex& index, Span hit, AutocodeScope scope) {
  // Decode once into code points for simple scanning.
  std::vector<char32_t> cps;
  cps.reserve(static_cast<size_t>(index.length()));
  for (size_t i = 0; i < d.text.size();) cps.push_back(internal::DecodeAt(d.text, i));
  const int64_t n = static_cast<int64_t>(cps.size());
  auto is_break = [&](int64_t i) { return cps[i] == '\n' || cps[i] == '\r'; };
  auto ends_sentence = [&](int64_t i) {
    const char32_t c = cps[i];
    return (c == '.' || c == '!' || c == '?' || c == 0x2026) &&
           (i + 1 >= n || cps[i + 1] == ' ' || is_break(i + 1) || cps[i + 1] == 0x201D || cps[i + 1] == '"');
  };
  int64_t start = hit.start, end = hit.end;
  if (scope == AutocodeScope::kParagraph) {
    while (start > 0 && !is_break(start - 1)) --start;
    while (end < n && !is_break(end)) ++end;
  } else {
    while (start > 0 && !is_break(start - 1) && !ends_sentence(start - 1)) --start;
    while (start < hit.start && cps[start] == ' ') ++start;
    while (end < n && !is_break(end) && !ends_sentence(end - 1)) ++end;
    if (end < n && !is_break(end) && end > 0 && ends_sentence(end - 1)) {
      // Keep a closing quotation mark with its sentence.
      if (cps[end] == 0x201D || cps[end] == '"') ++end;
    }
  }
  return {start, end};
}

// Adds one excerpt per distinct span (skipping spans already coded with the
// code), all or nothing.
absl::StatusOr<AutocodeResult> AddAll(Project& project, std::vector<std::pair<std::string, Span>> spans,
                                      absl::string_view code_id, absl::string_view coder_id,
                                      const Provenance& provenance, AutocodeResult result) {
  if (project.FindCode(code_id) == nullptr) return internal::NotFound("code", code_id);
  std::sort(spans.begin(), spans.end());
  spans.erase(std::unique(spans.begin(), spans.end()), spans.end());
  std::set<std::pair<std::string, Span>> coded;
  for (const Excerpt& e : project.excerpts()) {
    if (std::find(e.code_ids.begin(), e.code_ids.end(), code_id) != e.code_ids.end()) {
      coded.insert({e.document_id, e.span});
    }
  }
  for (const auto& [doc, span] : spans) {
    if (coded.contains({doc, span})) {
      ++result.already_coded;
      continue;
    }
    absl::StatusOr<std::string> id = project.AddExcerpt(
        {.document_id = doc,
         .span = span,
         .code_ids = {std::string(code_id)},
         .coder_id = std::string(coder_id),
         .provenance = provenance});
    if (!id.ok()) {
      for (const std::string& made : result.excerpt_ids) (void)project.RemoveExcerpt(made);
      return id.status();
    }
    result.excerpt_ids.push_back(*id);
  }
  return result;
}

constexpr internal::EnumName<AutocodeScope> kAutocodeScopes[] = {{AutocodeScope::kHit, "hit"},
                                                                 {AutocodeScope::kSentence, "sentence"},
                                                                 {AutocodeScope::kParagraph, "paragraph"},
                                                                 {AutocodeScope::kTurn, "turn"}};

}  // namespace

absl::string_view AutocodeScopeName(AutocodeScope scope) { return internal::NameIn(kAutocodeScopes, scope); }

absl::StatusOr<AutocodeScope> ParseAutocodeScope(absl::string_view name) {
  return internal::ParseIn(kAutocodeScopes, name, "scope");
}

absl::StatusOr<std::vector<SearchHit>> Search(const Project& project, absl::string_view pattern,
                                              const SearchOptions& options) {
  if (pattern.empty()) return absl::InvalidArgumentError("the search pattern is empty");
  THEMATICA_RETURN_IF_ERROR(ValidateUtf8(pattern));
  if (options.context < 0) {
    return absl::InvalidArgumentError(absl::StrCat("context must be 0 or more, not ", options.context));
  }
  THEMATICA_ASSIGN_OR_RETURN(std::unique_ptr<RE2> re, Compile(pattern, options));
  absl::Status status;
  const std::vector<const Document*> documents = Documents(project, options, status);
  THEMATICA_RETURN_IF_ERROR(status);
  std::vector<SearchHit> hits;
  for (const Document* d : documents) {
    THEMATICA_ASSIGN_OR_RETURN(std::vector<Span> spans, Matches(d->text, pattern, options, re.get()));
    const TextIndex& index = *project.DocumentIndex(d->id);
    for (const Span& s : spans) hits.push_back(internal::HitIn(*d, index, s, options.context));
  }
  return hits;
}

absl::StatusOr<AutocodeResult> Autocode(Project& project, absl::string_view pattern, absl::string_view code_id,
                                        AutocodeScope scope, const SearchOptions& options,
                                        absl::string_view coder_id) {
  THEMATICA_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, Search(project, pattern, options));
  AutocodeResult result;
  std::vector<std::pair<std::string, Span>> spans;
  for (const SearchHit& hit : hits) {
    const Document& d = *project.FindDocument(hit.document_id);
    switch (scope) {
      case AutocodeScope::kHit:
        spans.push_back({d.id, hit.span});
        break;
      case AutocodeScope::kSentence:
      case AutocodeScope::kParagraph:
        spans.push_back({d.id, Expand(d, *project.DocumentIndex(d.id), hit.span, scope)});
        break;
      case AutocodeScope::kTurn: {
        auto turn = std::find_if(d.speaker_turns.begin(), d.speaker_turns.end(),
                                 [&](const SpeakerTurn& t) { return t.span.Contains(hit.span.start); });
        if (turn == d.speaker_turns.end()) {
          ++result.outside_turns;
        } else {
          spans.push_back({d.id, turn->span});
        }
        break;
      }
    }
  }
  constexpr const char* kScopes[] = {"hit", "sentence", "paragraph", "turn"};
  Provenance provenance{.kind = ProvenanceKind::kRule,
                        .rule = std::string(pattern),
                        .scope = kScopes[static_cast<int>(scope)]};
  if (options.regex) provenance.rule = absl::StrCat("regex:", pattern);
  return AddAll(project, std::move(spans), code_id, coder_id, provenance, result);
}

absl::StatusOr<AutocodeResult> AutocodeSpeaker(Project& project, absl::string_view speaker,
                                               absl::string_view code_id, absl::string_view coder_id) {
  std::vector<std::pair<std::string, Span>> spans;
  for (const Document& d : project.documents()) {
    for (const SpeakerTurn& t : d.speaker_turns) {
      const Case* c = t.case_id.empty() ? nullptr : project.FindCase(t.case_id);
      if (t.speaker == speaker || (c != nullptr && c->name == speaker)) spans.push_back({d.id, t.span});
    }
  }
  return AddAll(project, std::move(spans), code_id, coder_id,
                {.kind = ProvenanceKind::kRule, .rule = std::string(speaker), .scope = "speaker"},
                {});
}

}  // namespace thematica
