// Private to the library: what the files of Project's implementation
// (src/project*.cc) share — small helpers and the member templates every
// edit passes through (id and checks, time stamps, the change log, memos that
// go with a removal). Not installed.
#ifndef THEMATICA_SRC_PROJECT_EDIT_H_
#define THEMATICA_SRC_PROJECT_EDIT_H_

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "internal/lookup.h"
#include "internal/string_rules.h"
#include "thematica/project.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace project_edit {

using IdSet = absl::flat_hash_set<std::string>;

inline absl::Status CheckInfoStrings(const ProjectInfo& info) {
  absl::Status status;
  auto check = [&](absl::string_view field, const std::string& value) {
    if (absl::Status s = ValidateUtf8(value); status.ok() && !s.ok()) {
      status = absl::InvalidArgumentError(
          absl::StrCat("project: ", field, " is not valid UTF-8 (", s.message(), ")"));
    }
  };
  check("title", info.title);
  check("description", info.description);
  internal::ForEachMetadataString(info.metadata, check);
  status.Update(internal::CheckTime(info.created, "project", "", "created"));
  status.Update(internal::CheckTime(info.modified, "project", "", "modified"));
  return status;
}

using internal::NotFound;

inline bool Blank(absl::string_view s) { return absl::StripAsciiWhitespace(s).empty(); }

inline void AppendCount(std::vector<std::string>& parts, size_t n,
                 absl::string_view singular, absl::string_view plural) {
  if (n > 0) parts.push_back(absl::StrCat(n, " ", n == 1 ? singular : plural));
}

// Sets created/modified on a new object: unset times become `now`.
template <typename T>
void StampNew(T& object, absl::Time now) {
  if (object.created == absl::InfinitePast()) object.created = now;
  if (object.modified == absl::InfinitePast()) object.modified = object.created;
}

template <typename T>
constexpr ObjectKind KindOfType() {
  if constexpr (std::is_same_v<T, ProjectInfo>) return ObjectKind::kProject;
  if constexpr (std::is_same_v<T, Coder>) return ObjectKind::kCoder;
  if constexpr (std::is_same_v<T, AttributeDefinition>) return ObjectKind::kAttribute;
  if constexpr (std::is_same_v<T, Case>) return ObjectKind::kCase;
  if constexpr (std::is_same_v<T, Document>) return ObjectKind::kDocument;
  if constexpr (std::is_same_v<T, Code>) return ObjectKind::kCode;
  if constexpr (std::is_same_v<T, Excerpt>) return ObjectKind::kExcerpt;
  if constexpr (std::is_same_v<T, Theme>) return ObjectKind::kTheme;
  if constexpr (std::is_same_v<T, Relation>) return ObjectKind::kRelation;
  if constexpr (std::is_same_v<T, Memo>) return ObjectKind::kMemo;
  return ObjectKind::kNone;
}

// Index of `item` in `items` (it must be an element of it).
template <typename T>
size_t PositionOf(const std::vector<T>& items, const T& item) {
  return static_cast<size_t>(&item - items.data());
}

}  // namespace project_edit

using project_edit::IdSet;

template <typename T>
void Project::LogAdd(const T& added) {
  NoteEdit(project_edit::KindOfType<T>(), added.id, ChangeOp::kAdd);
  if (!history_settings_.enabled || replaying_) return;
  ChangeRecord r;
  r.op = ChangeOp::kAdd;
  r.kind = project_edit::KindOfType<T>();
  r.object_id = added.id;
  AppendRecord(std::move(r));
}

template <typename T>
void Project::LogUpdate(const T& before) {
  NoteEdit(project_edit::KindOfType<T>(), before.id, ChangeOp::kUpdate);
  if (!history_settings_.enabled || replaying_) return;
  ChangeRecord r;
  r.op = ChangeOp::kUpdate;
  r.kind = project_edit::KindOfType<T>();
  r.object_id = before.id;
  r.before = std::make_shared<const ObjectValue>(before);
  AppendRecord(std::move(r));
}

template <typename T>
void Project::LogRemove(const T& before, size_t position) {
  NoteEdit(project_edit::KindOfType<T>(), before.id, ChangeOp::kRemove);
  if (!history_settings_.enabled || replaying_) return;
  ChangeRecord r;
  r.op = ChangeOp::kRemove;
  r.kind = project_edit::KindOfType<T>();
  r.object_id = before.id;
  r.position = static_cast<int64_t>(position);
  r.before = std::make_shared<const ObjectValue>(before);
  AppendRecord(std::move(r));
}

template <typename T>
void Project::LogErase(const std::vector<T>& items, const IdSet& ids) {
  if (ids.empty()) return;
  if (!history_settings_.enabled || replaying_) {
    for (const std::string& id : ids) NoteEdit(project_edit::KindOfType<T>(), id, ChangeOp::kRemove);
    return;
  }
  for (size_t i = items.size(); i-- > 0;) {
    if (ids.contains(items[i].id)) LogRemove(items[i], i);
  }
}

template <typename T>
void Project::LogErase(const EntityTable<T>& table, const IdSet& ids) {
  std::vector<size_t> positions;
  positions.reserve(ids.size());
  for (const std::string& id : ids) {
    if (const T* item = table.Find(id); item != nullptr) {
      positions.push_back(project_edit::PositionOf(table.items(), *item));
    }
  }
  std::sort(positions.rbegin(), positions.rend());
  for (size_t i : positions) LogRemove(table.items()[i], i);
}

template <typename T>
absl::StatusOr<std::string> Project::InsertNew(EntityTable<T>& table, T item,
                                               absl::Status (Project::*check)(const T&) const) {
  if (item.id.empty()) item.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(item.id));
  THEMATICA_RETURN_IF_ERROR((this->*check)(item));
  project_edit::StampNew(item, Now());
  std::string id = item.id;
  LogAdd(table.Insert(std::move(item)));
  Touch();
  return id;
}

template <typename T>
absl::Status Project::ReplaceExisting(EntityTable<T>& table, T item, absl::string_view kind,
                                      absl::Status (Project::*check)(const T&) const) {
  T* old = table.FindMutable(item.id);
  if (old == nullptr) return project_edit::NotFound(kind, item.id);
  THEMATICA_RETURN_IF_ERROR((this->*check)(item));
  item.modified = Now();
  LogUpdate(*old);
  *old = std::move(item);
  Touch();
  return absl::OkStatus();
}

template <typename T>
absl::StatusOr<RemovalReport> Project::RemoveOne(EntityTable<T>& table, absl::string_view id,
                                                 absl::string_view kind,
                                                 std::vector<std::string> RemovalReport::*list) {
  if (table.Find(id) == nullptr) return project_edit::NotFound(kind, id);
  RemovalReport report;
  const IdSet gone = {std::string(id)};
  (report.*list).push_back(std::string(id));
  EraseMemosOf(gone, report);
  LogErase(table, gone);
  table.Erase(gone);
  Touch();
  return report;
}

}  // namespace thematica

#endif  // THEMATICA_SRC_PROJECT_EDIT_H_
