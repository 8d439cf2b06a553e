#include "thematica/project.h"

#include "internal/sha256.h"
#include "internal/string_rules.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "thematica/ai.h"
#include "thematica/status_macros.h"

namespace thematica {
namespace {

using IdSet = absl::flat_hash_set<std::string>;

absl::Status CheckInfoStrings(const ProjectInfo& info) {
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

absl::Status NotFound(absl::string_view kind, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(kind, " ", id, " not found"));
}

bool Blank(absl::string_view s) { return absl::StripAsciiWhitespace(s).empty(); }

void AppendCount(std::vector<std::string>& parts, size_t n,
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

}  // namespace

uint64_t Project::StructureStamp::Next() noexcept {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

void Project::NoteEdit(ObjectKind kind, absl::string_view id, ChangeOp op) {
  switch (kind) {
    case ObjectKind::kExcerpt:
      excerpt_journal_.push_back({revision_, op, std::string(id)});
      if (excerpt_journal_.size() > kExcerptJournalLimit) {
        journal_floor_ = excerpt_journal_.front().revision + 1;
        excerpt_journal_.pop_front();
      }
      break;
    case ObjectKind::kAttribute:
    case ObjectKind::kCase:
    case ObjectKind::kDocument:
    case ObjectKind::kCode:
      structure_.Renew();
      break;
    default:
      break;
  }
}

bool Project::ExcerptChangesSince(uint64_t since,
                                  absl::FunctionRef<void(const ExcerptChange&)> f) const {
  if (since < journal_floor_) return false;
  auto it = std::lower_bound(excerpt_journal_.begin(), excerpt_journal_.end(), since,
                             [](const ExcerptChange& c, uint64_t r) { return c.revision < r; });
  for (; it != excerpt_journal_.end(); ++it) f(*it);
  return true;
}

template <typename T>
void Project::LogAdd(const T& added) {
  NoteEdit(KindOfType<T>(), added.id, ChangeOp::kAdd);
  if (!history_settings_.enabled || replaying_) return;
  ChangeRecord r;
  r.op = ChangeOp::kAdd;
  r.kind = KindOfType<T>();
  r.object_id = added.id;
  AppendRecord(std::move(r));
}

template <typename T>
void Project::LogUpdate(const T& before) {
  NoteEdit(KindOfType<T>(), before.id, ChangeOp::kUpdate);
  if (!history_settings_.enabled || replaying_) return;
  ChangeRecord r;
  r.op = ChangeOp::kUpdate;
  r.kind = KindOfType<T>();
  r.object_id = before.id;
  r.before = std::make_shared<const ObjectValue>(before);
  AppendRecord(std::move(r));
}

template <typename T>
void Project::LogRemove(const T& before, size_t position) {
  NoteEdit(KindOfType<T>(), before.id, ChangeOp::kRemove);
  if (!history_settings_.enabled || replaying_) return;
  ChangeRecord r;
  r.op = ChangeOp::kRemove;
  r.kind = KindOfType<T>();
  r.object_id = before.id;
  r.position = static_cast<int64_t>(position);
  r.before = std::make_shared<const ObjectValue>(before);
  AppendRecord(std::move(r));
}

template <typename T>
void Project::LogErase(const std::vector<T>& items, const IdSet& ids) {
  if (ids.empty()) return;
  if (!history_settings_.enabled || replaying_) {
    for (const std::string& id : ids) NoteEdit(KindOfType<T>(), id, ChangeOp::kRemove);
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
    if (const T* item = table.Find(id); item != nullptr) positions.push_back(PositionOf(table.items(), *item));
  }
  std::sort(positions.rbegin(), positions.rend());
  for (size_t i : positions) LogRemove(table.items()[i], i);
}

absl::string_view ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kNone:
      return "none";
    case ObjectKind::kProject:
      return "project";
    case ObjectKind::kCoder:
      return "coder";
    case ObjectKind::kAttribute:
      return "attribute";
    case ObjectKind::kCase:
      return "case";
    case ObjectKind::kDocument:
      return "document";
    case ObjectKind::kCode:
      return "code";
    case ObjectKind::kExcerpt:
      return "excerpt";
    case ObjectKind::kTheme:
      return "theme";
    case ObjectKind::kRelation:
      return "relation";
    case ObjectKind::kMemo:
      return "memo";
    case ObjectKind::kSuggestionRun:
      return "suggestion run";
  }
  return "none";
}

std::string RemovalReport::Summary() const {
  std::vector<std::string> parts;
  AppendCount(parts, codes.size(), "code", "codes");
  AppendCount(parts, excerpts.size(), "excerpt", "excerpts");
  AppendCount(parts, recoded_excerpts.size(), "excerpt recoded",
              "excerpts recoded");
  AppendCount(parts, themes.size(), "theme", "themes");
  AppendCount(parts, relations.size(), "relation", "relations");
  AppendCount(parts, memos.size(), "memo", "memos");
  AppendCount(parts, unlinked_documents.size(), "document unlinked",
              "documents unlinked");
  AppendCount(parts, static_cast<size_t>(unlinked_speaker_turns),
              "speaker turn unlinked", "speaker turns unlinked");
  AppendCount(parts, suggestion_runs.size(), "suggestion run", "suggestion runs");
  AppendCount(parts, static_cast<size_t>(suggestions), "suggestion", "suggestions");
  return parts.empty() ? "nothing else" : absl::StrJoin(parts, ", ");
}

template <typename T>
absl::StatusOr<std::string> Project::InsertNew(EntityTable<T>& table, T item,
                                               absl::Status (Project::*check)(const T&) const) {
  if (item.id.empty()) item.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(item.id));
  THEMATICA_RETURN_IF_ERROR((this->*check)(item));
  StampNew(item, Now());
  std::string id = item.id;
  LogAdd(table.Insert(std::move(item)));
  Touch();
  return id;
}

template <typename T>
absl::Status Project::ReplaceExisting(EntityTable<T>& table, T item, absl::string_view kind,
                                      absl::Status (Project::*check)(const T&) const) {
  T* old = table.FindMutable(item.id);
  if (old == nullptr) return NotFound(kind, item.id);
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
  if (table.Find(id) == nullptr) return NotFound(kind, id);
  RemovalReport report;
  const IdSet gone = {std::string(id)};
  (report.*list).push_back(std::string(id));
  EraseMemosOf(gone, report);
  LogErase(table, gone);
  table.Erase(gone);
  Touch();
  return report;
}

Project::Project(std::string title) {
  info_.id = ids_.Next();
  info_.title = std::move(title);
  info_.created = info_.modified = absl::Now();
}

