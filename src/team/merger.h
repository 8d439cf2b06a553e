// Private to src/team: the three-way merge of projects (merge.h) — the
// Merger's state and its member templates, shared by merge.cc (documents,
// cases, excerpts and the public calls) and merge_run.cc (the merge driver,
// restoring what is still used). Not installed.
#ifndef THEMATICA_SRC_TEAM_MERGER_H_
#define THEMATICA_SRC_TEAM_MERGER_H_

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "team/fields.h"
#include "team/text_diff.h"
#include "thematica/text.h"
#include "absl/functional/function_ref.h"
#include "thematica/status_macros.h"
#include "thematica/merge.h"

namespace thematica::team {

using team::FieldSpec;
using team::KindSpec;
using team::TextMap;

constexpr absl::string_view kDeleted = "deleted";
constexpr absl::string_view kKept = "kept";

inline ConflictType TypeFor(ObjectKind kind, absl::string_view field) {
  if (kind == ObjectKind::kCode && field == "name") return ConflictType::kCodeRenamed;
  if (kind == ObjectKind::kCode && field == "parent") return ConflictType::kCodeMoved;
  if (kind == ObjectKind::kExcerpt && field == "codes") return ConflictType::kExcerptCodes;
  if (kind == ObjectKind::kExcerpt && field == "span") return ConflictType::kExcerptRange;
  if (kind == ObjectKind::kDocument && field == "text") return ConflictType::kDocumentText;
  if (kind == ObjectKind::kTheme && field == "codes") return ConflictType::kThemeCodes;
  return ConflictType::kField;
}

inline std::string Short(const std::string& text) {
  constexpr int64_t kMax = 60;
  TextIndex index(text);
  if (index.length() <= kMax) return text;
  return absl::StrCat(index.Slice(text, Span{0, kMax}), "…");
}

// Base's list with what each side removed taken out and what each added put
// in: ours' order, then theirs' additions.
inline std::vector<std::string> MergeIdSets(const std::vector<std::string>* base, const std::vector<std::string>& ours,
                                     const std::vector<std::string>& theirs) {
  absl::flat_hash_set<absl::string_view> in_base, in_ours, in_theirs;
  if (base != nullptr) in_base.insert(base->begin(), base->end());
  in_ours.insert(ours.begin(), ours.end());
  in_theirs.insert(theirs.begin(), theirs.end());
  std::vector<std::string> out;
  for (const std::string& id : ours) {
    if (in_theirs.contains(id) || !in_base.contains(id)) out.push_back(id);
  }
  for (const std::string& id : theirs) {
    if (!in_ours.contains(id) && !in_base.contains(id)) out.push_back(id);
  }
  return out;
}

// The texts of one document in the three versions and the merged project,
// kept only for documents whose text differs somewhere.
struct DocTexts {
  const std::string* base = nullptr;  // nullptr where the version lacks the document.
  const std::string* ours = nullptr;
  const std::string* theirs = nullptr;
  std::string result;
  std::unique_ptr<TextMap> base_to_ours, base_to_theirs, base_to_result, ours_to_result, theirs_to_result;

  static const TextMap& Get(std::unique_ptr<TextMap>& slot, const std::string& from, const std::string& to) {
    if (slot == nullptr) slot = std::make_unique<TextMap>(team::DiffTexts(from, to));
    return *slot;
  }
};

enum class Side { kOurs, kTheirs };

class Merger {
 public:
  Merger(const Project& base, const Project& ours, const Project& theirs, const MergeOptions& options)
      : base_(base), ours_(ours), theirs_(theirs), options_(options) {}

  absl::StatusOr<MergeResult> Run();

 private:
  // Every kind merged, before the merged project is built from them.
  struct Merged {
    ProjectInfo info;
    std::vector<Coder> coders;
    std::vector<AttributeDefinition> attributes;
    std::vector<Case> cases;
    std::vector<Document> documents;
    std::vector<Code> codes;
    std::vector<Excerpt> excerpts;
    std::vector<Theme> themes;
    std::vector<Relation> relations;
    std::vector<Memo> memos;
  };
  // The merged project from the merged lists (tentative deletions not
  // restored left out), validated, with the removals the resolutions ask for.
  absl::StatusOr<MergeResult> Build(Merged& m, const absl::flat_hash_set<std::string>& restored);

 private:
  // What a conflict's chosen value is: ours', theirs', or a value given.
  struct Choice {
    enum { kOurs, kTheirs, kValue } which = kOurs;
    std::string value;
  };

