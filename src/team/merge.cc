#include "thematica/merge.h"

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

namespace thematica {
namespace {

using team::FieldSpec;
using team::KindSpec;
using team::TextMap;

constexpr absl::string_view kDeleted = "deleted";
constexpr absl::string_view kKept = "kept";

ConflictType TypeFor(ObjectKind kind, absl::string_view field) {
  if (kind == ObjectKind::kCode && field == "name") return ConflictType::kCodeRenamed;
  if (kind == ObjectKind::kCode && field == "parent") return ConflictType::kCodeMoved;
  if (kind == ObjectKind::kExcerpt && field == "codes") return ConflictType::kExcerptCodes;
  if (kind == ObjectKind::kExcerpt && field == "span") return ConflictType::kExcerptRange;
  if (kind == ObjectKind::kDocument && field == "text") return ConflictType::kDocumentText;
  if (kind == ObjectKind::kTheme && field == "codes") return ConflictType::kThemeCodes;
  return ConflictType::kField;
}

std::string Short(const std::string& text) {
  constexpr int64_t kMax = 60;
  TextIndex index(text);
  if (index.length() <= kMax) return text;
  return absl::StrCat(index.Slice(text, Span{0, kMax}), "…");
}

// Base's list with what each side removed taken out and what each added put
// in: ours' order, then theirs' additions.
std::vector<std::string> MergeIdSets(const std::vector<std::string>* base, const std::vector<std::string>& ours,
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
bool AllEqual(const KindSpec<T>& spec, const T& x, const T& y) {
  for (const FieldSpec<T>& f : spec.fields) {
    if (!f.equal(x, y)) return false;
  }
  return true;
}
bool AllEqual(const KindSpec<Case>& spec, const Case& x, const Case& y) {
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

Case Merger::MergeCase(const KindSpec<Case>& spec, const Case* b, const Case* o, const Case* t) {
  Case r = MergeGeneric(spec, b, o, t);
  if (o == nullptr || t == nullptr) return r;
  absl::flat_hash_set<std::string> keys;
  for (const auto& [k, v] : o->attributes) keys.insert(k);
  for (const auto& [k, v] : t->attributes) keys.insert(k);
  if (b != nullptr) {
    for (const auto& [k, v] : b->attributes) keys.insert(k);
  }
  auto get = [](const Case* c, const std::string& k) -> const AttributeValue* {
    if (c == nullptr) return nullptr;
    auto it = c->attributes.find(k);
    return it == c->attributes.end() ? nullptr : &it->second;
  };
  auto same = [](const AttributeValue* x, const AttributeValue* y) {
    return x == nullptr ? y == nullptr : y != nullptr && *x == *y;
  };
  auto show = [](const AttributeValue* v) { return v == nullptr ? std::string() : v->ToString(); };
  std::vector<std::string> sorted(keys.begin(), keys.end());
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& k : sorted) {
    const AttributeValue *vb = get(b, k), *vo = get(o, k), *vt = get(t, k);
    const bool co = b == nullptr || !same(vo, vb), ct = b == nullptr || !same(vt, vb);
    auto set = [&](const AttributeValue* v) {
      if (v == nullptr) r.attributes.erase(k);
      else r.attributes[k] = *v;
    };
    if (!ct) continue;
    if (!co || same(vo, vt)) {
      set(vt);
      continue;
    }
    const AttributeDefinition* def = ours_.FindAttribute(k);
    if (def == nullptr) def = theirs_.FindAttribute(k);
    MergeConflict c{.type = ConflictType::kAttributeValue,
                    .kind = ObjectKind::kCase,
                    .object_id = r.id,
                    .name = r.name,
                    .field = absl::StrCat("attribute:", k),
                    .base = show(vb),
                    .ours = show(vo),
                    .theirs = show(vt),
                    .default_resolution = "ours",
                    .default_value = show(vo)};
    c.message = absl::StrCat("case \"", r.name, "\": attribute \"", def == nullptr ? k : def->name,
                             "\" set to \"", c.ours, "\" by ours and \"", c.theirs, "\" by theirs");
    const Choice choice = Decide(std::move(c));
    if (choice.which == Choice::kOurs) {
      set(vo);
    } else if (choice.which == Choice::kTheirs) {
      set(vt);
    } else if (choice.value.empty()) {
      set(nullptr);
    } else if (def == nullptr) {
      Fail(conflicts_.back(), absl::NotFoundError("the attribute is in neither version"));
    } else {
      absl::StatusOr<AttributeValue> v = ParseAttributeValue(def->type, choice.value);
      if (!v.ok()) Fail(conflicts_.back(), v.status());
      else set(&*v);
    }
  }
  return r;
}

Document Merger::MergeDocument(const KindSpec<Document>& spec, const Document* b, const Document* o,
                               const Document* t) {
  Document r = MergeGeneric(spec, b, o, t);
  const std::string* tb = b == nullptr ? nullptr : &b->text;
  const std::string* to = o == nullptr ? nullptr : &o->text;
  const std::string* tt = t == nullptr ? nullptr : &t->text;
  auto differs = [&](const std::string* x) { return x != nullptr && *x != r.text; };
  if (!differs(tb) && !differs(to) && !differs(tt)) return r;
  DocTexts& dt = texts_[r.id];
  dt.base = tb;
  dt.ours = to;
  dt.theirs = tt;
  dt.result = r.text;
  // Speaker turns taken from a side whose text is not the merged one follow
  // the text edit, to the nearest surviving text.
  const std::vector<SpeakerTurn>& turns = r.speaker_turns;
  const std::string* turns_text = nullptr;
  if (o != nullptr && turns == o->speaker_turns) turns_text = to;
  else if (t != nullptr && turns == t->speaker_turns) turns_text = tt;
  if (turns_text != nullptr && *turns_text != r.text) {
    const TextMap map = team::DiffTexts(*turns_text, r.text);
    for (SpeakerTurn& turn : r.speaker_turns) turn.span = map.MapApproximate(turn.span);
  }
  return r;
}

Excerpt Merger::MergeExcerpt(const KindSpec<Excerpt>& spec, const Excerpt* b, const Excerpt* o,
                             const Excerpt* t) {
  Excerpt r = (o != nullptr && t != nullptr) ? *o : (o != nullptr ? *o : *t);
  auto name_of = [&] { return spec.name(o != nullptr ? ours_ : theirs_, r); };
  if (o != nullptr && t != nullptr) MergeFields(spec, b, *o, *t, r, r.id, name_of, 1);
  auto it = texts_.find(r.document_id);
  if (it == texts_.end()) {  // The text is the same everywhere: spans compare as they are.
    if (o != nullptr && t != nullptr) {
      const bool co = b == nullptr || o->span != b->span, ct = b == nullptr || t->span != b->span;
      if (ct && !co) r.span = t->span;
      if (co && ct && o->span != t->span) {
        const std::string name = name_of();
        MergeConflict c{.type = ConflictType::kExcerptRange, .kind = ObjectKind::kExcerpt, .object_id = r.id,
                        .name = name, .field = "span", .base = b == nullptr ? "" : team::ShowSpan(b->span),
                        .ours = team::ShowSpan(o->span), .theirs = team::ShowSpan(t->span),
                        .default_resolution = "ours", .default_value = team::ShowSpan(o->span)};
        c.message = absl::StrCat("excerpt \"", name, "\": range changed to ", c.ours, " by ours and ", c.theirs,
                                 " by theirs");
        const Choice choice = Decide(std::move(c));
        if (choice.which == Choice::kTheirs) r.span = t->span;
        else if (choice.which == Choice::kValue) {
          if (choice.value == kDeleted) remove_after_.emplace_back(ObjectKind::kExcerpt, r.id);
          else if (absl::Status s = team::ParseSpan(choice.value, r.span); !s.ok()) Fail(conflicts_.back(), s);
        }
      }
    }
    return r;
  }
  DocTexts& dt = it->second;
  // Per side: did it change the range, and where does its range fall in the
  // merged text (nullopt: its text was edited there).
  struct SideSpan {
    bool present = false;
    bool changed = false;
    std::optional<Span> value;
    Span approximate;
  };
  auto side = [&](const Excerpt* e, const std::string* text, std::unique_ptr<TextMap>& base_to_side,
                  std::unique_ptr<TextMap>& side_to_result) {
    SideSpan s;
    if (e == nullptr) return s;
    s.present = true;
    // A side that lacks the document (it deleted it) holds the base's range.
    if (text == nullptr) text = dt.base != nullptr ? dt.base : &dt.result;
    if (b == nullptr || dt.base == nullptr) {
      s.changed = true;
    } else if (*text == *dt.base) {
      s.changed = e->span != b->span;
    } else {
      std::optional<Span> moved = DocTexts::Get(base_to_side, *dt.base, *text).MapExact(b->span);
      s.changed = !moved.has_value() || *moved != e->span;
    }
    if (*text == dt.result) {
      s.value = s.approximate = e->span;
    } else {
      const TextMap& map = DocTexts::Get(side_to_result, *text, dt.result);
      s.value = map.MapExact(e->span);
      s.approximate = map.MapApproximate(e->span);
    }
    return s;
  };
  SideSpan so = side(o, dt.ours, dt.base_to_ours, dt.ours_to_result);
  SideSpan st = side(t, dt.theirs, dt.base_to_theirs, dt.theirs_to_result);
  // Neither side moved the coding: where the base's range falls in the merged text.
  if (!so.changed && !st.changed) {
    SideSpan& s = (so.present && so.value.has_value()) ? so : st;
    if (s.value.has_value()) {
      r.span = *s.value;
      return r;
    }
  }
  const bool ours_decides = so.present && (so.changed || !st.present || !st.changed);
  const bool theirs_decides = st.present && (st.changed || !so.present || !so.changed);
  auto nonempty = [&](Span s) {
    const int64_t length = CodePointCount(dt.result);
    if (s.empty()) {
      if (s.end < length) s.end = s.start + 1;
      else if (s.start > 0) s.start = s.end - 1;
    }
    return s;
  };
  auto show = [&](const SideSpan& s) -> std::string {
    if (!s.present) return std::string(kDeleted);
    return team::ShowSpan(s.value.value_or(nonempty(s.approximate)));
  };
  if (ours_decides && theirs_decides && so.value.has_value() && so.value == st.value) {
    r.span = *so.value;
    return r;
  }
  const bool one = ours_decides != theirs_decides;
  if (one) {
    const SideSpan& s = ours_decides ? so : st;
    if (s.value.has_value()) {
      r.span = *s.value;
      return r;
    }
  }
  const std::string name = name_of();
  MergeConflict c{.kind = ObjectKind::kExcerpt, .object_id = r.id, .name = name, .field = "span",
                  .base = b == nullptr ? "" : team::ShowSpan(b->span), .ours = show(so), .theirs = show(st)};
  if (one || !so.value.has_value() || !st.value.has_value()) {
    c.type = ConflictType::kUnplaceableExcerpt;
    const SideSpan& s = (one ? ours_decides : !so.value.has_value()) ? so : st;
    c.default_resolution = &s == &so ? "ours" : "theirs";
    c.default_value = show(s);
    c.message = absl::StrCat("excerpt \"", name, "\": the text it codes was edited by ",
                             &s == &so ? "theirs" : "ours", "; placed on ", c.default_value,
                             " of the merged text by default");
  } else {
    c.type = ConflictType::kExcerptRange;
    c.default_resolution = "ours";
    c.default_value = c.ours;
    c.message = absl::StrCat("excerpt \"", name, "\": range changed to ", c.ours, " by ours and ", c.theirs,
                             " by theirs");
  }
  const std::string ours_value = c.ours, theirs_value = c.theirs;
  const Choice choice = Decide(std::move(c));
  const std::string value = choice.which == Choice::kOurs     ? ours_value
                            : choice.which == Choice::kTheirs ? theirs_value
                                                              : choice.value;
  if (value == kDeleted) {
    remove_after_.emplace_back(ObjectKind::kExcerpt, r.id);
  } else if (absl::Status s = team::ParseSpan(value, r.span); !s.ok()) {
    Fail(conflicts_.back(), s);
  } else if (r.span.empty() && CodePointCount(dt.result) == 0) {
    remove_after_.emplace_back(ObjectKind::kExcerpt, r.id);
  }
  return r;
}

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
  auto gone = [&](const std::string& id) { return tentative_.contains(id) && !restored.contains(id); };

  MergeResult result;
  Project& p = result.project;
  p.Reserve(documents.size(), excerpts.size());
  p.SetInfoUnchecked(std::move(info));
  auto insert = [&](auto& items, auto insert_one) {
    for (auto& item : items) {
      if (!gone(item.id)) insert_one(std::move(item));
    }
  };
  insert(coders, [&](Coder x) { p.InsertCoderUnchecked(std::move(x)); });
  insert(attributes, [&](AttributeDefinition x) { p.InsertAttributeUnchecked(std::move(x)); });
  insert(cases, [&](Case x) { p.InsertCaseUnchecked(std::move(x)); });
  insert(documents, [&](Document x) { p.InsertDocumentUnchecked(std::move(x)); });
  insert(codes, [&](Code x) { p.InsertCodeUnchecked(std::move(x)); });
  insert(excerpts, [&](Excerpt x) { p.InsertExcerptUnchecked(std::move(x)); });
  insert(themes, [&](Theme x) { p.InsertThemeUnchecked(std::move(x)); });
  insert(relations, [&](Relation x) { p.InsertRelationUnchecked(std::move(x)); });
  insert(memos, [&](Memo x) { p.InsertMemoUnchecked(std::move(x)); });
  if (std::vector<std::string> problems = p.Validate(); !problems.empty()) {
    if (problems.size() > 10) problems.resize(10);
    return absl::FailedPreconditionError(
        absl::StrCat("the merged project would be inconsistent (resolve the conflicts differently or fix one "
                     "side first): ",
                     absl::StrJoin(problems, "; ")));
  }
  for (const auto& [kind, id] : remove_after_) {
    if (p.KindOf(id) == ObjectKind::kNone) continue;  // Already gone with another removal.
    if (absl::Status s = RemoveCascading(p, kind, id); !s.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot delete ", ObjectKindName(kind), " ", id, " as resolved: ", s.message()));
    }
  }
  result.conflicts = std::move(conflicts_);
  return result;
}

}  // namespace

absl::string_view ConflictTypeName(ConflictType type) {
  switch (type) {
    case ConflictType::kCodeRenamed: return "code_renamed";
    case ConflictType::kCodeMoved: return "code_moved";
    case ConflictType::kDeletedUsed: return "deleted_used";
    case ConflictType::kDeletedChanged: return "deleted_changed";
    case ConflictType::kExcerptRange: return "excerpt_range";
    case ConflictType::kExcerptCodes: return "excerpt_codes";
    case ConflictType::kUnplaceableExcerpt: return "unplaceable_excerpt";
    case ConflictType::kDocumentText: return "document_text";
    case ConflictType::kAttributeValue: return "attribute_value";
    case ConflictType::kThemeCodes: return "theme_codes";
    case ConflictType::kNameClash: return "name_clash";
    case ConflictType::kField: return "field";
  }
  return "field";
}

std::string MergeConflict::ConflictKey(absl::string_view object_id, absl::string_view field) {
  return absl::StrCat(object_id, "/", field);
}

int64_t MergeResult::unresolved() const {
  return std::count_if(conflicts.begin(), conflicts.end(),
                       [](const MergeConflict& c) { return c.resolution.empty(); });
}

absl::StatusOr<MergeResult> Merge(const Project& base, const Project& ours, const Project& theirs,
                                  const MergeOptions& options) {
  return Merger(base, ours, theirs, options).Run();
}

}  // namespace thematica
