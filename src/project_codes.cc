// Project: the codebook and coded excerpts, with their retrieval and counts.
#include "thematica/project.h"

#include "internal/excerpt_cases.h"
#include "internal/project_store.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal/project_rules.h"
#include "internal/sha256.h"
#include "internal/string_rules.h"
#include "project_edit.h"
#include "thematica/ai.h"
#include "thematica/status_macros.h"

namespace thematica {

using namespace project_edit;  // NOLINT: the shared helpers of Project's files.

// --- Codes ------------------------------------------------------------------

namespace {

// The project's rule for a code (the codebook checks the rest).
absl::Status CheckCodeCreator(const Project& p, const Code& code) {
  internal::FirstViolation first;
  internal::CodeCreatorRule(p, code, first);
  return first.status();
}

}  // namespace

absl::StatusOr<std::string> Project::AddCode(Code code) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a code"));
  StepGuard guard(*this, "AddCode");
  if (code.id.empty()) code.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(code.id));
  THEMATICA_RETURN_IF_ERROR(CheckCodeCreator(*this, code));
  StampNew(code, Now());
  THEMATICA_ASSIGN_OR_RETURN(std::string id, store_->codebook.Add(std::move(code), ids_));
  LogAdd(*store_->codebook.Find(id));
  Touch();
  return id;
}

absl::Status Project::UpdateCode(Code code) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a code"));
  StepGuard guard(*this, "UpdateCode");
  const Code* old = store_->codebook.Find(code.id);
  if (old == nullptr) return NotFound("code", code.id);
  THEMATICA_RETURN_IF_ERROR(CheckCodeCreator(*this, code));
  if (old->codable && !code.codable) {
    for (const Excerpt& e : store_->excerpts.items()) {
      if (std::find(e.code_ids.begin(), e.code_ids.end(), code.id) !=
          e.code_ids.end()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "code \"", old->name,
            "\" cannot become not codable while excerpts use it"));
      }
    }
  }
  code.modified = Now();
  const Code before = *old;
  THEMATICA_RETURN_IF_ERROR(store_->codebook.Update(std::move(code)));
  LogUpdate(before);
  Touch();
  return absl::OkStatus();
}

absl::Status Project::RenameCode(absl::string_view id, std::string name) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "rename a code"));
  const Code* c = FindCode(id);
  if (c == nullptr) return NotFound("code", id);
  StepGuard guard(*this, "RenameCode");
  Code updated = *c;
  updated.name = std::move(name);
  return UpdateCode(std::move(updated));
}

absl::Status Project::MoveCode(absl::string_view id, std::string new_parent_id) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "move a code"));
  const Code* c = FindCode(id);
  if (c == nullptr) return NotFound("code", id);
  StepGuard guard(*this, "MoveCode");
  Code updated = *c;
  updated.parent_id = std::move(new_parent_id);
  return UpdateCode(std::move(updated));
}

namespace {

// Why `source` cannot be merged into `target` (its own descendant, a folder,
// or a child name both have), or OK.
absl::Status CheckMergeable(const Codebook& codebook, const Code& source, const Code& target) {
  for (const std::string& a : codebook.Ancestors(target.id)) {
    if (a == source.id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot merge \"", source.name, "\" into its own descendant \"",
          target.name, "\""));
    }
  }
  if (!target.codable) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot merge into \"", target.name, "\": it is not codable"));
  }
  for (const std::string& child_id : codebook.Children(source.id)) {
    const Code* child = codebook.Find(child_id);
    if (codebook.FindChild(target.id, child->name) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(
          "cannot merge \"", source.name, "\" into \"", target.name,
          "\": both have a child code named \"", child->name, "\""));
    }
  }
  return absl::OkStatus();
}

// Replaces `source` with `target` in a list of code ids, keeping `target`
// once. Returns whether `source` was there.
bool ReplaceCodeId(std::vector<std::string>& ids, const std::string& source, const std::string& target) {
  bool changed = false;
  bool has_target = false;
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (std::string& id : ids) {
    if (id == source) {
      changed = true;
      id = target;
    }
    if (id == target) {
      if (has_target) continue;
      has_target = true;
    }
    out.push_back(std::move(id));
  }
  ids = std::move(out);
  return changed;
}