absl::Status Project::SetInfo(ProjectInfo info) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change the project"));
  THEMATICA_RETURN_IF_ERROR(CheckInfoStrings(info));
  if (!IsCanonicalGuid(info.id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("project id \"", info.id, "\" is not a lower-case GUID"));
  }
  if (!info.creator_id.empty() && !coders_.contains(info.creator_id)) {
    return NotFound("coder", info.creator_id);
  }
  StepGuard guard(*this, "SetInfo");
  LogUpdate(info_);
  info_ = std::move(info);
  return absl::OkStatus();
}

ObjectKind Project::KindOf(absl::string_view id) const {
  if (id.empty()) return ObjectKind::kNone;
  if (id == info_.id) return ObjectKind::kProject;
  if (coders_.contains(id)) return ObjectKind::kCoder;
  if (attributes_.contains(id)) return ObjectKind::kAttribute;
  if (cases_.contains(id)) return ObjectKind::kCase;
  if (documents_.contains(id)) return ObjectKind::kDocument;
  if (codebook_.Find(id) != nullptr) return ObjectKind::kCode;
  if (excerpts_.contains(id)) return ObjectKind::kExcerpt;
  if (themes_.contains(id)) return ObjectKind::kTheme;
  if (relations_.contains(id)) return ObjectKind::kRelation;
  if (memos_.contains(id)) return ObjectKind::kMemo;
  if (runs_.contains(id)) return ObjectKind::kSuggestionRun;
  return ObjectKind::kNone;
}

absl::Status Project::CheckNewId(absl::string_view id) const {
  if (!IsCanonicalGuid(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("id \"", id, "\" is not a lower-case GUID"));
  }
  if (ObjectKind kind = KindOf(id); kind != ObjectKind::kNone) {
    return absl::AlreadyExistsError(absl::StrCat(
        "id ", id, " is already used by a ", ObjectKindName(kind)));
  }
  return absl::OkStatus();
}

// --- Coders -----------------------------------------------------------------

const Coder* Project::FindCoderByName(absl::string_view name) const {
  for (const Coder& c : coders_.items()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

absl::StatusOr<std::string> Project::AddCoder(Coder coder) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a coder"));
  StepGuard guard(*this, "AddCoder");
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(coder, "coder"));
  if (coder.id.empty()) coder.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(coder.id));
  if (Blank(coder.name)) return absl::InvalidArgumentError("a coder needs a name");
  if (FindCoderByName(coder.name) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat("a coder named \"", coder.name, "\" already exists"));
  }
  if (coder.created == absl::InfinitePast()) coder.created = Now();
  std::string id = coder.id;
  LogAdd(coders_.Insert(std::move(coder)));
  Touch();
  return id;
}

absl::Status Project::UpdateCoder(Coder coder) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a coder"));
  StepGuard guard(*this, "UpdateCoder");
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(coder, "coder"));
  Coder* old = coders_.FindMutable(coder.id);
  if (old == nullptr) return NotFound("coder", coder.id);
  if (Blank(coder.name)) return absl::InvalidArgumentError("a coder needs a name");
  const Coder* same = FindCoderByName(coder.name);
  if (same != nullptr && same->id != coder.id) {
    return absl::AlreadyExistsError(
        absl::StrCat("a coder named \"", coder.name, "\" already exists"));
  }
  LogUpdate(*old);
  *old = std::move(coder);
  Touch();
  return absl::OkStatus();
}

absl::Status Project::RemoveCoder(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a coder"));
  StepGuard guard(*this, "RemoveCoder");
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  const Coder* coder = FindCoder(id);
  if (coder == nullptr) return NotFound("coder", id);
  size_t excerpts = 0, memos = 0;
  for (const Excerpt& e : excerpts_.items()) excerpts += e.coder_id == id;
  for (const Excerpt& e : excerpts_.items()) excerpts += e.provenance.coder_id == id && e.coder_id != id;
  for (const Memo& m : memos_.items()) memos += m.author_id == id;
  size_t runs = 0;
  for (const SuggestionRun& r : runs_.items()) runs += r.started_by == id;
  if (excerpts + memos + runs > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "coder \"", coder->name, "\" is still named by ", excerpts,
        " excerpts, ", memos, " memos and ", runs, " suggestion runs"));
  }
  LogRemove(*coder, PositionOf(coders_.items(), *coder));
  coders_.Erase({std::string(id)});
  Touch();
  return absl::OkStatus();
}

// --- Attributes -------------------------------------------------------------

const AttributeDefinition* Project::FindAttributeByName(
    absl::string_view name) const {
  for (const AttributeDefinition& a : attributes_.items()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

absl::StatusOr<std::string> Project::AddAttribute(AttributeDefinition attribute) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add an attribute"));
  StepGuard guard(*this, "AddAttribute");
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(attribute, "attribute"));
  if (attribute.id.empty()) attribute.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(attribute.id));
  if (Blank(attribute.name)) {
    return absl::InvalidArgumentError("an attribute needs a name");
  }
  if (FindAttributeByName(attribute.name) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat(
        "an attribute named \"", attribute.name, "\" already exists"));
  }
  std::string id = attribute.id;
  LogAdd(attributes_.Insert(std::move(attribute)));
  Touch();
  return id;
}

absl::Status Project::UpdateAttribute(AttributeDefinition attribute) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change an attribute"));
  StepGuard guard(*this, "UpdateAttribute");
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(attribute, "attribute"));
  AttributeDefinition* old = attributes_.FindMutable(attribute.id);
  if (old == nullptr) return NotFound("attribute", attribute.id);
  if (Blank(attribute.name)) {
    return absl::InvalidArgumentError("an attribute needs a name");
  }
  const AttributeDefinition* same = FindAttributeByName(attribute.name);
  if (same != nullptr && same->id != attribute.id) {
    return absl::AlreadyExistsError(absl::StrCat(
        "an attribute named \"", attribute.name, "\" already exists"));
  }
  if (attribute.type != old->type) {
    for (const Case& c : cases_.items()) {
      if (c.attributes.contains(attribute.id)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot change the type of attribute \"", old->name, "\" to ",
            AttributeTypeName(attribute.type), ": case \"", c.name,
            "\" holds a ", AttributeTypeName(old->type), " value"));
      }
    }
  }
  LogUpdate(*old);
  *old = std::move(attribute);
  Touch();
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Project::RemoveAttribute(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove an attribute"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  const AttributeDefinition* attribute = FindAttribute(id);
  if (attribute == nullptr) return NotFound("attribute", id);
  StepGuard guard(*this, "RemoveAttribute");
  int64_t removed = 0;
  for (Case& c : cases_.mutable_items()) {
    if (!c.attributes.contains(id)) continue;
    LogUpdate(c);
    removed += static_cast<int64_t>(c.attributes.erase(id));
  }
  LogRemove(*attribute, PositionOf(attributes_.items(), *attribute));
  attributes_.Erase({id});
  Touch();
  return removed;
}

