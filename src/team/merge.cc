// The three-way merge of projects (merge.h): documents, cases and excerpts,
// and the public calls. The driver is in merge_run.cc.
#include "team/merger.h"

namespace thematica {
namespace team {

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

void Merger::MergeSameTextSpan(const Excerpt* b, const Excerpt& o, const Excerpt& t, Excerpt& r,
                               absl::FunctionRef<std::string()> name_of) {
  const bool co = b == nullptr || o.span != b->span, ct = b == nullptr || t.span != b->span;
  if (ct && !co) r.span = t.span;
  if (!co || !ct || o.span == t.span) return;
  const std::string name = name_of();
  MergeConflict c{.type = ConflictType::kExcerptRange, .kind = ObjectKind::kExcerpt, .object_id = r.id,
                  .name = name, .field = "span", .base = b == nullptr ? "" : team::ShowSpan(b->span),
                  .ours = team::ShowSpan(o.span), .theirs = team::ShowSpan(t.span),
                  .default_resolution = "ours", .default_value = team::ShowSpan(o.span)};
  c.message = absl::StrCat("excerpt \"", name, "\": range changed to ", c.ours, " by ours and ", c.theirs,
                           " by theirs");
  const Choice choice = Decide(std::move(c));
  if (choice.which == Choice::kTheirs) {
    r.span = t.span;
  } else if (choice.which == Choice::kValue) {
    if (choice.value == kDeleted) {
      remove_after_.emplace_back(ObjectKind::kExcerpt, r.id);
    } else if (absl::Status s = team::ParseSpan(choice.value, r.span); !s.ok()) {
      Fail(conflicts_.back(), s);
    }
  }
}

Merger::SideSpan Merger::SideSpanOf(const Excerpt* b, const Excerpt* e, const std::string* text, DocTexts& dt,
                                    std::unique_ptr<TextMap>& base_to_side,
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
}

void Merger::ResolveSpan(const Excerpt* b, const SideSpan& so, const SideSpan& st, bool one, bool ours_decides,
                         const DocTexts& dt, Excerpt& r, const std::string& name) {
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
}

Excerpt Merger::MergeExcerpt(const KindSpec<Excerpt>& spec, const Excerpt* b, const Excerpt* o,
                             const Excerpt* t) {
  Excerpt r = (o != nullptr && t != nullptr) ? *o : (o != nullptr ? *o : *t);
  auto name_of = [&] { return spec.name(o != nullptr ? ours_ : theirs_, r); };
  if (o != nullptr && t != nullptr) MergeFields(spec, b, *o, *t, r, r.id, name_of, 1);
  auto it = texts_.find(r.document_id);
  if (it == texts_.end()) {  // The text is the same everywhere: spans compare as they are.
    if (o != nullptr && t != nullptr) MergeSameTextSpan(b, *o, *t, r, name_of);
    return r;
  }
  DocTexts& dt = it->second;
  const SideSpan so = SideSpanOf(b, o, dt.ours, dt, dt.base_to_ours, dt.ours_to_result);
  const SideSpan st = SideSpanOf(b, t, dt.theirs, dt, dt.base_to_theirs, dt.theirs_to_result);
  // Neither side moved the coding: where the base's range falls in the merged text.
  if (!so.changed && !st.changed) {
    const SideSpan& s = (so.present && so.value.has_value()) ? so : st;
    if (s.value.has_value()) {
      r.span = *s.value;
      return r;
    }
  }
  const bool ours_decides = so.present && (so.changed || !st.present || !st.changed);
  const bool theirs_decides = st.present && (st.changed || !so.present || !so.changed);
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
  ResolveSpan(b, so, st, one, ours_decides, dt, r, name_of());
  return r;
}

}  // namespace team


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
  return team::Merger(base, ours, theirs, options).Run();
}

}  // namespace thematica