bool UsesCodeId(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

absl::Status Project::MergeCodes(absl::string_view source_id,
                                 absl::string_view target_id) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "merge codes"));
  const Code* source = FindCode(source_id);
  if (source == nullptr) return NotFound("code", source_id);
  const Code* target = FindCode(target_id);
  if (target == nullptr) return NotFound("code", target_id);
  if (source_id == target_id) {
    return absl::InvalidArgumentError("cannot merge a code into itself");
  }
  // Check every precondition before changing anything.
  THEMATICA_RETURN_IF_ERROR(CheckMergeable(store_->codebook, *source, *target));
  const std::vector<std::string> children = store_->codebook.Children(source_id);
  const std::string source_key(source_id), target_key(target_id);
  Codebook book = store_->codebook;  // Staged so a failure changes nothing.
  for (const std::string& child_id : children) {
    THEMATICA_RETURN_IF_ERROR(book.Move(child_id, target_key));
  }
  book.Erase({source_key});
  StepGuard guard(*this, "MergeCodes");
  for (const std::string& child_id : children) LogUpdate(*store_->codebook.Find(child_id));
  LogErase(store_->codebook.codes(), {source_key});
  store_->codebook = std::move(book);
  // What referred to the source refers to the target.
  const absl::Time now = Now();
  for (Excerpt& e : store_->excerpts.mutable_items()) {
    if (!UsesCodeId(e.code_ids, source_key)) continue;
    LogUpdate(e);
    if (ReplaceCodeId(e.code_ids, source_key, target_key)) e.modified = now;
  }
  for (Theme& t : store_->themes.mutable_items()) {
    if (!UsesCodeId(t.code_ids, source_key)) continue;
    LogUpdate(t);
    if (ReplaceCodeId(t.code_ids, source_key, target_key)) t.modified = now;
  }
  for (Relation& r : store_->relations.mutable_items()) {
    if (r.source_id != source_key && r.target_id != source_key) continue;
    LogUpdate(r);
    if (r.source_id == source_key) r.source_id = target_key;
    if (r.target_id == source_key) r.target_id = target_key;
  }
  for (Memo& m : store_->memos.mutable_items()) {
    if (m.target_id != source_key) continue;
    LogUpdate(m);
    m.target_id = target_key;
  }
  for (SuggestionRun& r : store_->runs.mutable_items()) {
    ReplaceCodeId(r.code_ids, source_key, target_key);
    for (Suggestion& x : r.suggestions) {
      if (x.code_id == source_key) x.code_id = target_key;
    }
  }
  Touch();
  return absl::OkStatus();
}

absl::StatusOr<RemovalReport> Project::RemoveCode(absl::string_view id_view,
                                                  bool cascade) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a code"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  const Code* code = FindCode(id);
  if (code == nullptr) return NotFound("code", id);
  IdSet gone = {std::string(id)};
  for (std::string& d : store_->codebook.Descendants(id)) gone.insert(std::move(d));
  if (!cascade) {
    if (gone.size() > 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          "code \"", code->name, "\" has ", gone.size() - 1,
          " child codes; remove them first or ask to cascade"));
    }
    size_t used = 0;
    for (const Excerpt& e : store_->excerpts.items()) {
      for (const std::string& c : e.code_ids) used += c == id;
    }
    if (used > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "code \"", code->name, "\" is used by ", used,
          used == 1 ? " excerpt" : " excerpts",
          "; merge it, or remove with cascade to uncode them"));
    }
  }
  StepGuard guard(*this, cascade ? "RemoveCode (cascade)" : "RemoveCode");
  RemovalReport report;
  for (const Code& c : store_->codebook.codes()) {
    if (gone.contains(c.id)) report.codes.push_back(c.id);
  }
  IdSet excerpts_gone;
  const absl::Time now = Now();
  auto drop = [&](std::vector<std::string>& ids) {
    const size_t before = ids.size();
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](const std::string& c) { return gone.contains(c); }),
              ids.end());
    return ids.size() != before;
  };
  for (Excerpt& e : store_->excerpts.mutable_items()) {
    const auto kept = std::count_if(e.code_ids.begin(), e.code_ids.end(),
                                    [&](const std::string& c) { return !gone.contains(c); });
    if (static_cast<size_t>(kept) == e.code_ids.size()) continue;
    if (kept == 0) {  // Removed whole below, so the log keeps it as it was.
      excerpts_gone.insert(e.id);
      report.excerpts.push_back(e.id);
      continue;
    }
    LogUpdate(e);
    drop(e.code_ids);
    e.modified = now;
    report.recoded_excerpts.push_back(e.id);
  }
  for (Theme& t : store_->themes.mutable_items()) {
    if (std::none_of(t.code_ids.begin(), t.code_ids.end(),
                     [&](const std::string& c) { return gone.contains(c); })) {
      continue;
    }
    LogUpdate(t);
    drop(t.code_ids);
    t.modified = now;
  }
  EraseRelationsOf(gone, report);
  IdSet memo_targets = gone;
  memo_targets.insert(excerpts_gone.begin(), excerpts_gone.end());
  EraseMemosOf(memo_targets, report);
  LogErase(store_->excerpts, excerpts_gone);
  store_->excerpts.Erase(excerpts_gone);
  EraseSuggestionsOf([&](const Suggestion& x) { return gone.contains(x.code_id); }, report);
  for (SuggestionRun& r : store_->runs.mutable_items()) drop(r.code_ids);
  LogErase(store_->codebook.codes(), gone);
  store_->codebook.Erase(gone);
  Touch();
  return report;
}

// --- Excerpts ---------------------------------------------------------------

absl::Status Project::CheckExcerpt(const Excerpt& e) const {
  internal::FirstViolation first;
  internal::StringRules(e, "excerpt", first);
  internal::ExcerptRules(*this, e, first);
  return first.status();
}