// --- Cases ------------------------------------------------------------------

const Case* Project::FindCaseByName(absl::string_view name) const {
  auto it = case_names_.find(name);
  return it == case_names_.end() ? nullptr : FindCase(it->second);
}

absl::Status Project::CheckCase(const Case& c) const {
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(c, "case"));
  if (Blank(c.name)) return absl::InvalidArgumentError("a case needs a name");
  const Case* same = FindCaseByName(c.name);
  if (same != nullptr && same->id != c.id) {
    return absl::AlreadyExistsError(
        absl::StrCat("a case named \"", c.name, "\" already exists"));
  }
  if (!c.creator_id.empty() && !coders_.contains(c.creator_id)) {
    return NotFound("coder", c.creator_id);
  }
  for (const auto& [attribute_id, value] : c.attributes) {
    const AttributeDefinition* a = FindAttribute(attribute_id);
    if (a == nullptr) return NotFound("attribute", attribute_id);
    if (value.type() != a->type) {
      return absl::InvalidArgumentError(absl::StrCat(
          "attribute \"", a->name, "\" of case \"", c.name, "\" is ",
          AttributeTypeName(a->type), ", not ",
          AttributeTypeName(value.type()), " (value \"", value.ToString(),
          "\")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Project::AddCase(Case c) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a case"));
  StepGuard guard(*this, "AddCase");
  std::string name = c.name;
  THEMATICA_ASSIGN_OR_RETURN(std::string id, InsertNew(cases_, std::move(c), &Project::CheckCase));
  case_names_[std::move(name)] = id;
  return id;
}

absl::Status Project::UpdateCase(Case c) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a case"));
  StepGuard guard(*this, "UpdateCase");
  const Case* old = FindCase(c.id);
  const std::string old_name = old == nullptr ? "" : old->name;
  const std::string id = c.id, name = c.name;
  THEMATICA_RETURN_IF_ERROR(ReplaceExisting(cases_, std::move(c), "case", &Project::CheckCase));
  case_names_.erase(old_name);
  case_names_[name] = id;
  return absl::OkStatus();
}

absl::Status Project::SetCaseAttribute(absl::string_view case_id,
                                       absl::string_view attribute_id,
                                       std::optional<AttributeValue> value) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a case"));
  const Case* c = FindCase(case_id);
  if (c == nullptr) return NotFound("case", case_id);
  StepGuard guard(*this, "SetCaseAttribute");
  Case updated = *c;
  if (value.has_value()) {
    updated.attributes[std::string(attribute_id)] = *std::move(value);
  } else {
    if (FindAttribute(attribute_id) == nullptr) {
      return NotFound("attribute", attribute_id);
    }
    updated.attributes.erase(std::string(attribute_id));
  }
  return UpdateCase(std::move(updated));
}

const AttributeValue* Project::CaseAttribute(
    absl::string_view case_id, absl::string_view attribute_id) const {
  const Case* c = FindCase(case_id);
  if (c == nullptr) return nullptr;
  auto it = c->attributes.find(std::string(attribute_id));
  return it == c->attributes.end() ? nullptr : &it->second;
}

absl::StatusOr<RemovalReport> Project::RemoveCase(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a case"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  if (FindCase(id) == nullptr) return NotFound("case", id);
  StepGuard guard(*this, "RemoveCase");
  RemovalReport report;
  for (Document& d : documents_.mutable_items()) {
    if (d.case_id != id && std::none_of(d.speaker_turns.begin(), d.speaker_turns.end(),
                                        [&](const SpeakerTurn& t) { return t.case_id == id; })) {
      continue;
    }
    LogUpdate(d);
    bool touched = false;
    if (d.case_id == id) {
      d.case_id.clear();
      touched = true;
    }
    for (SpeakerTurn& t : d.speaker_turns) {
      if (t.case_id == id) {
        t.case_id.clear();
        ++report.unlinked_speaker_turns;
        touched = true;
      }
    }
    if (touched) report.unlinked_documents.push_back(d.id);
  }
  const IdSet gone = {std::string(id)};
  EraseMemosOf(gone, report);
  case_names_.erase(FindCase(id)->name);
  LogErase(cases_, gone);
  cases_.Erase(gone);
  Touch();
  return report;
}

// --- Documents ----------------------------------------------------------------

const Document* Project::FindDocumentByName(absl::string_view name) const {
  auto it = document_names_.find(name);
  return it == document_names_.end() ? nullptr : FindDocument(it->second);
}

absl::Status Project::CheckDocument(const Document& d) const {
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(d, "document"));
  if (Blank(d.name)) return absl::InvalidArgumentError("a document needs a name");
  const Document* same = FindDocumentByName(d.name);
  if (same != nullptr && same->id != d.id) {
    return absl::AlreadyExistsError(
        absl::StrCat("a document named \"", d.name, "\" already exists"));
  }
  if (absl::Status s = ValidateUtf8(d.text); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("text of document \"", d.name, "\": ", s.message()));
  }
  if (!d.case_id.empty() && !cases_.contains(d.case_id)) {
    return NotFound("case", d.case_id);
  }
  if (!d.creator_id.empty() && !coders_.contains(d.creator_id)) {
    return NotFound("coder", d.creator_id);
  }
  const int64_t length = CodePointCount(d.text);
  for (const SpeakerTurn& t : d.speaker_turns) {
    if (t.span.start < 0 || t.span.end <= t.span.start || t.span.end > length) {
      return absl::OutOfRangeError(absl::StrCat(
          "speaker turn ", SpanToString(t.span), " of document \"", d.name,
          "\" is not a non-empty range within its ", length, " code points"));
    }
    if (!t.case_id.empty() && !cases_.contains(t.case_id)) {
      return NotFound("case", t.case_id);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Project::AddDocument(Document document) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a document"));
  StepGuard guard(*this, "AddDocument");
  std::string name = document.name;
  TextIndex index(document.text);
  THEMATICA_ASSIGN_OR_RETURN(std::string id,
                             InsertNew(documents_, std::move(document), &Project::CheckDocument));
  text_indexes_[id] = std::move(index);
  document_names_[std::move(name)] = id;
  return id;
}

absl::Status Project::UpdateDocument(Document document) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a document"));
  StepGuard guard(*this, "UpdateDocument");
  Document* old = documents_.FindMutable(document.id);
  if (old == nullptr) return NotFound("document", document.id);
  THEMATICA_RETURN_IF_ERROR(CheckDocument(document));
  const bool text_changed = document.text != old->text;
  if (text_changed) {
    const int64_t length = CodePointCount(document.text);
    for (const Excerpt& e : excerpts_.items()) {
      if (e.document_id == document.id && e.span.end > length) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the new text of \"", document.name, "\" has ", length,
            " code points; excerpt ", e.id, " covers ", SpanToString(e.span)));
      }
    }
  }
  document.modified = Now();
  if (text_changed) text_indexes_[document.id] = TextIndex(document.text);
  document_names_.erase(old->name);
  document_names_[document.name] = document.id;
  LogUpdate(*old);
  *old = std::move(document);
  Touch();
  return absl::OkStatus();
}

