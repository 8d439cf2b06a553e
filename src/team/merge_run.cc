// The three-way merge's driver (Merger::Run) and what it needs: the
// references of each kind of object, restoring tentatively deleted objects
// still in use, removing with cascades.
#include "team/merger.h"

#include "internal/project_loader.h"

namespace thematica::team {
namespace {

// Calls `use(id)` for every id `x` refers to.
template <typename F>
void Refs(const Case& x, F use) {
  use(x.creator_id);
  for (const auto& [k, v] : x.attributes) use(k);
}
template <typename F>
void Refs(const Document& x, F use) {
  use(x.case_id);
  use(x.creator_id);
  for (const SpeakerTurn& t : x.speaker_turns) use(t.case_id);
}
template <typename F>
void Refs(const Code& x, F use) {
  use(x.parent_id);
  use(x.creator_id);
}
template <typename F>
void Refs(const Excerpt& x, F use) {
  use(x.document_id);
  use(x.coder_id);
  for (const std::string& id : x.code_ids) use(id);
}
template <typename F>
void Refs(const Theme& x, F use) {
  use(x.parent_id);
  use(x.creator_id);
  for (const std::string& id : x.code_ids) use(id);
}
template <typename F>
void Refs(const Relation& x, F use) {
  use(x.source_id);
  use(x.target_id);
  use(x.creator_id);
}
template <typename F>
void Refs(const Memo& x, F use) {
  use(x.author_id);
  use(x.target_id);
}
template <typename F>
void Refs(const ProjectInfo& x, F use) {
  use(x.creator_id);
}
template <typename F>
void Refs(const Coder&, F) {}
template <typename F>
void Refs(const AttributeDefinition&, F) {}

absl::Status RemoveCascading(Project& p, ObjectKind kind, const std::string& id) {
  switch (kind) {
    case ObjectKind::kCoder: return p.RemoveCoder(id);
    case ObjectKind::kAttribute: return p.RemoveAttribute(id).status();
    case ObjectKind::kCase: return p.RemoveCase(id).status();
    case ObjectKind::kDocument: return p.RemoveDocument(id).status();
    case ObjectKind::kCode: return p.RemoveCode(id, /*cascade=*/true).status();
    case ObjectKind::kExcerpt: return p.RemoveExcerpt(id).status();
    case ObjectKind::kTheme: return p.RemoveTheme(id, /*cascade=*/true).status();
    case ObjectKind::kRelation: return p.RemoveRelation(id).status();
    case ObjectKind::kMemo: return p.RemoveMemo(id);
    default: return absl::OkStatus();
  }
}

}  // namespace

absl::flat_hash_set<std::string> Merger::Restore(
    const std::vector<Coder>& coders, const std::vector<AttributeDefinition>& attributes,
    const std::vector<Case>& cases, const std::vector<Document>& documents, const std::vector<Code>& codes,
    const std::vector<Excerpt>& excerpts, const std::vector<Theme>& themes, const std::vector<Relation>& relations,
    const std::vector<Memo>& memos, const ProjectInfo& info) {
  absl::flat_hash_set<std::string> restored;
  if (tentative_.empty()) return restored;
  // Who uses each tentatively deleted object (one user is enough), and what
  // the tentatively deleted objects use in turn.
  absl::flat_hash_map<std::string, std::string> used_by;
  absl::flat_hash_map<std::string, std::vector<std::string>> tentative_refs;
  auto scan = [&](const auto& items) {
    for (const auto& item : items) {
      const bool is_tentative = tentative_.contains(item.id);
      Refs(item, [&](const std::string& id) {
        if (id.empty() || !tentative_.contains(id)) return;
        if (is_tentative) tentative_refs[item.id].push_back(id);
        else used_by.emplace(id, item.id);
      });
    }
  };
  scan(coders), scan(attributes), scan(cases), scan(documents), scan(codes), scan(excerpts), scan(themes),
      scan(relations), scan(memos);
  Refs(info, [&](const std::string& id) {
    if (tentative_.contains(id)) used_by.emplace(id, info.id);
  });
  std::vector<std::string> queue;
  for (const auto& [id, user] : used_by) queue.push_back(id);
  std::sort(queue.begin(), queue.end());
  while (!queue.empty()) {
    std::string id = std::move(queue.back());
    queue.pop_back();
    if (!restored.insert(id).second) continue;
    for (const std::string& next : tentative_refs[id]) {
      used_by.emplace(next, id);
      if (!restored.contains(next)) queue.push_back(next);
    }
  }
  std::vector<std::string> ordered(restored.begin(), restored.end());
  std::sort(ordered.begin(), ordered.end());
  for (const std::string& id : ordered) {
    const Deletion& d = tentative_.at(id);
    const std::string& user = used_by.at(id);
    MergeConflict c{.type = ConflictType::kDeletedUsed,
                    .kind = d.kind,
                    .object_id = id,
                    .name = d.name,
                    .field = "exists",
                    .base = std::string(kKept),
                    .ours = std::string(d.by_ours ? kDeleted : kKept),
                    .theirs = std::string(d.by_ours ? kKept : kDeleted),
                    .default_resolution = d.by_ours ? "theirs" : "ours",
                    .default_value = std::string(kKept)};
    const ObjectKind user_kind = [&] {
      for (const Project* p : {&ours_, &theirs_}) {
        if (ObjectKind k = p->KindOf(user); k != ObjectKind::kNone) return k;
      }
      return ObjectKind::kNone;
    }();
    c.message = absl::StrCat(ObjectKindName(d.kind), " \"", d.name, "\": deleted by ", d.by_ours ? "ours" : "theirs",
                             " but used by ", d.by_ours ? "theirs" : "ours", " (", ObjectKindName(user_kind), " ",
                             user, "); kept by default");
    const Choice choice = Decide(std::move(c));
    const bool deleted = (choice.which == Choice::kOurs && d.by_ours) ||
                         (choice.which == Choice::kTheirs && !d.by_ours) ||
                         (choice.which == Choice::kValue && choice.value == kDeleted);
    if (choice.which == Choice::kValue && choice.value != kDeleted && choice.value != kKept) {
      Fail(conflicts_.back(), absl::InvalidArgumentError("expected ours, theirs, deleted or kept"));
    }
    if (deleted) remove_after_.emplace_back(d.kind, id);
  }
  return restored;
}

absl::StatusOr<MergeResult> Merger::Build(Merged& m, const absl::flat_hash_set<std::string>& restored) {
  auto gone = [&](const std::string& id) { return tentative_.contains(id) && !restored.contains(id); };
  internal::ProjectLoader load;
  load.Reserve(m.documents.size(), m.excerpts.size());
  load.SetInfo(std::move(m.info));
  auto insert = [&](auto& items) {
    for (auto& item : items) {
      if (!gone(item.id)) load.Add(std::move(item));
    }
  };
  insert(m.coders);
  insert(m.attributes);
  insert(m.cases);
  insert(m.documents);
  insert(m.codes);
  insert(m.excerpts);
  insert(m.themes);
  insert(m.relations);
  insert(m.memos);
  MergeResult result;
  THEMATICA_ASSIGN_OR_RETURN(
      result.project, std::move(load).Finish([](std::vector<std::string> problems) {
        if (problems.size() > 10) problems.resize(10);
        return absl::FailedPreconditionError(
            absl::StrCat("the merged project would be inconsistent (resolve the conflicts differently or fix "
                         "one side first): ",
                         absl::StrJoin(problems, "; ")));
      }));
  Project& p = result.project;
  for (const auto& [kind, id] : remove_after_) {
    if (p.KindOf(id) == ObjectKind::kNone) continue;  // Already gone with another removal.
    if (absl::Status s = RemoveCascading(p, kind, id); !s.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot delete ", ObjectKindName(kind), " ", id, " as resolved: ", s.message()));
    }
  }
  return result;
}

absl::StatusOr<MergeResult> Merger::Run() {
  const auto doc_spec = team::DocumentSpec();
  const auto excerpt_spec = team::ExcerptSpec();
  const auto case_spec = team::CaseSpec();
  auto generic = [this](const auto& spec) {
    return [this, &spec](const auto* b, const auto* o, const auto* t) { return MergeGeneric(spec, b, o, t); };
  };
  ProjectInfo info = ours_.info();
  {
    const KindSpec<ProjectInfo> spec = team::ProjectInfoSpec();
    MergeFields(spec, &base_.info(), ours_.info(), theirs_.info(), info, ours_.id(),
                [&] { return ours_.title(); }, 0);
  }
  const auto coder_spec = team::CoderSpec();
  const auto attribute_spec = team::AttributeSpec();
  const auto code_spec = team::CodeSpec();
  const auto theme_spec = team::ThemeSpec();
  const auto relation_spec = team::RelationSpec();
  const auto memo_spec = team::MemoSpec();
  std::vector<Coder> coders = MergeKind(coder_spec, generic(coder_spec));
  std::vector<AttributeDefinition> attributes = MergeKind(attribute_spec, generic(attribute_spec));
  std::vector<Case> cases =
      MergeKind(case_spec, [&](const Case* b, const Case* o, const Case* t) { return MergeCase(case_spec, b, o, t); });
  std::vector<Document> documents = MergeKind(
      doc_spec, [&](const Document* b, const Document* o, const Document* t) { return MergeDocument(doc_spec, b, o, t); });
  std::vector<Code> codes = MergeKind(code_spec, generic(code_spec));
  std::vector<Excerpt> excerpts = MergeKind(excerpt_spec, [&](const Excerpt* b, const Excerpt* o, const Excerpt* t) {
    return MergeExcerpt(excerpt_spec, b, o, t);
  });
  std::vector<Theme> themes = MergeKind(theme_spec, generic(theme_spec));
  std::vector<Relation> relations = MergeKind(relation_spec, generic(relation_spec));
  std::vector<Memo> memos = MergeKind(memo_spec, generic(memo_spec));
  if (!error_.ok()) return error_;

  const absl::flat_hash_set<std::string> restored =
      Restore(coders, attributes, cases, documents, codes, excerpts, themes, relations, memos, info);
  if (!error_.ok()) return error_;
  auto no_scope = [](const auto&) { return std::string(); };
  auto parent = [](const auto& item) { return item.parent_id; };
  Dedupe(coder_spec, coders, no_scope, restored);
  Dedupe(attribute_spec, attributes, no_scope, restored);
  Dedupe(case_spec, cases, no_scope, restored);
  Dedupe(doc_spec, documents, no_scope, restored);
  BreakCycles(code_spec, codes);
  BreakCycles(theme_spec, themes);
  Dedupe(code_spec, codes, parent, restored);
  Dedupe(theme_spec, themes, parent, restored);
  if (!error_.ok()) return error_;

  Merged merged{std::move(info), std::move(coders), std::move(attributes), std::move(cases),
                std::move(documents), std::move(codes), std::move(excerpts), std::move(themes),
                std::move(relations), std::move(memos)};
  THEMATICA_ASSIGN_OR_RETURN(MergeResult result, Build(merged, restored));
  result.conflicts = std::move(conflicts_);
  return result;
}

}  // namespace thematica::team
