// The change log of a Project: recording steps, undo and redo, compaction.
// The recording calls themselves (LogAdd, LogUpdate, …) sit beside the edits
// in project.cc.
#include <algorithm>

#include "internal/project_store.h"
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "thematica/project.h"

namespace thematica {

absl::string_view ChangeOpName(ChangeOp op) {
  switch (op) {
    case ChangeOp::kAdd:
      return "add";
    case ChangeOp::kUpdate:
      return "update";
    case ChangeOp::kRemove:
      return "remove";
  }
  return "add";
}

ObjectKind KindOfValue(const ObjectValue& value) {
  static constexpr ObjectKind kKinds[] = {
      ObjectKind::kProject, ObjectKind::kCoder,   ObjectKind::kAttribute, ObjectKind::kCase,
      ObjectKind::kDocument, ObjectKind::kCode,   ObjectKind::kExcerpt,   ObjectKind::kTheme,
      ObjectKind::kRelation, ObjectKind::kMemo};
  static_assert(std::variant_size_v<ObjectValue> == std::size(kKinds));
  return kKinds[value.index()];
}

const std::string& IdOfValue(const ObjectValue& value) {
  return std::visit([](const auto& v) -> const std::string& { return v.id; }, value);
}

// --- Steps -------------------------------------------------------------------

Project::StepGuard::StepGuard(Project& p, const char* summary) : project(p) {
  if (p.scope_depth_++ == 0) p.scope_summary_ = summary;
}

Project::StepGuard::~StepGuard() {
  if (--project.scope_depth_ == 0) project.open_step_ = 0;
}

void Project::BeginChange(std::string summary) {
  if (scope_depth_++ == 0) scope_summary_ = std::move(summary);
}

void Project::EndChange() {
  if (scope_depth_ > 0 && --scope_depth_ == 0) open_step_ = 0;
}

Project::ChangeScope::ChangeScope(Project& project, std::string summary) : project_(project) {
  project.BeginChange(std::move(summary));
}

Project::ChangeScope::~ChangeScope() { project_.EndChange(); }

void Project::AppendRecord(ChangeRecord record) {
  record.seq = history_settings_.next_seq++;
  if (open_step_ == 0 || scope_depth_ == 0) open_step_ = record.seq;
  record.step = open_step_;
  record.time = Now();
  record.coder_id = current_coder_;
  record.summary = scope_summary_;
  history_.push_back(std::move(record));
  redo_.clear();
}

void Project::SetHistoryEnabled(bool enabled) {
  if (enabled == history_settings_.enabled) return;
  history_settings_.enabled = enabled;
  if (!enabled) {
    // Changes made from now on are not logged, so no step logged so far can
    // be undone safely.
    history_settings_.undo_floor = history_settings_.next_seq;
    redo_.clear();
  }
}

absl::Status Project::SetCurrentCoder(absl::string_view id_or_name) {
  if (id_or_name.empty()) {
    current_coder_.clear();
    return absl::OkStatus();
  }
  const Coder* coder = FindCoder(id_or_name);
  if (coder == nullptr) coder = FindCoderByName(id_or_name);
  if (coder == nullptr) {
    return absl::NotFoundError(absl::StrCat("no coder with id or name \"", id_or_name, "\""));
  }
  current_coder_ = coder->id;
  return absl::OkStatus();
}

void Project::SetHistoryUnchecked(std::vector<ChangeRecord> history, HistorySettings settings) {
  history_ = std::move(history);
  int64_t next = settings.next_seq;
  for (const ChangeRecord& r : history_) next = std::max(next, r.seq + 1);
  settings.next_seq = next;
  history_settings_ = settings;
  redo_.clear();
}

bool Project::CanUndo() const {
  return !history_.empty() && history_.back().step >= history_settings_.undo_floor;
}

int64_t Project::CompactHistory(std::optional<int64_t> keep_steps,
                                std::optional<absl::Time> before) {
  size_t cut = 0;
  if (before.has_value()) {
    while (cut < history_.size() && history_[cut].time < *before) ++cut;
    while (cut > 0 && cut < history_.size() && history_[cut].step == history_[cut - 1].step) ++cut;
  }
  if (keep_steps.has_value()) {
    size_t keep_from = history_.size();
    int64_t steps = 0;
    while (keep_from > 0 && steps < *keep_steps) {
      const int64_t step = history_[keep_from - 1].step;
      while (keep_from > 0 && history_[keep_from - 1].step == step) --keep_from;
      ++steps;
    }
    cut = std::max(cut, keep_from);
  }
  history_.erase(history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(cut));
  return static_cast<int64_t>(cut);
}

// --- Raw edits for undo and redo -----------------------------------------------

std::optional<ObjectValue> Project::ValueOf(ObjectKind kind, absl::string_view id) const {
  auto copy = [](const auto* p) -> std::optional<ObjectValue> {
    if (p == nullptr) return std::nullopt;
    return ObjectValue(*p);
  };
  switch (kind) {
    case ObjectKind::kProject:
      return ObjectValue(info_);
    case ObjectKind::kCoder:
      return copy(FindCoder(id));
    case ObjectKind::kAttribute:
      return copy(FindAttribute(id));
    case ObjectKind::kCase:
      return copy(FindCase(id));
    case ObjectKind::kDocument:
      return copy(FindDocument(id));
    case ObjectKind::kCode:
      return copy(FindCode(id));
    case ObjectKind::kExcerpt:
      return copy(FindExcerpt(id));
    case ObjectKind::kTheme:
      return copy(FindTheme(id));
    case ObjectKind::kRelation:
      return copy(FindRelation(id));
    case ObjectKind::kMemo:
      return copy(FindMemo(id));
    case ObjectKind::kSuggestionRun:  // Not in the change log.
    case ObjectKind::kNone:
      break;
  }
  return std::nullopt;
}

void Project::RawInsert(const ObjectValue& value, int64_t position) {
  NoteEdit(KindOfValue(value), IdOfValue(value), ChangeOp::kAdd);
  const size_t at = position < 0 ? static_cast<size_t>(-1) : static_cast<size_t>(position);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ProjectInfo>) {
          info_ = v;
        } else if constexpr (std::is_same_v<T, Code>) {
          store_->codebook.InsertUncheckedAt(at, v);
        } else {
          if constexpr (std::is_same_v<T, Case>) store_->case_names[v.name] = v.id;
          if constexpr (std::is_same_v<T, Document>) {
            store_->text_indexes[v.id] = TextIndex(v.text);
            store_->document_names[v.name] = v.id;
          }
          store_->Table<T>().InsertAt(at, v);
        }
      },
      value);
}