absl::StatusOr<RemovalReport> Project::RemoveDocument(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a document"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  if (FindDocument(id) == nullptr) return NotFound("document", id);
  StepGuard guard(*this, "RemoveDocument");
  RemovalReport report;
  IdSet gone = {std::string(id)};
  IdSet excerpts;
  for (const Excerpt& e : excerpts_.items()) {
    if (e.document_id == id) {
      excerpts.insert(e.id);
      report.excerpts.push_back(e.id);
    }
  }
  gone.insert(excerpts.begin(), excerpts.end());
  EraseMemosOf(gone, report);
  LogErase(excerpts_, excerpts);
  excerpts_.Erase(excerpts);
  EraseSuggestionsOf([&](const Suggestion& x) { return x.document_id == id; }, report);
  document_names_.erase(FindDocument(id)->name);
  const Document* document = FindDocument(id);
  LogRemove(*document, PositionOf(documents_.items(), *document));
  documents_.Erase({std::string(id)});
  text_indexes_.erase(id);
  Touch();
  return report;
}

absl::StatusOr<int64_t> Project::DocumentLength(
    absl::string_view document_id) const {
  const TextIndex* index = DocumentIndex(document_id);
  if (index == nullptr) return NotFound("document", document_id);
  return index->length();
}

const TextIndex* Project::DocumentIndex(absl::string_view document_id) const {
  auto it = text_indexes_.find(document_id);
  return it == text_indexes_.end() ? nullptr : &it->second;
}

absl::StatusOr<absl::string_view> Project::DocumentText(
    absl::string_view document_id, Span span) const {
  const Document* d = FindDocument(document_id);
  if (d == nullptr) return NotFound("document", document_id);
  const TextIndex& index = text_indexes_.at(document_id);
  if (span.start < 0 || span.end < span.start || span.end > index.length()) {
    return absl::OutOfRangeError(absl::StrCat(
        "range ", SpanToString(span), " is outside document \"", d->name,
        "\" (", index.length(), " code points)"));
  }
  return index.Slice(d->text, span);
}

// --- Codes ------------------------------------------------------------------

absl::StatusOr<std::string> Project::AddCode(Code code) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a code"));
  StepGuard guard(*this, "AddCode");
  if (code.id.empty()) code.id = NewId();
  THEMATICA_RETURN_IF_ERROR(CheckNewId(code.id));
  if (!code.creator_id.empty() && !coders_.contains(code.creator_id)) {
    return NotFound("coder", code.creator_id);
  }
  StampNew(code, Now());
  THEMATICA_ASSIGN_OR_RETURN(std::string id, codebook_.Add(std::move(code), ids_));
  LogAdd(*codebook_.Find(id));
  Touch();
  return id;
}