  // Records the conflict and says what to apply: the resolution given in the
  // options, else the default.
  Choice Decide(MergeConflict c) {
    Choice choice;
    auto it = options_.resolutions.find(c.key());
    const std::string& pick = it != options_.resolutions.end() ? it->second : c.default_resolution;
    if (it != options_.resolutions.end()) c.resolution = it->second;
    if (pick == "ours") {
      choice.which = Choice::kOurs;
    } else if (pick == "theirs") {
      choice.which = Choice::kTheirs;
    } else {
      choice.which = Choice::kValue;
      choice.value = it != options_.resolutions.end() ? it->second : c.default_value;
    }
    conflicts_.push_back(std::move(c));
    return choice;
  }

  void Fail(const MergeConflict& c, const absl::Status& status) {
    if (error_.ok()) {
      error_ = absl::InvalidArgumentError(absl::StrCat("resolution \"", c.resolution, "\" for the ",
                                                       ConflictTypeName(c.type), " conflict on ",
                                                       ObjectKindName(c.kind), " \"", c.name, "\" (",
                                                       c.key(), "): ", status.message()));
    }
  }

  // `name_of()` names the object in conflicts (built only when one occurs).
  template <typename T, typename N>
  void MergeFields(const KindSpec<T>& spec, const T* b, const T& o, const T& t, T& r, const std::string& id,
                   N name_of, size_t first_field);
  template <typename T, typename F>
  std::vector<T> MergeKind(const KindSpec<T>& spec, F merge_one);
  template <typename T>
  T MergeGeneric(const KindSpec<T>& spec, const T* b, const T* o, const T* t);
  Case MergeCase(const KindSpec<Case>& spec, const Case* b, const Case* o, const Case* t);
  Document MergeDocument(const KindSpec<Document>& spec, const Document* b, const Document* o,
                         const Document* t);
  Excerpt MergeExcerpt(const KindSpec<Excerpt>& spec, const Excerpt* b, const Excerpt* o, const Excerpt* t);
  // An excerpt's range where its document's text is the same in all three.
  void MergeSameTextSpan(const Excerpt* b, const Excerpt& o, const Excerpt& t, Excerpt& r,
                         absl::FunctionRef<std::string()> name_of);
  // One side of an excerpt whose document's text changed: whether the side
  // changed the range, and where its range falls in the merged text
  // (nullopt: its text was edited there).
  struct SideSpan {
    bool present = false;
    bool changed = false;
    std::optional<Span> value;
    Span approximate;
  };
  SideSpan SideSpanOf(const Excerpt* b, const Excerpt* e, const std::string* text, DocTexts& dt,
                      std::unique_ptr<TextMap>& base_to_side, std::unique_ptr<TextMap>& side_to_result);
  // The conflict over an excerpt's range when the sides disagree or a range
  // cannot be placed, and its resolution applied to `r`.
  void ResolveSpan(const Excerpt* b, const SideSpan& so, const SideSpan& st, bool one, bool ours_decides,
                   const DocTexts& dt, Excerpt& r, const std::string& name);
  // Gives a second object with a name already taken in its scope a free name.
  template <typename T, typename S>
  void Dedupe(const KindSpec<T>& spec, std::vector<T>& items, S scope_of,
              const absl::flat_hash_set<std::string>& restored);
  // Undoes theirs' move of a code or theme where the two sides' moves
  // together would put it under itself (ours moved A under B, theirs B under A).
  template <typename T>
  void BreakCycles(const KindSpec<T>& spec, std::vector<T>& items);
  // Restores tentatively deleted objects that the merged project still uses.
  absl::flat_hash_set<std::string> Restore(const std::vector<Coder>&, const std::vector<AttributeDefinition>&,
                                           const std::vector<Case>&, const std::vector<Document>&,
                                           const std::vector<Code>&, const std::vector<Excerpt>&,
                                           const std::vector<Theme>&, const std::vector<Relation>&,
                                           const std::vector<Memo>&, const ProjectInfo&);

