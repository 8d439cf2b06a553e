// Project: themes, relations (the thematic map) and memos.
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
#include "internal/project_rules.h"
#include "internal/sha256.h"
#include "internal/string_rules.h"
#include "internal/hierarchy.h"
#include "project_edit.h"
#include "thematica/ai.h"
#include "thematica/status_macros.h"

namespace thematica {

using namespace project_edit;  // NOLINT: the shared helpers of Project's files.

// --- Themes -------------------------------------------------------------------

const Theme* Project::FindThemeByName(absl::string_view name,
                                      absl::string_view parent_id) const {
  for (const Theme& t : store_->themes.items()) {
    if (t.name == name && t.parent_id == parent_id) return &t;
  }
  return nullptr;
}

absl::Status Project::CheckTheme(const Theme& theme) const {
  const Theme* same = FindThemeByName(theme.name, theme.parent_id);
  const bool in_cycle = !theme.parent_id.empty() && store_->themes.contains(theme.parent_id) &&
                        internal::Hierarchy(store_->themes).WouldCycle(theme.id, theme.parent_id);
  internal::FirstViolation first;
  internal::StringRules(theme, "theme", first);
  internal::ThemeRules(*this, theme, same != nullptr && same->id != theme.id, in_cycle, first);
  return first.status();
}

absl::StatusOr<std::string> Project::AddTheme(Theme theme) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a theme"));
  StepGuard guard(*this, "AddTheme");
  THEMATICA_ASSIGN_OR_RETURN(theme.color, NormalizeColor(theme.color));
  return InsertNew(store_->themes, std::move(theme), &Project::CheckTheme);
}

absl::Status Project::UpdateTheme(Theme theme) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a theme"));
  StepGuard guard(*this, "UpdateTheme");
  THEMATICA_ASSIGN_OR_RETURN(theme.color, NormalizeColor(theme.color));
  return ReplaceExisting(store_->themes, std::move(theme), "theme", &Project::CheckTheme);
}

absl::Status Project::AddCodeToTheme(absl::string_view theme_id,
                                     absl::string_view code_id) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a theme"));
  const Theme* t = FindTheme(theme_id);
  if (t == nullptr) return NotFound("theme", theme_id);
  if (std::find(t->code_ids.begin(), t->code_ids.end(), code_id) !=
      t->code_ids.end()) {
    return absl::OkStatus();  // Already there: adding is idempotent.
  }
  StepGuard guard(*this, "AddCodeToTheme");
  Theme updated = *t;
  updated.code_ids.emplace_back(code_id);
  return UpdateTheme(std::move(updated));
}

absl::Status Project::RemoveCodeFromTheme(absl::string_view theme_id,
                                          absl::string_view code_id) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a theme"));
  const Theme* t = FindTheme(theme_id);
  if (t == nullptr) return NotFound("theme", theme_id);
  auto it = std::find(t->code_ids.begin(), t->code_ids.end(), code_id);
  if (it == t->code_ids.end()) {
    return absl::NotFoundError(absl::StrCat("code ", code_id,
                                            " is not under theme \"", t->name, "\""));
  }
  StepGuard guard(*this, "RemoveCodeFromTheme");
  Theme updated = *t;
  updated.code_ids.erase(updated.code_ids.begin() + (it - t->code_ids.begin()));
  return UpdateTheme(std::move(updated));
}

absl::StatusOr<RemovalReport> Project::RemoveTheme(absl::string_view id_view,
                                                   bool cascade) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a theme"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  const Theme* theme = FindTheme(id);
  if (theme == nullptr) return NotFound("theme", id);
  IdSet gone = {std::string(id)};
  for (std::string& d : ThemeDescendants(id)) gone.insert(std::move(d));
  if (!cascade && gone.size() > 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "theme \"", theme->name, "\" has ", gone.size() - 1,
        " sub-themes; remove them first or ask to cascade"));
  }
  StepGuard guard(*this, cascade ? "RemoveTheme (cascade)" : "RemoveTheme");
  RemovalReport report;
  for (const Theme& t : store_->themes.items()) {
    if (gone.contains(t.id)) report.themes.push_back(t.id);
  }
  EraseRelationsOf(gone, report);
  EraseMemosOf(gone, report);
  LogErase(store_->themes, gone);
  store_->themes.Erase(gone);
  Touch();
  return report;
}