absl::Status Project::UpdateCode(Code code) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a code"));
  StepGuard guard(*this, "UpdateCode");
  const Code* old = codebook_.Find(code.id);
  if (old == nullptr) return NotFound("code", code.id);
  if (!code.creator_id.empty() && !coders_.contains(code.creator_id)) {
    return NotFound("coder", code.creator_id);
  }
  if (old->codable && !code.codable) {
    for (const Excerpt& e : excerpts_.items()) {
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
  THEMATICA_RETURN_IF_ERROR(codebook_.Update(std::move(code)));
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
  for (const std::string& a : codebook_.Ancestors(target_id)) {
    if (a == source_id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot merge \"", source->name, "\" into its own descendant \"",
          target->name, "\""));
    }
  }
  if (!target->codable) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot merge into \"", target->name, "\": it is not codable"));
  }
  // Check every precondition before changing anything.
  const std::vector<std::string> children = codebook_.Children(source_id);
  for (const std::string& child_id : children) {
    const Code* child = FindCode(child_id);
    if (codebook_.FindChild(target_id, child->name) != nullptr) {
      return absl::AlreadyExistsError(absl::StrCat(
          "cannot merge \"", source->name, "\" into \"", target->name,
          "\": both have a child code named \"", child->name, "\""));
    }
  }
  const std::string source_key(source_id), target_key(target_id);
  Codebook book = codebook_;  // Staged so a failure changes nothing.
  for (const std::string& child_id : children) {
    THEMATICA_RETURN_IF_ERROR(book.Move(child_id, target_key));
  }
  book.Erase({source_key});
  StepGuard guard(*this, "MergeCodes");
  for (const std::string& child_id : children) LogUpdate(*codebook_.Find(child_id));
  LogErase(codebook_.codes(), {source_key});
  codebook_ = std::move(book);
  const absl::Time now = Now();
  auto replace = [&](std::vector<std::string>& ids) {
    bool changed = false;
    bool has_target = false;
    std::vector<std::string> out;
    out.reserve(ids.size());
    for (std::string& id : ids) {
      if (id == source_key) {
        changed = true;
        id = target_key;
      }
      if (id == target_key) {
        if (has_target) continue;
        has_target = true;
      }
      out.push_back(std::move(id));
    }
    ids = std::move(out);
    return changed;
  };
  auto uses_source = [&](const std::vector<std::string>& ids) {
    return std::find(ids.begin(), ids.end(), source_key) != ids.end();
  };
  for (Excerpt& e : excerpts_.mutable_items()) {
    if (!uses_source(e.code_ids)) continue;
    LogUpdate(e);
    if (replace(e.code_ids)) e.modified = now;
  }
  for (Theme& t : themes_.mutable_items()) {
    if (!uses_source(t.code_ids)) continue;
    LogUpdate(t);
    if (replace(t.code_ids)) t.modified = now;
  }
  for (Relation& r : relations_.mutable_items()) {
    if (r.source_id != source_key && r.target_id != source_key) continue;
    LogUpdate(r);
    if (r.source_id == source_key) r.source_id = target_key;
    if (r.target_id == source_key) r.target_id = target_key;
  }
  for (Memo& m : memos_.mutable_items()) {
    if (m.target_id != source_key) continue;
    LogUpdate(m);
    m.target_id = target_key;
  }
  for (SuggestionRun& r : runs_.mutable_items()) {
    replace(r.code_ids);
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
  for (std::string& d : codebook_.Descendants(id)) gone.insert(std::move(d));
  if (!cascade) {
    if (gone.size() > 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          "code \"", code->name, "\" has ", gone.size() - 1,
          " child codes; remove them first or ask to cascade"));
    }
    size_t used = 0;
    for (const Excerpt& e : excerpts_.items()) {
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
  for (const Code& c : codebook_.codes()) {
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
  for (Excerpt& e : excerpts_.mutable_items()) {
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
  for (Theme& t : themes_.mutable_items()) {
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
  LogErase(excerpts_, excerpts_gone);
  excerpts_.Erase(excerpts_gone);
  EraseSuggestionsOf([&](const Suggestion& x) { return gone.contains(x.code_id); }, report);
  for (SuggestionRun& r : runs_.mutable_items()) drop(r.code_ids);
  LogErase(codebook_.codes(), gone);
  codebook_.Erase(gone);
  Touch();
  return report;
}

// --- Excerpts ---------------------------------------------------------------

absl::Status Project::CheckExcerpt(const Excerpt& e) const {
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(e, "excerpt"));
  const Document* d = FindDocument(e.document_id);
  if (d == nullptr) return NotFound("document", e.document_id);
  const int64_t length = text_indexes_.at(e.document_id).length();
  if (e.span.start < 0 || e.span.end <= e.span.start || e.span.end > length) {
    return absl::OutOfRangeError(absl::StrCat(
        "excerpt range ", SpanToString(e.span), " is not a non-empty range of document \"",
        d->name, "\" (", length, " code points)"));
  }
  if (e.code_ids.empty()) {
    return absl::InvalidArgumentError("an excerpt needs at least one code");
  }
  for (size_t i = 0; i < e.code_ids.size(); ++i) {
    const Code* c = FindCode(e.code_ids[i]);
    if (c == nullptr) return NotFound("code", e.code_ids[i]);
    if (!c->codable) {
      return absl::FailedPreconditionError(
          absl::StrCat("code \"", c->name, "\" is not codable"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (e.code_ids[j] == e.code_ids[i]) {
        return absl::InvalidArgumentError(absl::StrCat(
            "code \"", c->name, "\" is given twice to one excerpt"));
      }
    }
  }
  if (!e.coder_id.empty() && !coders_.contains(e.coder_id)) {
    return NotFound("coder", e.coder_id);
  }
  if (!e.provenance.coder_id.empty() && !coders_.contains(e.provenance.coder_id)) {
    return NotFound("coder", e.provenance.coder_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Project::AddExcerpt(Excerpt excerpt) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add an excerpt"));
  StepGuard guard(*this, "AddExcerpt");
  return InsertNew(excerpts_, std::move(excerpt), &Project::CheckExcerpt);
}

absl::Status Project::UpdateExcerpt(Excerpt excerpt) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change an excerpt"));
  StepGuard guard(*this, "UpdateExcerpt");
  return ReplaceExisting(excerpts_, std::move(excerpt), "excerpt", &Project::CheckExcerpt);
}

absl::StatusOr<RemovalReport> Project::RemoveExcerpt(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove an excerpt"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  StepGuard guard(*this, "RemoveExcerpt");
  return RemoveOne(excerpts_, id, "excerpt", &RemovalReport::excerpts);
}

absl::StatusOr<absl::string_view> Project::ExcerptText(absl::string_view id) const {
  const Excerpt* e = FindExcerpt(id);
  if (e == nullptr) return NotFound("excerpt", id);
  return ExcerptText(*e);
}

absl::string_view Project::ExcerptText(const Excerpt& excerpt) const {
  const Document* d = FindDocument(excerpt.document_id);
  if (d == nullptr) return {};
  return text_indexes_.at(excerpt.document_id).Slice(d->text, excerpt.span);
}

std::vector<const Excerpt*> Project::Excerpts(const ExcerptFilter& filter) const {
  IdSet codes;
  if (!filter.code_id.empty()) {
    codes.insert(filter.code_id);
    if (filter.include_descendants) {
      for (std::string& d : codebook_.Descendants(filter.code_id)) {
        codes.insert(std::move(d));
      }
    }
  }
  std::vector<const Excerpt*> out;
  for (const Excerpt& e : excerpts_.items()) {
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
  const Document* d = FindDocument(excerpt.document_id);
  if (d == nullptr) return out;
  for (const SpeakerTurn& t : d->speaker_turns) {
    if (!t.case_id.empty() && t.span.Overlaps(excerpt.span) &&
        std::find(out.begin(), out.end(), t.case_id) == out.end()) {
      out.push_back(t.case_id);
    }
  }
  if (out.empty() && !d->case_id.empty()) out.push_back(d->case_id);
  return out;
}

std::vector<CodeCount> Project::CodeCounts(bool include_descendants) const {
  const std::vector<Code>& codes = codebook_.codes();
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
        for (const std::string& a : codebook_.Ancestors(codes[i].id)) feeds[i].push_back(position.at(a));
      }
    }
    return feeds[i];
  };
  std::vector<int64_t> excerpt_counts(codes.size(), 0);
  std::vector<absl::flat_hash_set<absl::string_view>> documents(codes.size());
  std::vector<absl::flat_hash_set<std::string>> cases(codes.size());
  std::vector<size_t> targets;
  for (const Excerpt& e : excerpts_.items()) {
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

// --- Themes -------------------------------------------------------------------

const Theme* Project::FindThemeByName(absl::string_view name,
                                      absl::string_view parent_id) const {
  for (const Theme& t : themes_.items()) {
    if (t.name == name && t.parent_id == parent_id) return &t;
  }
  return nullptr;
}

absl::Status Project::CheckTheme(const Theme& theme) const {
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(theme, "theme"));
  if (Blank(theme.name)) return absl::InvalidArgumentError("a theme needs a name");
  if (!theme.parent_id.empty()) {
    if (!themes_.contains(theme.parent_id)) {
      return NotFound("parent theme", theme.parent_id);
    }
    // Walk up from the new parent: meeting the theme itself means a cycle.
    absl::string_view cur = theme.parent_id;
    size_t steps = 0;
    while (!cur.empty() && steps++ <= themes_.size()) {
      if (cur == theme.id) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot place theme \"", theme.name, "\" under \"",
            FindTheme(theme.parent_id)->name,
            "\": it is the theme itself or one of its sub-themes"));
      }
      const Theme* t = FindTheme(cur);
      cur = t == nullptr ? absl::string_view() : absl::string_view(t->parent_id);
    }
  }
  const Theme* same = FindThemeByName(theme.name, theme.parent_id);
  if (same != nullptr && same->id != theme.id) {
    return absl::AlreadyExistsError(absl::StrCat(
        "a theme named \"", theme.name, "\" already exists ",
        theme.parent_id.empty()
            ? std::string("at the top level")
            : absl::StrCat("under \"", FindTheme(theme.parent_id)->name, "\"")));
  }
  for (size_t i = 0; i < theme.code_ids.size(); ++i) {
    if (FindCode(theme.code_ids[i]) == nullptr) {
      return NotFound("code", theme.code_ids[i]);
    }
    for (size_t j = 0; j < i; ++j) {
      if (theme.code_ids[j] == theme.code_ids[i]) {
        return absl::InvalidArgumentError(absl::StrCat(
            "code \"", FindCode(theme.code_ids[i])->name,
            "\" is listed twice under theme \"", theme.name, "\""));
      }
    }
  }
  if (!theme.creator_id.empty() && !coders_.contains(theme.creator_id)) {
    return NotFound("coder", theme.creator_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Project::AddTheme(Theme theme) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a theme"));
  StepGuard guard(*this, "AddTheme");
  THEMATICA_ASSIGN_OR_RETURN(theme.color, NormalizeColor(theme.color));
  return InsertNew(themes_, std::move(theme), &Project::CheckTheme);
}

absl::Status Project::UpdateTheme(Theme theme) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a theme"));
  StepGuard guard(*this, "UpdateTheme");
  THEMATICA_ASSIGN_OR_RETURN(theme.color, NormalizeColor(theme.color));
  return ReplaceExisting(themes_, std::move(theme), "theme", &Project::CheckTheme);
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
  for (const Theme& t : themes_.items()) {
    if (gone.contains(t.id)) report.themes.push_back(t.id);
  }
  EraseRelationsOf(gone, report);
  EraseMemosOf(gone, report);
  LogErase(themes_, gone);
  themes_.Erase(gone);
  Touch();
  return report;
}

std::vector<std::string> Project::ThemeChildren(absl::string_view id) const {
  std::vector<std::string> out;
  for (const Theme& t : themes_.items()) {
    if (t.parent_id == id) out.push_back(t.id);
  }
  return out;
}

std::vector<std::string> Project::ThemeDescendants(absl::string_view id) const {
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> stack = ThemeChildren(id);
  std::reverse(stack.begin(), stack.end());
  while (!stack.empty()) {
    std::string next = std::move(stack.back());
    stack.pop_back();
    if (!seen.insert(next).second) continue;
    std::vector<std::string> children = ThemeChildren(next);
    out.push_back(std::move(next));
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
      stack.push_back(std::move(*it));
    }
  }
  return out;
}

int Project::ThemeDepth(absl::string_view id) const {
  int depth = 0;
  const Theme* t = FindTheme(id);
  while (t != nullptr && !t->parent_id.empty() &&
         depth <= static_cast<int>(themes_.size())) {
    ++depth;
    t = FindTheme(t->parent_id);
  }
  return depth;
}

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
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(r, "relation"));
  for (const std::string* end : {&r.source_id, &r.target_id}) {
    const ObjectKind kind = KindOf(*end);
    if (kind != ObjectKind::kTheme && kind != ObjectKind::kCode) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a relation connects themes or codes; ", end->empty() ? std::string("(empty id)") : *end,
          " is ", kind == ObjectKind::kNone ? "unknown" : absl::StrCat("a ", ObjectKindName(kind))));
    }
  }
  if (!r.creator_id.empty() && !coders_.contains(r.creator_id)) {
    return NotFound("coder", r.creator_id);
  }
  if (r.source_id == r.target_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("a relation needs two different ends; both are ", r.source_id));
  }
  if (absl::StripAsciiWhitespace(r.label).empty()) {
    return absl::InvalidArgumentError(
        "a relation needs a label that says how its ends relate (e.g. \"function of\")");
  }
  for (const Relation& other : relations_.items()) {
    if (other.id != r.id && other.source_id == r.source_id && other.target_id == r.target_id &&
        other.label == r.label && other.direction == r.direction) {
      return absl::AlreadyExistsError(absl::StrCat("the same relation \"", r.label,
                                                   "\" between these ends exists already: ", other.id));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Project::AddRelation(Relation relation) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a relation"));
  StepGuard guard(*this, "AddRelation");
  return InsertNew(relations_, std::move(relation), &Project::CheckRelation);
}

absl::Status Project::UpdateRelation(Relation relation) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a relation"));
  StepGuard guard(*this, "UpdateRelation");
  return ReplaceExisting(relations_, std::move(relation), "relation", &Project::CheckRelation);
}