  const Project& base_;
  const Project& ours_;
  const Project& theirs_;
  const MergeOptions& options_;
  std::vector<MergeConflict> conflicts_;
  absl::Status error_;
  struct Deletion {
    ObjectKind kind;
    bool by_ours;
    std::string name;
  };
  // Deleted on one side, unchanged on the other: kept in the lists until
  // Restore decides whether the merged project still uses them.
  absl::flat_hash_map<std::string, Deletion> tentative_;
  // Kept by a conflict's default but resolved as deleted: removed (with
  // what depends on them) once the merged project is built.
  std::vector<std::pair<ObjectKind, std::string>> remove_after_;
  absl::flat_hash_map<std::string, DocTexts> texts_;
};

template <typename T, typename N>
void Merger::MergeFields(const KindSpec<T>& spec, const T* b, const T& o, const T& t, T& r,
                         const std::string& id, N name_of, size_t first_field) {
  for (size_t i = first_field; i < spec.fields.size(); ++i) {
    const FieldSpec<T>& f = spec.fields[i];
    const bool co = b == nullptr || !f.equal(o, *b);
    const bool ct = b == nullptr || !f.equal(t, *b);
    if (!ct) continue;  // r starts as ours.
    if (!co) {
      f.copy(r, t);
      continue;
    }
    if (f.equal(o, t)) continue;
    const std::string name = name_of();
    MergeConflict c{.type = TypeFor(spec.kind, f.name),
                    .kind = spec.kind,
                    .object_id = id,
                    .name = name,
                    .field = f.name,
                    .base = b == nullptr ? "" : f.show(*b),
                    .ours = f.show(o),
                    .theirs = f.show(t),
                    .default_resolution = "ours"};
    if (f.name == "codes") {  // Excerpt and theme codes: both sides' additions and removals.
      const std::vector<std::string>* base_ids = nullptr;
      std::vector<std::string> ours_ids = team::ParseIds(c.ours), theirs_ids = team::ParseIds(c.theirs),
                               base_list = team::ParseIds(c.base);
      if (b != nullptr) base_ids = &base_list;
      std::vector<std::string> both = MergeIdSets(base_ids, ours_ids, theirs_ids);
      if (!both.empty()) {
        c.default_resolution = "union";
        c.default_value = team::ShowIds(both);
      }
    }
    c.message = absl::StrCat(ObjectKindName(spec.kind), " \"", name, "\": ", f.name,
                             " changed on both sides (ours: \"", Short(c.ours), "\"; theirs: \"",
                             Short(c.theirs), "\")");
    if (c.default_resolution == "ours") c.default_value = c.ours;
    const Choice choice = Decide(std::move(c));
    if (choice.which == Choice::kTheirs) {
      f.copy(r, t);
    } else if (choice.which == Choice::kValue) {
      if (absl::Status s = f.parse(r, choice.value); !s.ok()) Fail(conflicts_.back(), s);
    }
  }
}

template <typename T>
T Merger::MergeGeneric(const KindSpec<T>& spec, const T* b, const T* o, const T* t) {
  if (o == nullptr) return *t;
  if (t == nullptr) return *o;
  T r = *o;
  MergeFields(spec, b, *o, *t, r, o->id, [&] { return spec.name(ours_, *o); }, 0);
  return r;
}

template <typename T>
inline bool AllEqual(const KindSpec<T>& spec, const T& x, const T& y) {
  for (const FieldSpec<T>& f : spec.fields) {
    if (!f.equal(x, y)) return false;
  }
  return true;
}
inline bool AllEqual(const KindSpec<Case>& spec, const Case& x, const Case& y) {
  for (const FieldSpec<Case>& f : spec.fields) {
    if (!f.equal(x, y)) return false;
  }
  return x.attributes == y.attributes;
}

template <typename T, typename F>
std::vector<T> Merger::MergeKind(const KindSpec<T>& spec, F merge_one) {
  std::vector<T> out;
  out.reserve(spec.items(ours_).size() + 16);
  auto one_sided = [&](const T* b, const T* o, const T* t) {
    const T& kept = o != nullptr ? *o : *t;
    const bool by_ours = o == nullptr;
    const Project& keeper = by_ours ? theirs_ : ours_;
    const size_t conflicts_before = conflicts_.size(), removals_before = remove_after_.size();
    T merged = merge_one(b, o, t);
    if (AllEqual(spec, *b, kept)) {
      // Most likely deleted: what merging it met matters only if it stays.
      conflicts_.resize(conflicts_before);
      remove_after_.resize(removals_before);
      tentative_[kept.id] = {spec.kind, by_ours, spec.name(keeper, kept)};
    } else {
      MergeConflict c{.type = ConflictType::kDeletedChanged,
                      .kind = spec.kind,
                      .object_id = kept.id,
                      .name = spec.name(keeper, kept),
                      .field = "exists",
                      .base = std::string(kKept),
                      .ours = std::string(by_ours ? kDeleted : kKept),
                      .theirs = std::string(by_ours ? kKept : kDeleted),
                      .default_resolution = by_ours ? "theirs" : "ours",
                      .default_value = std::string(kKept)};
      c.message = absl::StrCat(ObjectKindName(spec.kind), " \"", c.name, "\": deleted by ",
                               by_ours ? "ours" : "theirs", ", changed by ", by_ours ? "theirs" : "ours",
                               " (kept by default)");
      const Choice choice = Decide(std::move(c));
      const bool deleted = (choice.which == Choice::kOurs && by_ours) ||
                           (choice.which == Choice::kTheirs && !by_ours) ||
                           (choice.which == Choice::kValue && choice.value == kDeleted);
      if (choice.which == Choice::kValue && choice.value != kDeleted && choice.value != kKept) {
        Fail(conflicts_.back(), absl::InvalidArgumentError("expected ours, theirs, deleted or kept"));
      }
      if (deleted) remove_after_.emplace_back(spec.kind, kept.id);
    }
    out.push_back(std::move(merged));
  };
  for (const T& o : spec.items(ours_)) {
    const T* b = spec.find(base_, o.id);
    const T* t = spec.find(theirs_, o.id);
    if (t == nullptr && b != nullptr) {
      one_sided(b, &o, nullptr);
    } else {
      out.push_back(merge_one(b, &o, t));
    }
  }
  for (const T& t : spec.items(theirs_)) {
    if (spec.find(ours_, t.id) != nullptr) continue;
    const T* b = spec.find(base_, t.id);
    if (b != nullptr) {
      one_sided(b, nullptr, &t);
    } else {
      out.push_back(merge_one(static_cast<const T*>(nullptr), static_cast<const T*>(nullptr), &t));
    }
  }
  return out;
}

template <typename T>
void Merger::BreakCycles(const KindSpec<T>& spec, std::vector<T>& items) {
  absl::flat_hash_map<absl::string_view, size_t> index;
  for (size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, i);
  for (T& item : items) {
    // Walk up; a walk longer than the number of items has met a cycle.
    absl::string_view up = item.parent_id;
    size_t steps = 0;
    while (!up.empty() && up != item.id && steps <= items.size()) {
      auto it = index.find(up);
      if (it == index.end()) break;
      up = items[it->second].parent_id;
      ++steps;
    }
    if (up != item.id) continue;
    const T* o = spec.find(ours_, item.id);
    const T* t = spec.find(theirs_, item.id);
    if (o == nullptr || t == nullptr || item.parent_id != t->parent_id || o->parent_id == t->parent_id) continue;
    const T* b = spec.find(base_, item.id);
    MergeConflict c{.type = spec.kind == ObjectKind::kCode ? ConflictType::kCodeMoved : ConflictType::kField,
                    .kind = spec.kind,
                    .object_id = item.id,
                    .name = item.name,
                    .field = "parent",
                    .base = b == nullptr ? "" : b->parent_id,
                    .ours = o->parent_id,
                    .theirs = t->parent_id,
                    .default_resolution = "ours",
                    .default_value = o->parent_id};
    c.message = absl::StrCat(ObjectKindName(spec.kind), " \"", item.name,
                             "\": the moves of both sides would put it under itself; ours' parent kept");
    const Choice choice = Decide(std::move(c));
    item.parent_id = choice.which == Choice::kOurs     ? o->parent_id
                     : choice.which == Choice::kTheirs ? t->parent_id
                                                       : choice.value;
  }
}

template <typename T, typename S>
void Merger::Dedupe(const KindSpec<T>& spec, std::vector<T>& items, S scope_of,
                    const absl::flat_hash_set<std::string>& restored) {
  auto gone = [&](const T& item) { return tentative_.contains(item.id) && !restored.contains(item.id); };
  auto key = [&](const T& item, absl::string_view name) { return absl::StrCat(scope_of(item), "\x1f", name); };
  absl::flat_hash_set<std::string> all;
  all.reserve(items.size());
  for (const T& item : items) {
    if (!gone(item)) all.insert(key(item, item.name));
  }
  if (all.size() == items.size()) return;  // Nothing gone and nothing shared: the common case.
  absl::flat_hash_set<std::string> taken;
  taken.reserve(items.size());
  for (T& item : items) {
    if (gone(item)) continue;
    if (taken.insert(key(item, item.name)).second) continue;
    std::string free;
    for (int n = 2;; ++n) {
      free = absl::StrCat(item.name, " (", n, ")");
      if (!all.contains(key(item, free)) && !taken.contains(key(item, free))) break;
    }
    const T* b = spec.find(base_, item.id);
    const T* o = spec.find(ours_, item.id);
    const T* t = spec.find(theirs_, item.id);
    MergeConflict c{.type = ConflictType::kNameClash,
                    .kind = spec.kind,
                    .object_id = item.id,
                    .name = item.name,
                    .field = "name",
                    .base = b == nullptr ? "" : b->name,
                    .ours = o == nullptr ? "" : o->name,
                    .theirs = t == nullptr ? "" : t->name,
                    .default_resolution = "renamed",
                    .default_value = free};
    c.message = absl::StrCat(ObjectKindName(spec.kind), " \"", item.name,
                             "\": another one of that name is already there; renamed \"", free, "\" by default");
    const Choice choice = Decide(std::move(c));
    item.name = choice.which == Choice::kOurs     ? conflicts_.back().ours
                : choice.which == Choice::kTheirs ? conflicts_.back().theirs
                                                  : choice.value;
    taken.insert(key(item, item.name));
  }
}

}  // namespace thematica::team

#endif  // THEMATICA_SRC_TEAM_MERGER_H_
