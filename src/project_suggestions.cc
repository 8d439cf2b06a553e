// Project: suggestion runs, provenance names and permissions.
#include "thematica/project.h"

#include "internal/project_store.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal/sha256.h"
#include "internal/string_rules.h"
#include "project_edit.h"
#include "thematica/ai.h"
#include "thematica/status_macros.h"

namespace thematica {

using namespace project_edit;  // NOLINT: the shared helpers of Project's files.

// --- Suggestion runs ----------------------------------------------------------

const char* ProvenanceKindName(ProvenanceKind kind) {
  switch (kind) {
    case ProvenanceKind::kHuman:
      return "human";
    case ProvenanceKind::kRule:
      return "rule";
    case ProvenanceKind::kImport:
      return "import";
    case ProvenanceKind::kModel:
      return "model";
  }
  return "human";
}

std::optional<ProvenanceKind> ParseProvenanceKind(absl::string_view name) {
  for (ProvenanceKind k : {ProvenanceKind::kHuman, ProvenanceKind::kRule, ProvenanceKind::kImport,
                           ProvenanceKind::kModel}) {
    if (name == ProvenanceKindName(k)) return k;
  }
  return std::nullopt;
}

const char* SuggestionStatusName(SuggestionStatus status) {
  switch (status) {
    case SuggestionStatus::kPending:
      return "pending";
    case SuggestionStatus::kAccepted:
      return "accepted";
    case SuggestionStatus::kRejected:
      return "rejected";
  }
  return "pending";
}

const char* PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kFull:
      return "full";
    case Permission::kSuggestOnly:
      return "suggest-only";
    case Permission::kReadOnly:
      return "read-only";
  }
  return "full";
}

std::optional<Permission> ParsePermission(absl::string_view name) {
  for (Permission p : {Permission::kFull, Permission::kSuggestOnly, Permission::kReadOnly}) {
    if (name == PermissionName(p)) return p;
  }
  return std::nullopt;
}

absl::Status Project::CheckPermission(Permission needed, absl::string_view what) const {
  const bool allowed = permission_ == Permission::kFull ||
                       (permission_ == Permission::kSuggestOnly && needed == Permission::kSuggestOnly);
  if (allowed) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("cannot ", what, ": the project is ",
                                                  PermissionName(permission_), " for this client"));
}

std::string Project::CodebookDigest() const {
  // Length-prefixed fields, so no two codebooks share an encoding.
  std::string bytes;
  auto field = [&](absl::string_view v) { absl::StrAppend(&bytes, v.size(), ":", v); };
  for (const Code& c : store_->codebook.codes()) {
    for (const std::string* f : {&c.id, &c.name, &c.parent_id, &c.description, &c.inclusion,
                                 &c.exclusion, &c.example}) {
      field(*f);
    }
    field(c.codable ? "1" : "0");
  }
  return internal::Sha256Hex(bytes);
}

std::vector<std::string> Project::RunProblems(const SuggestionRun& r) const {
  std::vector<std::string> problems;
  auto problem = [&](auto&&... parts) { problems.push_back(absl::StrCat(parts...)); };
  const std::string where = absl::StrCat("suggestion run ", r.id);
  auto utf8 = [&](absl::string_view field, absl::string_view value) {
    if (absl::Status s = ValidateUtf8(value); !s.ok()) problem(where, ": ", field, ": ", s.message());
  };
  for (const std::string* f : {&r.method, &r.unit, &r.model, &r.model_sha256, &r.endpoint}) {
    utf8("text field", *f);
  }
  for (const auto& [k, v] : r.parameters) {
    utf8("parameter name", k);
    utf8("parameter value", v);
  }
  internal::ForEachMetadataString(r.metadata, utf8);
  if (absl::StripAsciiWhitespace(r.method).empty()) problem(where, ": no method");
  if (!r.started_by.empty() && !store_->coders.contains(r.started_by)) {
    problem(where, ": started by ", r.started_by, ", not a coder");
  }
  absl::flat_hash_set<absl::string_view> codes;
  for (const std::string& c : r.code_ids) {
    if (FindCode(c) == nullptr) problem(where, ": code ", c, " not found");
    if (!codes.insert(c).second) problem(where, ": code ", c, " listed twice");
  }
  for (const Suggestion& x : r.suggestions) {
    const std::string at = absl::StrCat(where, ", suggestion ", x.id);
    utf8("rationale", x.rationale);
    const TextIndex* index = DocumentIndex(x.document_id);
    if (index == nullptr) {
      problem(at, ": document ", x.document_id, " not found");
    } else if (x.span.start < 0 || x.span.end <= x.span.start || x.span.end > index->length()) {
      problem(at, ": range ", SpanToString(x.span), " is not a non-empty range of its document's ",
              index->length(), " code points");
    }
    if (!codes.contains(x.code_id)) {
      problem(at, ": code ", x.code_id, " is not one of the run's codes");
    }
    if (!std::isfinite(x.score)) problem(at, ": score is not a finite number");
    if (x.status == SuggestionStatus::kAccepted && x.excerpt_id.empty()) {
      problem(at, ": accepted but names no excerpt");
    }
  }
  return problems;
}