absl::StatusOr<RemovalReport> Project::RemoveRelation(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a relation"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  StepGuard guard(*this, "RemoveRelation");
  return RemoveOne(relations_, id, "relation", &RemovalReport::relations);
}

// --- Memos ------------------------------------------------------------------

absl::Status Project::CheckMemo(const Memo& memo) const {
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(memo, "memo"));
  if (!memo.target_id.empty() && KindOf(memo.target_id) == ObjectKind::kNone) {
    return NotFound("memo target", memo.target_id);
  }
  if (!memo.author_id.empty() && !coders_.contains(memo.author_id)) {
    return NotFound("coder", memo.author_id);
  }
  if (absl::Status s = ValidateUtf8(memo.text); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("memo text: ", s.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Project::AddMemo(Memo memo) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a memo"));
  StepGuard guard(*this, "AddMemo");
  return InsertNew(memos_, std::move(memo), &Project::CheckMemo);
}

absl::Status Project::UpdateMemo(Memo memo) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a memo"));
  StepGuard guard(*this, "UpdateMemo");
  return ReplaceExisting(memos_, std::move(memo), "memo", &Project::CheckMemo);
}

absl::Status Project::RemoveMemo(absl::string_view id_view) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "remove a memo"));
  // A copy: `id` may point into the object being removed.
  const std::string id(id_view);
  const Memo* memo = FindMemo(id);
  if (memo == nullptr) return NotFound("memo", id);
  StepGuard guard(*this, "RemoveMemo");
  LogRemove(*memo, PositionOf(memos_.items(), *memo));
  memos_.Erase({std::string(id)});
  Touch();
  return absl::OkStatus();
}

std::vector<const Memo*> Project::MemosFor(absl::string_view target_id) const {
  std::vector<const Memo*> out;
  for (const Memo& m : memos_.items()) {
    if (m.target_id == target_id) out.push_back(&m);
  }
  return out;
}

void Project::EraseMemosOf(const IdSet& targets, RemovalReport& report) {
  IdSet memos;
  for (const Memo& m : memos_.items()) {
    if (targets.contains(m.target_id)) {
      memos.insert(m.id);
      report.memos.push_back(m.id);
    }
  }
  LogErase(memos_, memos);
  memos_.Erase(memos);
}

void Project::EraseRelationsOf(const IdSet& ends, RemovalReport& report) {
  IdSet relations;
  for (const Relation& r : relations_.items()) {
    if (ends.contains(r.source_id) || ends.contains(r.target_id)) {
      relations.insert(r.id);
      report.relations.push_back(r.id);
    }
  }
  // Memos on removed relations go too.
  EraseMemosOf(relations, report);
  LogErase(relations_, relations);
  relations_.Erase(relations);
}

