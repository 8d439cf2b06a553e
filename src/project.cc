// Project: the project itself, coders, attributes, cases and documents.
#include "thematica/project.h"

#include "internal/project_store.h"

#include <algorithm>
#include <atomic>
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

Project::Project(std::string title) : Project(ProjectOptions{.title = std::move(title)}) {}

Project::Project(ProjectOptions options) : fixed_clock_(options.fixed_clock) {
  if (options.id_seed.has_value()) ids_ = IdGenerator(*options.id_seed);
  info_.id = ids_.Next();
  info_.title = std::move(options.title);
  info_.description = std::move(options.description);
  info_.created = info_.modified = Now();
}

absl::Status Project::SetInfo(ProjectInfo info) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change the project"));
  internal::FirstViolation first;
  internal::InfoStringRules(info, first);
  internal::InfoRules(*this, info, first);
  THEMATICA_RETURN_IF_ERROR(first.status());
  StepGuard guard(*this, "SetInfo");
  LogUpdate(info_);
  info_ = std::move(info);
  return absl::OkStatus();
}

ObjectKind Project::KindOf(absl::string_view id) const {
  if (id.empty()) return ObjectKind::kNone;
  if (id == info_.id) return ObjectKind::kProject;
  if (store_->coders.contains(id)) return ObjectKind::kCoder;
  if (store_->attributes.contains(id)) return ObjectKind::kAttribute;
  if (store_->cases.contains(id)) return ObjectKind::kCase;
  if (store_->documents.contains(id)) return ObjectKind::kDocument;
  if (store_->codebook.Find(id) != nullptr) return ObjectKind::kCode;
  if (store_->excerpts.contains(id)) return ObjectKind::kExcerpt;
  if (store_->themes.contains(id)) return ObjectKind::kTheme;
  if (store_->relations.contains(id)) return ObjectKind::kRelation;
  if (store_->memos.contains(id)) return ObjectKind::kMemo;
  if (store_->runs.contains(id)) return ObjectKind::kSuggestionRun;
  return ObjectKind::kNone;
}

absl::Status Project::CheckNewId(absl::string_view id) const {
  const ObjectKind kind = KindOf(id);
  internal::FirstViolation first;
  internal::IdRules("", id, kind == ObjectKind::kNone ? "" : ObjectKindName(kind), first);
  return first.status();
}

namespace {

// The coder and attribute rules at edit time: a name is taken when another
// object of the kind holds it.
absl::Status CheckCoder(const Project& p, const Coder& c) {
  const Coder* same = p.FindCoderByName(c.name);
  internal::FirstViolation first;
  internal::CoderRules(c, same != nullptr && same->id != c.id, first);
  return first.status();
}
absl::Status CheckAttribute(const Project& p, const AttributeDefinition& a) {
  const AttributeDefinition* same = p.FindAttributeByName(a.name);
  internal::FirstViolation first;
  internal::AttributeRules(a, same != nullptr && same->id != a.id, first);
  return first.status();
}

}  // namespace

// --- Coders -----------------------------------------------------------------

const Coder* Project::FindCoderByName(absl::string_view name) const {
  for (const Coder& c : store_->coders.items()) {
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
  THEMATICA_RETURN_IF_ERROR(CheckCoder(*this, coder));
  if (coder.created == absl::InfinitePast()) coder.created = Now();
  std::string id = coder.id;
  LogAdd(store_->coders.Insert(std::move(coder)));
  Touch();
  return id;
}

absl::Status Project::UpdateCoder(Coder coder) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a coder"));
  StepGuard guard(*this, "UpdateCoder");
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(coder, "coder"));
  Coder* old = store_->coders.FindMutable(coder.id);
  if (old == nullptr) return NotFound("coder", coder.id);
  THEMATICA_RETURN_IF_ERROR(CheckCoder(*this, coder));
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
  for (const Excerpt& e : store_->excerpts.items()) excerpts += e.coder_id == id;
  for (const Excerpt& e : store_->excerpts.items()) excerpts += e.provenance.coder_id == id && e.coder_id != id;
  for (const Memo& m : store_->memos.items()) memos += m.author_id == id;
  size_t runs = 0;
  for (const SuggestionRun& r : store_->runs.items()) runs += r.started_by == id;
  if (excerpts + memos + runs > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "coder \"", coder->name, "\" is still named by ", excerpts,
        " excerpts, ", memos, " memos and ", runs, " suggestion runs"));
  }
  LogRemove(*coder, PositionOf(store_->coders.items(), *coder));
  store_->coders.Erase({std::string(id)});
  Touch();
  return absl::OkStatus();
}

// --- Attributes -------------------------------------------------------------