absl::StatusOr<std::string> Project::AddSuggestionRun(SuggestionRun run) {
  THEMATICA_RETURN_IF_ERROR(CheckAiEnabled());
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kSuggestOnly, "add a suggestion run"));
  if (run.id.empty()) run.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(run.id));
  IdSet ids = {run.id};
  for (Suggestion& x : run.suggestions) {
    if (x.id.empty()) x.id = NewId();
    THEMATICA_RETURN_IF_ERROR(CheckNewId(x.id));
    if (!ids.insert(x.id).second) {
      return absl::AlreadyExistsError(absl::StrCat("suggestion id ", x.id, " is given twice"));
    }
    for (const SuggestionRun& other : store_->runs.items()) {
      for (const Suggestion& y : other.suggestions) {
        if (y.id == x.id) {
          return absl::AlreadyExistsError(
              absl::StrCat("suggestion id ", x.id, " is already used in run ", other.id));
        }
      }
    }
    if (x.status == SuggestionStatus::kAccepted) {
      return absl::InvalidArgumentError(
          absl::StrCat("suggestion ", x.id, ": a new run's suggestions cannot be accepted yet"));
    }
  }
  if (std::vector<std::string> problems = RunProblems(run); !problems.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  }
  if (run.created == absl::InfinitePast()) run.created = Now();
  if (run.codebook_sha256.empty()) run.codebook_sha256 = CodebookDigest();
  if (run.documents.empty()) {
    IdSet seen;
    for (const Suggestion& x : run.suggestions) {
      if (seen.insert(x.document_id).second) run.documents.push_back({.document_id = x.document_id});
    }
  }
  for (DocumentDigest& d : run.documents) {
    const Document* doc = FindDocument(d.document_id);
    if (doc == nullptr) return NotFound("document", d.document_id);
    if (d.sha256.empty()) d.sha256 = internal::Sha256Hex(doc->text);
  }
  std::string id = run.id;
  store_->runs.Insert(std::move(run));
  Touch();
  return id;
}

absl::StatusOr<RemovalReport> Project::RemoveSuggestionRun(absl::string_view id_view,
                                                           bool remove_accepted) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(
      remove_accepted ? Permission::kFull : Permission::kSuggestOnly, "remove a suggestion run"));
  const std::string id(id_view);
  const SuggestionRun* run = FindSuggestionRun(id);
  if (run == nullptr) return NotFound("suggestion run", id);
  RemovalReport report;
  report.suggestion_runs.push_back(id);
  report.suggestions = static_cast<int64_t>(run->suggestions.size());
  IdSet gone = {id};
  if (remove_accepted) {
    IdSet excerpts;
    for (const Excerpt& e : store_->excerpts.items()) {
      if (e.provenance.kind == ProvenanceKind::kModel && e.provenance.run_id == id) {
        excerpts.insert(e.id);
        report.excerpts.push_back(e.id);
      }
    }
    gone.insert(excerpts.begin(), excerpts.end());
    // Not in the change log (suggestion runs are not), but in the journal.
    for (const std::string& e : excerpts) NoteEdit(ObjectKind::kExcerpt, e, ChangeOp::kRemove);
    store_->excerpts.Erase(excerpts);
  }
  EraseMemosOf(gone, report);
  store_->runs.Erase({id});
  Touch();
  return report;
}

absl::StatusOr<std::string> Project::AcceptSuggestion(absl::string_view run_id,
                                                      absl::string_view suggestion_id,
                                                      std::optional<Span> span,
                                                      absl::string_view coder_id) {
  THEMATICA_RETURN_IF_ERROR(CheckAiEnabled());
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "accept a suggestion"));
  SuggestionRun* run = store_->runs.FindMutable(run_id);
  if (run == nullptr) return NotFound("suggestion run", run_id);
  Suggestion* x = nullptr;
  for (Suggestion& candidate : run->suggestions) {
    if (candidate.id == suggestion_id) x = &candidate;
  }
  if (x == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("suggestion ", suggestion_id, " not found in run ", run_id));
  }
  if (x->status == SuggestionStatus::kAccepted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "suggestion ", suggestion_id, " is already accepted (excerpt ", x->excerpt_id, ")"));
  }
  Excerpt e;
  e.document_id = x->document_id;
  e.span = span.value_or(x->span);
  e.code_ids = {x->code_id};
  e.coder_id = std::string(coder_id);
  e.provenance = {.kind = ProvenanceKind::kModel,
                  .run_id = run->id,
                  .coder_id = std::string(coder_id)};
  THEMATICA_ASSIGN_OR_RETURN(std::string excerpt_id,
                             InsertNew(store_->excerpts, std::move(e), &Project::CheckExcerpt));
  x->status = SuggestionStatus::kAccepted;
  x->excerpt_id = excerpt_id;
  return excerpt_id;
}

absl::Status Project::RejectSuggestion(absl::string_view run_id, absl::string_view suggestion_id) {
  THEMATICA_RETURN_IF_ERROR(CheckAiEnabled());
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "reject a suggestion"));
  SuggestionRun* run = store_->runs.FindMutable(run_id);
  if (run == nullptr) return NotFound("suggestion run", run_id);
  for (Suggestion& x : run->suggestions) {
    if (x.id != suggestion_id) continue;
    if (x.status == SuggestionStatus::kAccepted) {
      return absl::FailedPreconditionError(absl::StrCat(
          "suggestion ", suggestion_id, " is accepted (excerpt ", x.excerpt_id,
          "); remove the excerpt instead"));
    }
    x.status = SuggestionStatus::kRejected;
    Touch();
    return absl::OkStatus();
  }
  return absl::NotFoundError(
      absl::StrCat("suggestion ", suggestion_id, " not found in run ", run_id));
}

void Project::EraseSuggestionsOf(absl::FunctionRef<bool(const Suggestion&)> gone,
                                 RemovalReport& report) {
  for (SuggestionRun& r : store_->runs.mutable_items()) {
    const size_t before = r.suggestions.size();
    r.suggestions.erase(std::remove_if(r.suggestions.begin(), r.suggestions.end(),
                                       [&](const Suggestion& x) { return gone(x); }),
                        r.suggestions.end());
    report.suggestions += static_cast<int64_t>(before - r.suggestions.size());
  }
}

}  // namespace thematica