// --- Bulk loading and validation ----------------------------------------------

void Project::InsertCoderUnchecked(Coder coder) { coders_.Insert(std::move(coder)); }
void Project::InsertAttributeUnchecked(AttributeDefinition attribute) {
  structure_.Renew();
  attributes_.Insert(std::move(attribute));
}
void Project::InsertCaseUnchecked(Case c) {
  structure_.Renew();
  case_names_.emplace(c.name, c.id);  // A repeated name is left to Validate().
  cases_.Insert(std::move(c));
}
void Project::InsertDocumentUnchecked(Document document) {
  structure_.Renew();
  // Invalid UTF-8 is reported by Validate(); index what is there.
  text_indexes_[document.id] =
      ValidateUtf8(document.text).ok() ? TextIndex(document.text) : TextIndex();
  document_names_.emplace(document.name, document.id);
  documents_.Insert(std::move(document));
}
void Project::InsertCodeUnchecked(Code code) {
  structure_.Renew();
  codebook_.InsertUnchecked(std::move(code));
}
void Project::InsertExcerptUnchecked(Excerpt excerpt) {
  structure_.Renew();
  excerpts_.Insert(std::move(excerpt));
}
void Project::InsertThemeUnchecked(Theme theme) { themes_.Insert(std::move(theme)); }
void Project::InsertRelationUnchecked(Relation relation) {
  relations_.Insert(std::move(relation));
}
void Project::InsertMemoUnchecked(Memo memo) { memos_.Insert(std::move(memo)); }
void Project::InsertSuggestionRunUnchecked(SuggestionRun run) { runs_.Insert(std::move(run)); }

void Project::Reserve(size_t documents, size_t excerpts) {
  documents_.Reserve(documents);
  document_names_.reserve(documents);
  text_indexes_.reserve(documents);
  excerpts_.Reserve(excerpts);
}