absl::StatusOr<std::string> Project::AddExcerpt(Excerpt excerpt) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add an excerpt"));
  StepGuard guard(*this, "AddExcerpt");
  return InsertNew(store_->excerpts, std::move(excerpt), &Project::CheckExcerpt);
}

absl::Status Project::UpdateExcerpt(Excerpt excerpt) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change an excerpt"));
  StepGuard guard(*this, "UpdateExcerpt");
  return ReplaceExisting(store_->excerpts, std::move(excerpt), "excerpt", &Project::CheckExcerpt);
}

absl::StatusOr<RemovalReport> Project::RemoveExcerpt(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove an excerpt"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  StepGuard guard(*this, "RemoveExcerpt");
  return RemoveOne(store_->excerpts, id, "excerpt", &RemovalReport::excerpts);
}

absl::StatusOr<absl::string_view> Project::ExcerptText(absl::string_view id) const {
  const Excerpt* e = FindExcerpt(id);
  if (e == nullptr) return NotFound("excerpt", id);
  return ExcerptText(*e);
}

absl::string_view Project::ExcerptText(const Excerpt& excerpt) const {
  const Document* d = FindDocument(excerpt.document_id);
  if (d == nullptr) return {};
  return store_->text_indexes.at(excerpt.document_id).Slice(d->text, excerpt.span);
}

std::vector<const Excerpt*> Project::Excerpts(const ExcerptFilter& filter) const {
  IdSet codes;
  if (!filter.code_id.empty()) {
    codes.insert(filter.code_id);
    if (filter.include_descendants) {
      for (std::string& d : store_->codebook.Descendants(filter.code_id)) {
        codes.insert(std::move(d));
      }
    }
  }
  std::vector<const Excerpt*> out;
  for (const Excerpt& e : store_->excerpts.items()) {
    if (!filter.document_id.empty() && e.document_id != filter.document_id) continue;
    if (!filter.coder_id.empty() && e.coder_id != filter.coder_id) continue;
    if (!filter.provenance.empty() &&
        ProvenanceKindName(e.provenance.kind) != filter.provenance) {
      continue;
    }
    if (!filter.run_id.empty() && e.provenance.run_id != filter.run_id) continue;
    if (!codes.empty() &&
        std::none_of(e.code_ids.begin(), e.code_ids.end(),
                     [&](const std::string& c) { return codes.contains(c); })) {
      continue;
    }
    if (!filter.case_id.empty()) {
      const std::vector<std::string> cases = ExcerptCaseIds(e);
      if (std::find(cases.begin(), cases.end(), filter.case_id) == cases.end()) {
        continue;
      }
    }
    out.push_back(&e);
  }
  return out;
}

std::vector<std::string> Project::ExcerptCaseIds(const Excerpt& excerpt) const {
  std::vector<std::string> out;
  internal::ForEachExcerptCase(*this, excerpt, [&](const std::string& c) { out.push_back(c); });
  return out;
}

std::vector<CodeCount> Project::CodeCounts(bool include_descendants) const {
  const std::vector<Code>& codes = store_->codebook.codes();
  absl::flat_hash_map<absl::string_view, size_t> position;
  for (size_t i = 0; i < codes.size(); ++i) position[codes[i].id] = i;
  // For each code an excerpt uses, the codes whose counts it feeds (itself,
  // and its ancestors with include_descendants) — worked out on first use,
  // so a deep codebook that few excerpts touch costs no more than its size.
  std::vector<std::vector<size_t>> feeds(codes.size());
  auto feeds_of = [&](size_t i) -> const std::vector<size_t>& {
    if (feeds[i].empty()) {
      feeds[i].push_back(i);
      if (include_descendants) {
        for (const std::string& a : store_->codebook.Ancestors(codes[i].id)) feeds[i].push_back(position.at(a));
      }
    }
    return feeds[i];
  };
  std::vector<int64_t> excerpt_counts(codes.size(), 0);
  std::vector<absl::flat_hash_set<absl::string_view>> documents(codes.size());
  std::vector<absl::flat_hash_set<std::string>> cases(codes.size());
  std::vector<size_t> targets;
  for (const Excerpt& e : store_->excerpts.items()) {
    targets.clear();
    for (const std::string& c : e.code_ids) {
      auto it = position.find(c);
      if (it == position.end()) continue;
      for (size_t t : feeds_of(it->second)) targets.push_back(t);
    }
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    if (targets.empty()) continue;
    const std::vector<std::string> case_ids = ExcerptCaseIds(e);
    for (size_t t : targets) {
      ++excerpt_counts[t];
      documents[t].insert(e.document_id);
      cases[t].insert(case_ids.begin(), case_ids.end());
    }
  }
  std::vector<CodeCount> out;
  out.reserve(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    out.push_back({codes[i].id, excerpt_counts[i],
                   static_cast<int64_t>(documents[i].size()),
                   static_cast<int64_t>(cases[i].size())});
  }
  return out;
}

}  // namespace thematica