void Project::RawReplace(const ObjectValue& value) {
  NoteEdit(KindOfValue(value), IdOfValue(value), ChangeOp::kUpdate);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ProjectInfo>) {
          info_ = v;
        } else if constexpr (std::is_same_v<T, Code>) {
          store_->codebook.ReplaceUnchecked(v);
        } else {
          T* old = store_->Table<T>().FindMutable(v.id);
          if constexpr (std::is_same_v<T, Case>) {
            store_->case_names.erase(old->name);
            store_->case_names[v.name] = v.id;
          }
          if constexpr (std::is_same_v<T, Document>) {
            store_->document_names.erase(old->name);
            store_->document_names[v.name] = v.id;
            if (old->text != v.text) store_->text_indexes[v.id] = TextIndex(v.text);
          }
          *old = v;
        }
      },
      value);
}

void Project::RawErase(ObjectKind kind, const std::string& id) {
  NoteEdit(kind, id, ChangeOp::kRemove);
  const absl::flat_hash_set<std::string> ids = {id};
  switch (kind) {
    case ObjectKind::kCoder:
      return store_->coders.Erase(ids);
    case ObjectKind::kAttribute:
      return store_->attributes.Erase(ids);
    case ObjectKind::kCase:
      store_->case_names.erase(FindCase(id)->name);
      return store_->cases.Erase(ids);
    case ObjectKind::kDocument:
      store_->document_names.erase(FindDocument(id)->name);
      store_->text_indexes.erase(id);
      return store_->documents.Erase(ids);
    case ObjectKind::kCode:
      return store_->codebook.Erase(ids);
    case ObjectKind::kExcerpt:
      return store_->excerpts.Erase(ids);
    case ObjectKind::kTheme:
      return store_->themes.Erase(ids);
    case ObjectKind::kRelation:
      return store_->relations.Erase(ids);
    case ObjectKind::kMemo:
      return store_->memos.Erase(ids);
    case ObjectKind::kSuggestionRun:
    case ObjectKind::kProject:
    case ObjectKind::kNone:
      break;
  }
}

