// Excerpt: a coded segment, [start, end) code points of one document with the
// codes applied to it. Overlapping and nested excerpts are normal.
//
//   std::string e = project.AddExcerpt({.document_id = doc,
//                                       .span = {10, 42},
//                                       .code_ids = {advocacy}})
//                       .value();
//   absl::string_view quote = project.ExcerptText(e).value();
//
// Each excerpt records its provenance: a person (the default), an autocoding
// rule, an import from another tool, or an accepted model suggestion.
#ifndef THEMATICA_EXCERPT_H_
#define THEMATICA_EXCERPT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "thematica/metadata.h"
#include "thematica/span.h"

namespace thematica {

// How an excerpt came to be.
enum class ProvenanceKind {
  kHuman,   // A coder applied it (the default; files before 1.2 hold only these).
  kRule,    // Autocoding: `rule` is the pattern, `scope` what it ran over.
  kImport,  // Read from another tool's file: `tool` and `file`.
  kModel,   // An accepted suggestion: `run_id` is the SuggestionRun.
};
// "human", "rule", "import", "model".
const char* ProvenanceKindName(ProvenanceKind kind);
// The inverse of ProvenanceKindName; nullopt for anything else.
std::optional<ProvenanceKind> ParseProvenanceKind(absl::string_view name);

struct Provenance {
  ProvenanceKind kind = ProvenanceKind::kHuman;
  std::string rule;      // kRule: the pattern (a search query, a regex, …).
  std::string scope;     // kRule: what it was applied to (e.g. "sentence").
  std::string tool;      // kImport: the producing program ("ATLAS.ti 23", "table").
  std::string file;      // kImport: the file's name.
  std::string run_id;    // kModel: SuggestionRun::id (kept after the run is removed).
  std::string coder_id;  // kModel: the coder who accepted it, or empty.
  bool is_default() const {
    return kind == ProvenanceKind::kHuman && rule.empty() && scope.empty() && tool.empty() &&
           file.empty() && run_id.empty() && coder_id.empty();
  }
  bool operator==(const Provenance&) const = default;
};

struct Excerpt {
  std::string id;  // Assigned on add when empty.
  std::string document_id;
  Span span;                           // Code points of the document's text.
  std::vector<std::string> code_ids;   // At least one, no repeats.
  std::string coder_id;                // Coder::id, or empty.
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  Metadata metadata;
  Provenance provenance;
};

}  // namespace thematica

#endif  // THEMATICA_EXCERPT_H_