const AttributeDefinition* Project::FindAttributeByName(
    absl::string_view name) const {
  for (const AttributeDefinition& a : store_->attributes.items()) {
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
  THEMATICA_RETURN_IF_ERROR(CheckAttribute(*this, attribute));
  std::string id = attribute.id;
  LogAdd(store_->attributes.Insert(std::move(attribute)));
  Touch();
  return id;
}

absl::Status Project::UpdateAttribute(AttributeDefinition attribute) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change an attribute"));
  StepGuard guard(*this, "UpdateAttribute");
  THEMATICA_RETURN_IF_ERROR(internal::CheckStrings(attribute, "attribute"));
  AttributeDefinition* old = store_->attributes.FindMutable(attribute.id);
  if (old == nullptr) return NotFound("attribute", attribute.id);
  THEMATICA_RETURN_IF_ERROR(CheckAttribute(*this, attribute));
  if (attribute.type != old->type) {
    for (const Case& c : store_->cases.items()) {
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
  for (Case& c : store_->cases.mutable_items()) {
    if (!c.attributes.contains(id)) continue;
    LogUpdate(c);
    removed += static_cast<int64_t>(c.attributes.erase(id));
  }
  LogRemove(*attribute, PositionOf(store_->attributes.items(), *attribute));
  store_->attributes.Erase({id});
  Touch();
  return removed;
}

// --- Cases ------------------------------------------------------------------

const Case* Project::FindCaseByName(absl::string_view name) const {
  auto it = store_->case_names.find(name);
  return it == store_->case_names.end() ? nullptr : FindCase(it->second);
}

absl::Status Project::CheckCase(const Case& c) const {
  const Case* same = FindCaseByName(c.name);
  internal::FirstViolation first;
  internal::StringRules(c, "case", first);
  internal::CaseRules(*this, c, same != nullptr && same->id != c.id, first);
  return first.status();
}

absl::StatusOr<std::string> Project::AddCase(Case c) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a case"));
  StepGuard guard(*this, "AddCase");
  std::string name = c.name;
  THEMATICA_ASSIGN_OR_RETURN(std::string id, InsertNew(store_->cases, std::move(c), &Project::CheckCase));
  store_->case_names[std::move(name)] = id;
  return id;
}

absl::Status Project::UpdateCase(Case c) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a case"));
  StepGuard guard(*this, "UpdateCase");
  const Case* old = FindCase(c.id);
  const std::string old_name = old == nullptr ? "" : old->name;
  const std::string id = c.id, name = c.name;
  THEMATICA_RETURN_IF_ERROR(ReplaceExisting(store_->cases, std::move(c), "case", &Project::CheckCase));
  store_->case_names.erase(old_name);
  store_->case_names[name] = id;
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
  for (Document& d : store_->documents.mutable_items()) {
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
  store_->case_names.erase(FindCase(id)->name);
  LogErase(store_->cases, gone);
  store_->cases.Erase(gone);
  Touch();
  return report;
}

// --- Documents ----------------------------------------------------------------

const Document* Project::FindDocumentByName(absl::string_view name) const {
  auto it = store_->document_names.find(name);
  return it == store_->document_names.end() ? nullptr : FindDocument(it->second);
}

absl::Status Project::CheckDocument(const Document& d) const {
  const Document* same = FindDocumentByName(d.name);
  internal::FirstViolation first;
  internal::StringRules(d, "document", first);
  internal::DocumentRules(*this, d, same != nullptr && same->id != d.id, CodePointCount(d.text), first);
  return first.status();
}

absl::StatusOr<std::string> Project::AddDocument(Document document) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "add a document"));
  StepGuard guard(*this, "AddDocument");
  std::string name = document.name;
  TextIndex index(document.text);
  THEMATICA_ASSIGN_OR_RETURN(std::string id,
                             InsertNew(store_->documents, std::move(document), &Project::CheckDocument));
  store_->text_indexes[id] = std::move(index);
  store_->document_names[std::move(name)] = id;
  return id;
}

absl::Status Project::UpdateDocument(Document document) {
  THEMATICA_RETURN_IF_ERROR(CheckPermission(Permission::kFull, "change a document"));
  StepGuard guard(*this, "UpdateDocument");
  Document* old = store_->documents.FindMutable(document.id);
  if (old == nullptr) return NotFound("document", document.id);
  THEMATICA_RETURN_IF_ERROR(CheckDocument(document));
  const bool text_changed = document.text != old->text;
  if (text_changed) {
    const int64_t length = CodePointCount(document.text);
    for (const Excerpt& e : store_->excerpts.items()) {
      if (e.document_id == document.id && e.span.end > length) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the new text of \"", document.name, "\" has ", length,
            " code points; excerpt ", e.id, " covers ", SpanToString(e.span)));
      }
    }
  }
  document.modified = Now();
  if (text_changed) store_->text_indexes[document.id] = TextIndex(document.text);
  store_->document_names.erase(old->name);
  store_->document_names[document.name] = document.id;
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
  for (const Excerpt& e : store_->excerpts.items()) {
    if (e.document_id == id) {
      excerpts.insert(e.id);
      report.excerpts.push_back(e.id);
    }
  }
  gone.insert(excerpts.begin(), excerpts.end());
  EraseMemosOf(gone, report);
  LogErase(store_->excerpts, excerpts);
  store_->excerpts.Erase(excerpts);
  EraseSuggestionsOf([&](const Suggestion& x) { return x.document_id == id; }, report);
  store_->document_names.erase(FindDocument(id)->name);
  const Document* document = FindDocument(id);
  LogRemove(*document, PositionOf(store_->documents.items(), *document));
  store_->documents.Erase({std::string(id)});
  store_->text_indexes.erase(id);
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
  auto it = store_->text_indexes.find(document_id);
  return it == store_->text_indexes.end() ? nullptr : &it->second;
}

absl::StatusOr<absl::string_view> Project::DocumentText(
    absl::string_view document_id, Span span) const {
  const Document* d = FindDocument(document_id);
  if (d == nullptr) return NotFound("document", document_id);
  const TextIndex& index = store_->text_indexes.at(document_id);
  if (span.start < 0 || span.end < span.start || span.end > index.length()) {
    return absl::OutOfRangeError(absl::StrCat(
        "range ", SpanToString(span), " is outside document \"", d->name,
        "\" (", index.length(), " code points)"));
  }
  return index.Slice(d->text, span);
}

}  // namespace thematica