// --- Undo and redo -------------------------------------------------------------

namespace {

// Tracks which objects exist while a step is checked record by record, so
// that undo and redo can refuse before changing anything.
class Presence {
 public:
  explicit Presence(const Project& project) : project_(project) {}
  bool Exists(const ChangeRecord& r) const {
    if (r.kind == ObjectKind::kProject) return true;
    auto it = overlay_.find(r.object_id);
    return it != overlay_.end() ? it->second : project_.KindOf(r.object_id) == r.kind;
  }
  void Set(const ChangeRecord& r, bool exists) { overlay_[r.object_id] = exists; }

 private:
  const Project& project_;
  absl::flat_hash_map<std::string, bool> overlay_;
};

absl::Status Mismatch(const ChangeRecord& r, absl::string_view what, absl::string_view state) {
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot ", what, " change ", r.seq, " (", ChangeOpName(r.op), " ", ObjectKindName(r.kind),
      " ", r.object_id, "): the ", ObjectKindName(r.kind), " ", state,
      "; the project no longer matches its change log"));
}

}  // namespace

absl::StatusOr<std::string> Project::Undo() {
  if (history_.empty()) return absl::NotFoundError("nothing to undo: the change log is empty");
  const int64_t step = history_.back().step;
  if (step < history_settings_.undo_floor) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot undo change ", history_.back().seq,
        ": the change log was switched off after it, so later edits were not recorded"));
  }
  size_t first = history_.size();
  while (first > 0 && history_[first - 1].step == step) --first;
  Presence presence(*this);
  for (size_t i = history_.size(); i-- > first;) {
    const ChangeRecord& r = history_[i];
    const bool exists = presence.Exists(r);
    if (r.op != ChangeOp::kAdd && r.before == nullptr) return Mismatch(r, "undo", "was not kept");
    if (r.op == ChangeOp::kRemove ? exists : !exists) {
      return Mismatch(r, "undo", exists ? "exists" : "is missing");
    }
    presence.Set(r, r.op == ChangeOp::kRemove);
  }
  RedoStep redo;
  redo.records.assign(history_.begin() + static_cast<std::ptrdiff_t>(first), history_.end());
  redo.after.resize(redo.records.size());
  replaying_ = true;
  for (size_t i = redo.records.size(); i-- > 0;) {
    const ChangeRecord& r = redo.records[i];
    if (r.op != ChangeOp::kRemove) redo.after[i] = ValueOf(r.kind, r.object_id);
    switch (r.op) {
      case ChangeOp::kAdd:
        RawErase(r.kind, r.object_id);
        break;
      case ChangeOp::kUpdate:
        RawReplace(*r.before);
        break;
      case ChangeOp::kRemove:
        RawInsert(*r.before, r.position);
        break;
    }
  }
  replaying_ = false;
  std::string summary = redo.records.front().summary;
  history_.resize(first);
  redo_.push_back(std::move(redo));
  Touch();
  return summary;
}

absl::StatusOr<std::string> Project::Redo() {
  if (redo_.empty()) return absl::NotFoundError("nothing to redo");
  const RedoStep& step = redo_.back();
  Presence presence(*this);
  for (size_t i = 0; i < step.records.size(); ++i) {
    const ChangeRecord& r = step.records[i];
    const bool exists = presence.Exists(r);
    if (r.op != ChangeOp::kRemove && !step.after[i].has_value()) {
      return Mismatch(r, "redo", "was not kept");
    }
    if (r.op == ChangeOp::kAdd ? exists : !exists) {
      return Mismatch(r, "redo", exists ? "exists" : "is missing");
    }
    presence.Set(r, r.op != ChangeOp::kRemove);
  }
  replaying_ = true;
  for (size_t i = 0; i < step.records.size(); ++i) {
    const ChangeRecord& r = step.records[i];
    switch (r.op) {
      case ChangeOp::kAdd:
        RawInsert(*step.after[i], -1);
        break;
      case ChangeOp::kUpdate:
        RawReplace(*step.after[i]);
        break;
      case ChangeOp::kRemove:
        RawErase(r.kind, r.object_id);
        break;
    }
  }
  replaying_ = false;
  std::string summary = step.records.front().summary;
  history_.insert(history_.end(), step.records.begin(), step.records.end());
  redo_.pop_back();
  Touch();
  return summary;
}

}  // namespace thematica