std::vector<std::string> Project::ThemeChildren(absl::string_view id) const {
  return internal::Hierarchy(store_->themes).Children(id);
}

std::vector<std::string> Project::ThemeDescendants(absl::string_view id) const {
  return internal::Hierarchy(store_->themes).Descendants(id);
}

int Project::ThemeDepth(absl::string_view id) const { return internal::Hierarchy(store_->themes).Depth(id); }

std::vector<std::string> Project::ThemeCodeIds(absl::string_view id,
                                               bool include_subthemes) const {
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> seen;
  auto add = [&](absl::string_view theme_id) {
    const Theme* t = FindTheme(theme_id);
    if (t == nullptr) return;
    for (const std::string& c : t->code_ids) {
      if (seen.insert(c).second) out.push_back(c);
    }
  };
  add(id);
  if (include_subthemes) {
    for (const std::string& d : ThemeDescendants(id)) add(d);
  }
  return out;
}

// --- Relations ----------------------------------------------------------------

absl::Status Project::CheckRelation(const Relation& r) const {
  const Relation* duplicate = nullptr;
  for (const Relation& other : store_->relations.items()) {
    if (other.id != r.id && other.source_id == r.source_id && other.target_id == r.target_id &&
        other.label == r.label && other.direction == r.direction) {
      duplicate = &other;
      break;
    }
  }
  internal::FirstViolation first;
  internal::StringRules(r, "relation", first);
  internal::RelationRules(*this, r, duplicate, first);
  return first.status();
}

absl::StatusOr<std::string> Project::AddRelation(Relation relation) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a relation"));
  StepGuard guard(*this, "AddRelation");
  return InsertNew(store_->relations, std::move(relation), &Project::CheckRelation);
}

absl::Status Project::UpdateRelation(Relation relation) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a relation"));
  StepGuard guard(*this, "UpdateRelation");
  return ReplaceExisting(store_->relations, std::move(relation), "relation", &Project::CheckRelation);
}

absl::StatusOr<RemovalReport> Project::RemoveRelation(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a relation"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  StepGuard guard(*this, "RemoveRelation");
  return RemoveOne(store_->relations, id, "relation", &RemovalReport::relations);
}

// --- Memos ------------------------------------------------------------------

absl::Status Project::CheckMemo(const Memo& memo) const {
  internal::FirstViolation first;
  internal::StringRules(memo, "memo", first);
  internal::MemoRules(*this, memo, first);
  return first.status();
}

absl::StatusOr<std::string> Project::AddMemo(Memo memo) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a memo"));
  StepGuard guard(*this, "AddMemo");
  return InsertNew(store_->memos, std::move(memo), &Project::CheckMemo);
}

absl::Status Project::UpdateMemo(Memo memo) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a memo"));
  StepGuard guard(*this, "UpdateMemo");
  return ReplaceExisting(store_->memos, std::move(memo), "memo", &Project::CheckMemo);
}

absl::Status Project::RemoveMemo(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a memo"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  const Memo* memo = FindMemo(id);
  if (memo == nullptr) return NotFound("memo", id);
  StepGuard guard(*this, "RemoveMemo");
  LogRemove(*memo, PositionOf(store_->memos.items(), *memo));
  store_->memos.Erase({std::string(id)});
  Touch();
  return absl::OkStatus();
}

std::vector<const Memo*> Project::MemosFor(absl::string_view target_id) const {
  std::vector<const Memo*> out;
  for (const Memo& m : store_->memos.items()) {
    if (m.target_id == target_id) out.push_back(&m);
  }
  return out;
}

void Project::EraseMemosOf(const IdSet& targets, RemovalReport& report) {
  IdSet memos;
  for (const Memo& m : store_->memos.items()) {
    if (targets.contains(m.target_id)) {
      memos.insert(m.id);
      report.memos.push_back(m.id);
    }
  }
  LogErase(store_->memos, memos);
  store_->memos.Erase(memos);
}

void Project::EraseRelationsOf(const IdSet& ends, RemovalReport& report) {
  IdSet relations;
  for (const Relation& r : store_->relations.items()) {
    if (ends.contains(r.source_id) || ends.contains(r.target_id)) {
      relations.insert(r.id);
      report.relations.push_back(r.id);
    }
  }
  // Memos on removed relations go too.
  EraseMemosOf(relations, report);
  LogErase(store_->relations, relations);
  store_->relations.Erase(relations);
}

}  // namespace thematica
