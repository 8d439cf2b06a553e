// SuggestionRun and Suggestion: what an automated method (a classifier, an
// embedding search, a language model) proposed, recorded apart from the
// excerpts. A suggestion is not a coding: no analysis counts it until a
// person accepts it, which makes an excerpt whose provenance names the run.
//
//   SuggestionRun run{.method = "learned", .code_ids = {advocacy}};
//   run.suggestions.push_back({.document_id = doc, .span = {0, 42},
//                              .code_id = advocacy, .score = 0.91});
//   std::string run_id = project.AddSuggestionRun(std::move(run)).value();
//   std::string excerpt = project.AcceptSuggestion(run_id, suggestion_id).value();
//
// A run records what is needed to reproduce and report it: the method, the
// model and the SHA-256 of its files, the parameters and seed, the codes it
// was asked about, SHA-256 digests of the codebook and of every document it
// read (filled in by Project::AddSuggestionRun when left empty), who started
// it, when, and the endpoint of a remote model.
#ifndef THEMATICA_SUGGESTION_H_
#define THEMATICA_SUGGESTION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "thematica/metadata.h"
#include "thematica/span.h"

namespace thematica {

enum class SuggestionStatus {
  kPending,   // Not yet decided.
  kAccepted,  // Became the excerpt `excerpt_id`.
  kRejected,
};
// "pending", "accepted", "rejected".
const char* SuggestionStatusName(SuggestionStatus status);

struct Suggestion {
  std::string id;  // Assigned on add when empty; unique within the project.
  std::string document_id;
  Span span;            // Code points of the document's text.
  std::string code_id;  // One of the run's codes.
  double score = 0;     // Higher is surer; 0..1 for the built-in methods.
  std::string rationale;
  SuggestionStatus status = SuggestionStatus::kPending;
  std::string excerpt_id;  // kAccepted: the excerpt made (kept if it is removed later).
};

// The digest of one document's text as a run read it.
struct DocumentDigest {
  std::string document_id;
  std::string sha256;  // Lower-case hex of the UTF-8 text.
};

struct SuggestionRun {
  std::string id;      // Assigned on add when empty.
  std::string method;  // "learned", "embedding", "llm", …
  std::string unit;    // What a suggestion covers: "sentence", "paragraph", "turn".
  std::string model;   // Model name, e.g. "all-MiniLM-L6-v2"; empty for none.
  std::string model_sha256;  // Over the model's files; empty for none.
  std::map<std::string, std::string> parameters;  // Method options, as text.
  uint64_t seed = 0;
  std::vector<std::string> code_ids;          // The codes asked about.
  std::string codebook_sha256;                // See CodebookDigest().
  std::vector<DocumentDigest> documents;      // The documents read.
  std::string started_by;                     // Coder::id, or empty.
  absl::Time created = absl::InfinitePast();  // When it ran.
  std::string endpoint;                       // URL of a remote model, or empty.
  std::vector<Suggestion> suggestions;
  Metadata metadata;
};

// Who may change a project (Project::SetPermission): an automated client is
// handed a project at kSuggestOnly or kReadOnly so the engine refuses what it
// may not do, whatever front end it goes through.
enum class Permission {
  kFull,         // Everything.
  kSuggestOnly,  // Add suggestion runs; never create, change or remove an excerpt or anything else.
  kReadOnly,     // No change at all.
};
// "full", "suggest-only", "read-only".
const char* PermissionName(Permission permission);
std::optional<Permission> ParsePermission(absl::string_view name);

}  // namespace thematica

#endif  // THEMATICA_SUGGESTION_H_
