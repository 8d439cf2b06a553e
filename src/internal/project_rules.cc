#include "internal/project_rules.h"

#include "internal/lookup.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "project_edit.h"

namespace thematica::internal {

void FirstViolation::Report(Violation violation) {
  if (status_.ok()) status_ = absl::Status(violation.code, violation.edit);
}

void AllViolations::Report(Violation violation) {
  if (!violation.load.empty()) problems_.push_back(std::move(violation.load));
}

namespace {

using absl::StatusCode;
using project_edit::Blank;

// The object a load problem is about: `kind id` or `kind id ("name")`.
struct Subject {
  absl::string_view kind;
  absl::string_view id;
  const std::string* name = nullptr;

  // The load wording: the subject, ": ", then `parts`.
  template <typename... Parts>
  std::string Load(const Parts&... parts) const {
    return name == nullptr ? absl::StrCat(kind, " ", id, ": ", parts...)
                           : absl::StrCat(kind, " ", id, " (\"", *name, "\"): ", parts...);
  }
};

bool KnownCoder(const Project& p, absl::string_view id) {
  return id.empty() || p.FindCoder(id) != nullptr;
}

// A coder reference in the role `role` ("creator", "author").
void CoderRule(const Project& p, const Subject& s, absl::string_view id, absl::string_view role,
               RuleSink& sink) {
  if (!KnownCoder(p, id)) {
    sink.Report({StatusCode::kNotFound, NotFoundText("coder", id), s.Load(role, " ", id, " is not a coder")});
  }
}

// A speaker turn: a non-empty range inside its document, a known case.
void SpeakerTurnRules(const Project& p, const Subject& s, const Document& d, const SpeakerTurn& t,
                      int64_t length, RuleSink& sink) {
  if (t.span.start < 0 || t.span.end <= t.span.start || t.span.end > length) {
    sink.Report({StatusCode::kOutOfRange,
                 absl::StrCat("speaker turn ", SpanToString(t.span), " of document \"", d.name,
                              "\" is not a non-empty range within its ", length, " code points"),
                 s.Load("speaker turn ", SpanToString(t.span), " outside its ", length, " code points")});
  }
  if (!t.case_id.empty() && p.FindCase(t.case_id) == nullptr) {
    sink.Report({StatusCode::kNotFound, NotFoundText("case", t.case_id),
                 s.Load("speaker turn names unknown case ", t.case_id)});
  }
}

// One code of an excerpt (the `i`th): known, codable, not given before.
void ExcerptCodeRules(const Project& p, const Subject& s, const Excerpt& e, size_t i, RuleSink& sink) {
  const std::string& id = e.code_ids[i];
  const Code* c = p.FindCode(id);
  if (c == nullptr) {
    sink.Report({StatusCode::kNotFound, NotFoundText("code", id), s.Load("code ", id, " not found")});
  } else if (!c->codable) {
    sink.Report({StatusCode::kFailedPrecondition, absl::StrCat("code \"", c->name, "\" is not codable"),
                 s.Load("code \"", c->name, "\" is not codable")});
  }
  for (size_t j = 0; j < i; ++j) {
    if (e.code_ids[j] != id) continue;
    sink.Report({StatusCode::kInvalidArgument,
                 absl::StrCat("code \"", c == nullptr ? id : c->name, "\" is given twice to one excerpt"),
                 s.Load("code ", id, " given twice")});
  }
}

// The codes of a theme: known, each listed once.
void ThemeCodeRules(const Project& p, const Subject& s, const Theme& t, RuleSink& sink) {
  for (size_t i = 0; i < t.code_ids.size(); ++i) {
    const std::string& id = t.code_ids[i];
    const Code* c = p.FindCode(id);
    if (c == nullptr) {
      sink.Report({StatusCode::kNotFound, NotFoundText("code", id), s.Load("code ", id, " not found")});
    }
    for (size_t j = 0; j < i; ++j) {
      if (t.code_ids[j] != id) continue;
      sink.Report({StatusCode::kInvalidArgument,
                   absl::StrCat("code \"", c == nullptr ? id : c->name, "\" is listed twice under theme \"",
                                t.name, "\""),
                   s.Load("code ", id, " listed twice")});
      break;
    }
  }
}

// Whether walking up from each code meets a code twice, per code: one walk
// that stops at codes already known to reach a root (linear in the number of
// codes, however deep the tree).
std::vector<bool> CodesInCycles(const Codebook& book) {
  enum class State { kUnknown, kOnPath, kRooted, kCycle };
  absl::flat_hash_map<absl::string_view, State> state;
  state.reserve(book.size());
  std::vector<const Code*> path;
  std::vector<bool> in_cycle;
  in_cycle.reserve(book.size());
  for (const Code& c : book.codes()) {
    path.clear();
    const Code* cur = &c;
    State end = State::kRooted;
    while (cur != nullptr) {
      State& st = state[cur->id];
      if (st == State::kRooted || st == State::kCycle) {
        end = st;
        break;
      }
      if (st == State::kOnPath) {
        end = State::kCycle;
        break;
      }
      st = State::kOnPath;
      path.push_back(cur);
      cur = cur->parent_id.empty() ? nullptr : book.Find(cur->parent_id);
    }
    for (const Code* p : path) state[p->id] = end;
    in_cycle.push_back(end == State::kCycle);
  }
  return in_cycle;
}

}  // namespace

void InfoStringRules(const ProjectInfo& info, RuleSink& sink) {
  absl::Status s = project_edit::CheckInfoStrings(info);
  if (!s.ok()) sink.Report({s.code(), std::string(s.message()), std::string(s.message())});
}

void IdRules(absl::string_view kind, absl::string_view id, absl::string_view used_by, RuleSink& sink) {
  if (!IsCanonicalGuid(id)) {
    std::string edit = absl::StrCat("id \"", id, "\" is not a lower-case GUID");
    sink.Report({StatusCode::kInvalidArgument, edit, absl::StrCat(kind, " ", edit)});
    return;
  }
  if (!used_by.empty()) {
    std::string edit = absl::StrCat("id ", id, " is already used by a ", used_by);
    sink.Report({StatusCode::kAlreadyExists, edit, absl::StrCat(kind, " ", edit)});
  }
}

void InfoRules(const Project& p, const ProjectInfo& info, RuleSink& sink) {
  if (!IsCanonicalGuid(info.id)) {
    std::string text = absl::StrCat("project id \"", info.id, "\" is not a lower-case GUID");
    sink.Report({StatusCode::kInvalidArgument, text, text});
  }
  if (!KnownCoder(p, info.creator_id)) {
    sink.Report({StatusCode::kNotFound, NotFoundText("coder", info.creator_id),
                 absl::StrCat("project: creator ", info.creator_id, " is not a coder")});
  }
}

void CoderRules(const Coder& c, bool name_taken, RuleSink& sink) {
  const Subject s{"coder", c.id};
  if (Blank(c.name)) sink.Report({StatusCode::kInvalidArgument, "a coder needs a name", s.Load("empty name")});
  if (name_taken) {
    sink.Report({StatusCode::kAlreadyExists, absl::StrCat("a coder named \"", c.name, "\" already exists"),
                 s.Load("name \"", c.name, "\" used twice")});
  }
}

void AttributeRules(const AttributeDefinition& a, bool name_taken, RuleSink& sink) {
  const Subject s{"attribute", a.id};
  if (Blank(a.name)) {
    sink.Report({StatusCode::kInvalidArgument, "an attribute needs a name", s.Load("empty name")});
  }
  if (name_taken) {
    sink.Report({StatusCode::kAlreadyExists, absl::StrCat("an attribute named \"", a.name, "\" already exists"),
                 s.Load("name \"", a.name, "\" used twice")});
  }
}

void CaseRules(const Project& p, const Case& c, bool name_taken, RuleSink& sink) {
  const Subject s{"case", c.id, &c.name};
  if (Blank(c.name)) sink.Report({StatusCode::kInvalidArgument, "a case needs a name", s.Load("empty name")});
  if (name_taken) {
    sink.Report({StatusCode::kAlreadyExists, absl::StrCat("a case named \"", c.name, "\" already exists"),
                 s.Load("name used twice")});
  }
  CoderRule(p, s, c.creator_id, "creator", sink);
  for (const auto& [attribute_id, value] : c.attributes) {
    const AttributeDefinition* a = p.FindAttribute(attribute_id);
    if (a == nullptr) {
      sink.Report({StatusCode::kNotFound, NotFoundText("attribute", attribute_id),
                   s.Load("value for unknown attribute ", attribute_id)});
    } else if (value.type() != a->type) {
      sink.Report({StatusCode::kInvalidArgument,
                   absl::StrCat("attribute \"", a->name, "\" of case \"", c.name, "\" is ",
                                AttributeTypeName(a->type), ", not ", AttributeTypeName(value.type()),
                                " (value \"", value.ToString(), "\")"),
                   s.Load("attribute \"", a->name, "\" is ", AttributeTypeName(a->type), " but holds a ",
                          AttributeTypeName(value.type()), " value")});
    }
  }
}

void DocumentRules(const Project& p, const Document& d, bool name_taken, int64_t length,
                   RuleSink& sink) {
  const Subject s{"document", d.id, &d.name};
  if (Blank(d.name)) {
    sink.Report({StatusCode::kInvalidArgument, "a document needs a name", s.Load("empty name")});
  }
  if (name_taken) {
    sink.Report({StatusCode::kAlreadyExists, absl::StrCat("a document named \"", d.name, "\" already exists"),
                 s.Load("name used twice")});
  }
  if (absl::Status u = ValidateUtf8(d.text); !u.ok()) {
    sink.Report({StatusCode::kInvalidArgument, absl::StrCat("text of document \"", d.name, "\": ", u.message()),
                 s.Load("text: ", u.message())});
  }
  if (!d.case_id.empty() && p.FindCase(d.case_id) == nullptr) {
    sink.Report({StatusCode::kNotFound, NotFoundText("case", d.case_id), s.Load("case ", d.case_id, " not found")});
  }
  CoderRule(p, s, d.creator_id, "creator", sink);
  for (const SpeakerTurn& t : d.speaker_turns) SpeakerTurnRules(p, s, d, t, length, sink);
}

void ExcerptRules(const Project& p, const Excerpt& e, RuleSink& sink) {
  const Subject s{"excerpt", e.id};
  // Every document has a text index (and only documents do): one lookup.
  const TextIndex* index = p.DocumentIndex(e.document_id);
  if (index == nullptr) {
    sink.Report({StatusCode::kNotFound, NotFoundText("document", e.document_id),
                 s.Load("document ", e.document_id, " not found")});
  } else if (e.span.start < 0 || e.span.end <= e.span.start || e.span.end > index->length()) {
    sink.Report({StatusCode::kOutOfRange,
                 absl::StrCat("excerpt range ", SpanToString(e.span), " is not a non-empty range of document \"",
                              p.FindDocument(e.document_id)->name, "\" (", index->length(), " code points)"),
                 s.Load("range ", SpanToString(e.span), " outside its document's ", index->length(),
                        " code points")});
  }
  if (e.code_ids.empty()) {
    sink.Report({StatusCode::kInvalidArgument, "an excerpt needs at least one code", s.Load("no codes")});
  }
  for (size_t i = 0; i < e.code_ids.size(); ++i) ExcerptCodeRules(p, s, e, i, sink);
  if (!KnownCoder(p, e.coder_id)) {
    sink.Report({StatusCode::kNotFound, NotFoundText("coder", e.coder_id),
                 s.Load("coder ", e.coder_id, " not found")});
  }
  if (!KnownCoder(p, e.provenance.coder_id)) {
    sink.Report({StatusCode::kNotFound, NotFoundText("coder", e.provenance.coder_id),
                 s.Load("provenance coder ", e.provenance.coder_id, " not found")});
  }
}

void ThemeRules(const Project& p, const Theme& t, bool name_taken, bool in_cycle, RuleSink& sink) {
  const Subject s{"theme", t.id, &t.name};
  if (Blank(t.name)) sink.Report({StatusCode::kInvalidArgument, "a theme needs a name", s.Load("empty name")});
  const Theme* parent = t.parent_id.empty() ? nullptr : p.FindTheme(t.parent_id);
  const std::string& parent_name = parent == nullptr ? t.parent_id : parent->name;
  if (!t.parent_id.empty() && parent == nullptr) {
    sink.Report({StatusCode::kNotFound, NotFoundText("parent theme", t.parent_id),
                 s.Load("parent theme ", t.parent_id, " not found")});
  }
  if (in_cycle) {
    sink.Report({StatusCode::kFailedPrecondition,
                 absl::StrCat("cannot place theme \"", t.name, "\" under \"", parent_name,
                              "\": it is the theme itself or one of its sub-themes"),
                 s.Load("its parents form a cycle")});
  }
  if (name_taken) {
    sink.Report({StatusCode::kAlreadyExists,
                 absl::StrCat("a theme named \"", t.name, "\" already exists ",
                              t.parent_id.empty() ? std::string("at the top level")
                                                  : absl::StrCat("under \"", parent_name, "\"")),
                 s.Load("name repeated among siblings")});
  }
  ThemeCodeRules(p, s, t, sink);
  if (absl::StatusOr<std::string> color = NormalizeColor(t.color); !color.ok() || *color != t.color) {
    std::string text = absl::StrCat("colour \"", t.color, "\" not in #rrggbb form");
    std::string load = s.Load(text);
    sink.Report({StatusCode::kInvalidArgument, color.ok() ? std::move(text) : std::string(color.status().message()),
                 std::move(load)});
  }
  CoderRule(p, s, t.creator_id, "creator", sink);
}

void RelationRules(const Project& p, const Relation& r, const Relation* duplicate, RuleSink& sink) {
  const Subject s{"relation", r.id};
  for (const std::string* end : {&r.source_id, &r.target_id}) {
    const ObjectKind kind = p.KindOf(*end);
    if (kind == ObjectKind::kTheme || kind == ObjectKind::kCode) continue;
    sink.Report({StatusCode::kInvalidArgument,
                 absl::StrCat("a relation connects themes or codes; ",
                              end->empty() ? std::string("(empty id)") : *end, " is ",
                              kind == ObjectKind::kNone ? "unknown" : absl::StrCat("a ", ObjectKindName(kind))),
                 s.Load("end ", *end, " is not a theme or code")});
  }
  CoderRule(p, s, r.creator_id, "creator", sink);
  // Only edits enforce the rest (no load wording): files may hold relations
  // written before these rules.
  if (r.source_id == r.target_id) {
    sink.Report({StatusCode::kInvalidArgument,
                 absl::StrCat("a relation needs two different ends; both are ", r.source_id), ""});
  }
  if (Blank(r.label)) {
    sink.Report({StatusCode::kInvalidArgument,
                 "a relation needs a label that says how its ends relate (e.g. \"function of\")", ""});
  }
  if (duplicate != nullptr) {
    sink.Report({StatusCode::kAlreadyExists,
                 absl::StrCat("the same relation \"", r.label, "\" between these ends exists already: ",
                              duplicate->id),
                 ""});
  }
}

void MemoRules(const Project& p, const Memo& m, RuleSink& sink) {
  const Subject s{"memo", m.id};
  if (!m.target_id.empty() && p.KindOf(m.target_id) == ObjectKind::kNone) {
    sink.Report({StatusCode::kNotFound, NotFoundText("memo target", m.target_id),
                 s.Load("target ", m.target_id, " not found")});
  }
  CoderRule(p, s, m.author_id, "author", sink);
  if (absl::Status u = ValidateUtf8(m.text); !u.ok()) {
    sink.Report({StatusCode::kInvalidArgument, absl::StrCat("memo text: ", u.message()),
                 s.Load("text: ", u.message())});
  }
}

void CodeCreatorRule(const Project& p, const Code& c, RuleSink& sink) {
  CoderRule(p, Subject{"code", c.id}, c.creator_id, "creator", sink);
}

void CodeIdRules(const Code& c, bool id_taken, RuleSink& sink) {
  const Subject s{"code", c.id, &c.name};
  if (!IsCanonicalGuid(c.id)) {
    sink.Report({StatusCode::kInvalidArgument, absl::StrCat("code id \"", c.id, "\" is not a lower-case GUID"),
                 s.Load("id is not a lower-case GUID")});
  }
  if (id_taken) {
    sink.Report({StatusCode::kAlreadyExists, absl::StrCat("a code with id ", c.id, " already exists"),
                 s.Load("id used twice")});
  }
}

void CodeNameRules(const Codebook& book, const Code& c, bool name_taken, RuleSink& sink) {
  const Subject s{"code", c.id, &c.name};
  if (Blank(c.name)) sink.Report({StatusCode::kInvalidArgument, "a code needs a name", s.Load("empty name")});
  if (absl::StrContains(c.name, '/')) {  // Only edits: files may hold such names from before the rule.
    sink.Report({StatusCode::kInvalidArgument,
                 absl::StrCat("a code name cannot contain \"/\", which separates the levels of a code path: \"",
                              c.name, "\""),
                 ""});
  }
  if (name_taken) {
    sink.Report({StatusCode::kAlreadyExists,
                 absl::StrCat("a code named \"", c.name, "\" already exists ",
                              c.parent_id.empty() ? std::string("at the top level")
                                                  : absl::StrCat("under \"", book.Path(c.parent_id), "\"")),
                 s.Load("name repeated among siblings")});
  }
}

void CodeParentRule(const Codebook& book, const Code& c, RuleSink& sink) {
  if (!c.parent_id.empty() && book.Find(c.parent_id) == nullptr) {
    sink.Report({StatusCode::kNotFound, NotFoundText("parent code", c.parent_id),
                 Subject{"code", c.id, &c.name}.Load("parent ", c.parent_id, " not found")});
  }
}

void CodeCycleRule(const Codebook& book, const Code& c, absl::string_view shown_name, bool in_cycle,
                   RuleSink& sink) {
  if (!in_cycle) return;
  sink.Report({StatusCode::kFailedPrecondition,
               c.parent_id == c.id
                   ? absl::StrCat("cannot move \"", shown_name, "\" under itself")
                   : absl::StrCat("cannot move \"", shown_name, "\" under its own descendant \"",
                                  book.Path(c.parent_id), "\": that would make a cycle"),
               Subject{"code", c.id, &c.name}.Load("its parents form a cycle")});
}

void CodeColourRule(const Code& c, RuleSink& sink) {
  const Subject s{"code", c.id, &c.name};
  absl::StatusOr<std::string> color = NormalizeColor(c.color);
  if (!color.ok()) {
    sink.Report({StatusCode::kInvalidArgument, std::string(color.status().message()),
                 s.Load(color.status().message())});
  } else if (*color != c.color) {
    std::string edit = absl::StrCat("colour \"", c.color, "\" not in #rrggbb form");
    sink.Report({StatusCode::kInvalidArgument, edit, s.Load(edit)});
  }
}

void CodebookRules(const Codebook& book, RuleSink& sink) {
  absl::flat_hash_set<absl::string_view> ids;
  absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> names;
  for (const Code& c : book.codes()) {
    CodeIdRules(c, !ids.insert(c.id).second, sink);
    CodeNameRules(book, c, !names.insert({c.parent_id, c.name}).second, sink);
    CodeParentRule(book, c, sink);
    CodeColourRule(c, sink);
  }
  // After every code's own rules, as Validate() has always listed them.
  const std::vector<bool> in_cycle = CodesInCycles(book);
  for (size_t i = 0; i < book.codes().size(); ++i) {
    const Code& c = book.codes()[i];
    CodeCycleRule(book, c, c.name, in_cycle[i], sink);
  }
}

}  // namespace thematica::internal