std::vector<std::string> Project::Validate() const {
  std::vector<std::string> problems;
  auto problem = [&](auto&&... parts) {
    problems.push_back(absl::StrCat(parts...));
  };
  if (!IsCanonicalGuid(info_.id)) problem("project id \"", info_.id, "\" is not a lower-case GUID");
  if (!info_.creator_id.empty() && !coders_.contains(info_.creator_id)) {
    problem("project: creator ", info_.creator_id, " is not a coder");
  }
  // Ids: canonical and unique across kinds.
  absl::flat_hash_map<absl::string_view, absl::string_view> owner;
  auto claim = [&](absl::string_view id, absl::string_view kind) {
    if (!IsCanonicalGuid(id)) {
      problem(kind, " id \"", id, "\" is not a lower-case GUID");
      return;
    }
    auto [it, inserted] = owner.emplace(id, kind);
    if (!inserted) problem(kind, " id ", id, " is already used by a ", it->second);
  };
  owner.reserve(coders_.size() + documents_.size() + excerpts_.size() + 16);
  claim(info_.id, "project");
  for (const Coder& c : coders_.items()) claim(c.id, "coder");
  for (const AttributeDefinition& a : attributes_.items()) claim(a.id, "attribute");
  for (const Case& c : cases_.items()) claim(c.id, "case");
  for (const Document& d : documents_.items()) claim(d.id, "document");
  for (const Code& c : codebook_.codes()) claim(c.id, "code");
  for (const Excerpt& e : excerpts_.items()) claim(e.id, "excerpt");
  for (const Theme& t : themes_.items()) claim(t.id, "theme");
  for (const Relation& r : relations_.items()) claim(r.id, "relation");
  for (const Memo& m : memos_.items()) claim(m.id, "memo");
  for (const SuggestionRun& r : runs_.items()) {
    claim(r.id, "suggestion run");
    for (const Suggestion& x : r.suggestions) claim(x.id, "suggestion");
  }

  // Every string is UTF-8 (the rule the edits follow, internal/string_rules.h).
  if (absl::Status st = CheckInfoStrings(info_); !st.ok()) problem(st.message());
  auto strings = [&](const auto& items, absl::string_view kind) {
    for (const auto& item : items) {
      if (absl::Status st = internal::CheckStrings(item, kind); !st.ok()) problem(st.message());
    }
  };
  strings(coders_.items(), "coder");
  strings(attributes_.items(), "attribute");
  strings(cases_.items(), "case");
  strings(documents_.items(), "document");
  strings(codebook_.codes(), "code");
  strings(excerpts_.items(), "excerpt");
  strings(themes_.items(), "theme");
  strings(relations_.items(), "relation");
  strings(memos_.items(), "memo");

  auto coder_ok = [&](absl::string_view id) { return id.empty() || coders_.contains(id); };
  absl::flat_hash_set<absl::string_view> names;
  for (const Coder& c : coders_.items()) {
    if (Blank(c.name)) problem("coder ", c.id, ": empty name");
    if (!names.insert(c.name).second) problem("coder ", c.id, ": name \"", c.name, "\" used twice");
  }
  names.clear();
  for (const AttributeDefinition& a : attributes_.items()) {
    if (Blank(a.name)) problem("attribute ", a.id, ": empty name");
    if (!names.insert(a.name).second) problem("attribute ", a.id, ": name \"", a.name, "\" used twice");
  }
  names.clear();
  for (const Case& c : cases_.items()) {
    const std::string where = absl::StrCat("case ", c.id, " (\"", c.name, "\")");
    if (Blank(c.name)) problem(where, ": empty name");
    if (!names.insert(c.name).second) problem(where, ": name used twice");
    if (!coder_ok(c.creator_id)) problem(where, ": creator ", c.creator_id, " is not a coder");
    for (const auto& [attribute_id, value] : c.attributes) {
      const AttributeDefinition* a = FindAttribute(attribute_id);
      if (a == nullptr) {
        problem(where, ": value for unknown attribute ", attribute_id);
      } else if (a->type != value.type()) {
        problem(where, ": attribute \"", a->name, "\" is ", AttributeTypeName(a->type),
                " but holds a ", AttributeTypeName(value.type()), " value");
      }
    }
  }
  names.clear();
  for (const Document& d : documents_.items()) {
    const std::string where = absl::StrCat("document ", d.id, " (\"", d.name, "\")");
    if (Blank(d.name)) problem(where, ": empty name");
    if (!names.insert(d.name).second) problem(where, ": name used twice");
    if (absl::Status s = ValidateUtf8(d.text); !s.ok()) problem(where, ": text: ", s.message());
    if (!d.case_id.empty() && !cases_.contains(d.case_id)) {
      problem(where, ": case ", d.case_id, " not found");
    }
    if (!coder_ok(d.creator_id)) problem(where, ": creator ", d.creator_id, " is not a coder");
    const int64_t length = DocumentIndex(d.id)->length();
    for (const SpeakerTurn& t : d.speaker_turns) {
      if (t.span.start < 0 || t.span.end <= t.span.start || t.span.end > length) {
        problem(where, ": speaker turn ", SpanToString(t.span), " outside its ",
                length, " code points");
      }
      if (!t.case_id.empty() && !cases_.contains(t.case_id)) {
        problem(where, ": speaker turn names unknown case ", t.case_id);
      }
    }
  }
  for (std::string& p : codebook_.Problems()) problems.push_back(std::move(p));
  for (const Code& c : codebook_.codes()) {
    if (!coder_ok(c.creator_id)) problem("code ", c.id, ": creator ", c.creator_id, " is not a coder");
  }
  for (const Excerpt& e : excerpts_.items()) {
    const std::string where = absl::StrCat("excerpt ", e.id);
    const TextIndex* index = DocumentIndex(e.document_id);
    if (index == nullptr) {
      problem(where, ": document ", e.document_id, " not found");
    } else if (e.span.start < 0 || e.span.end <= e.span.start ||
               e.span.end > index->length()) {
      problem(where, ": range ", SpanToString(e.span), " outside its document's ",
              index->length(), " code points");
    }
    if (e.code_ids.empty()) problem(where, ": no codes");
    for (size_t i = 0; i < e.code_ids.size(); ++i) {
      const Code* c = FindCode(e.code_ids[i]);
      if (c == nullptr) {
        problem(where, ": code ", e.code_ids[i], " not found");
      } else if (!c->codable) {
        problem(where, ": code \"", c->name, "\" is not codable");
      }
      for (size_t j = 0; j < i; ++j) {
        if (e.code_ids[j] == e.code_ids[i]) problem(where, ": code ", e.code_ids[i], " given twice");
      }
    }
    if (!coder_ok(e.coder_id)) problem(where, ": coder ", e.coder_id, " not found");
    if (!coder_ok(e.provenance.coder_id)) {
      problem(where, ": provenance coder ", e.provenance.coder_id, " not found");
    }
  }
  for (const SuggestionRun& r : runs_.items()) {
    for (std::string& p : RunProblems(r)) problems.push_back(std::move(p));
  }
  absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> theme_names;
  for (const Theme& t : themes_.items()) {
    const std::string where = absl::StrCat("theme ", t.id, " (\"", t.name, "\")");
    if (Blank(t.name)) problem(where, ": empty name");
    if (!theme_names.insert({t.parent_id, t.name}).second) problem(where, ": name repeated among siblings");
    if (!t.parent_id.empty() && !themes_.contains(t.parent_id)) {
      problem(where, ": parent theme ", t.parent_id, " not found");
    }
    if (ThemeDepth(t.id) > static_cast<int>(themes_.size())) problem(where, ": its parents form a cycle");
    absl::flat_hash_set<absl::string_view> seen;
    for (const std::string& c : t.code_ids) {
      if (FindCode(c) == nullptr) problem(where, ": code ", c, " not found");
      if (!seen.insert(c).second) problem(where, ": code ", c, " listed twice");
    }
    if (absl::StatusOr<std::string> color = NormalizeColor(t.color); !color.ok() || *color != t.color) {
      problem(where, ": colour \"", t.color, "\" not in #rrggbb form");
    }
    if (!coder_ok(t.creator_id)) problem(where, ": creator ", t.creator_id, " is not a coder");
  }
  for (const Relation& r : relations_.items()) {
    for (const std::string* end : {&r.source_id, &r.target_id}) {
      const ObjectKind kind = KindOf(*end);
      if (kind != ObjectKind::kTheme && kind != ObjectKind::kCode) {
        problem("relation ", r.id, ": end ", *end, " is not a theme or code");
      }
    }
    if (!coder_ok(r.creator_id)) problem("relation ", r.id, ": creator ", r.creator_id, " is not a coder");
  }
  for (const Memo& m : memos_.items()) {
    if (!m.target_id.empty() && KindOf(m.target_id) == ObjectKind::kNone) {
      problem("memo ", m.id, ": target ", m.target_id, " not found");
    }
    if (!coder_ok(m.author_id)) problem("memo ", m.id, ": author ", m.author_id, " is not a coder");
    if (absl::Status s = ValidateUtf8(m.text); !s.ok()) problem("memo ", m.id, ": text: ", s.message());
  }
  return problems;
}


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
  for (const Code& c : codebook_.codes()) {
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
  if (!r.started_by.empty() && !coders_.contains(r.started_by)) {
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
    for (const SuggestionRun& other : runs_.items()) {
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
  runs_.Insert(std::move(run));
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
    for (const Excerpt& e : excerpts_.items()) {
      if (e.provenance.kind == ProvenanceKind::kModel && e.provenance.run_id == id) {
        excerpts.insert(e.id);
        report.excerpts.push_back(e.id);
      }
    }
    gone.insert(excerpts.begin(), excerpts.end());
    // Not in the change log (suggestion runs are not), but in the journal.
    for (const std::string& e : excerpts) NoteEdit(ObjectKind::kExcerpt, e, ChangeOp::kRemove);
    excerpts_.Erase(excerpts);
  }
  EraseMemosOf(gone, report);
  runs_.Erase({id});
  Touch();
  return report;
}

absl::StatusOr<std::string> Project::AcceptSuggestion(absl::string_view run_id,
                                                      absl::string_view suggestion_id,
                                                      std::optional<Span> span,
                                                      absl::string_view coder_id) {
  THEMATICA_RETURN_IF_ERROR(CheckAiEnabled());
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "accept a suggestion"));
  SuggestionRun* run = runs_.FindMutable(run_id);
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
                             InsertNew(excerpts_, std::move(e), &Project::CheckExcerpt));
  x->status = SuggestionStatus::kAccepted;
  x->excerpt_id = excerpt_id;
  return excerpt_id;
}

absl::Status Project::RejectSuggestion(absl::string_view run_id, absl::string_view suggestion_id) {
  THEMATICA_RETURN_IF_ERROR(CheckAiEnabled());
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "reject a suggestion"));
  SuggestionRun* run = runs_.FindMutable(run_id);
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
  for (SuggestionRun& r : runs_.mutable_items()) {
    const size_t before = r.suggestions.size();
    r.suggestions.erase(std::remove_if(r.suggestions.begin(), r.suggestions.end(),
                                       [&](const Suggestion& x) { return gone(x); }),
                        r.suggestions.end());
    report.suggestions += static_cast<int64_t>(before - r.suggestions.size());
  }
}

}  // namespace thematica
