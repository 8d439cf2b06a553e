#include "team/fields.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace thematica::team {
namespace {

std::string Show(const std::string& s) { return s; }
std::string Show(bool b) { return b ? "true" : "false"; }
std::string Show(const Span& s) { return ShowSpan(s); }
std::string Show(const std::vector<std::string>& ids) { return ShowIds(ids); }
std::string Show(AttributeType t) { return std::string(AttributeTypeName(t)); }
std::string Show(RelationDirection d) { return std::string(RelationDirectionName(d)); }
std::string Show(const Metadata& m) {
  return absl::StrJoin(m, "; ", [](std::string* out, const auto& kv) {
    absl::StrAppend(out, kv.first, "=", kv.second);
  });
}
std::string Show(const std::vector<SpeakerTurn>& turns) {
  return absl::StrJoin(turns, "; ", [](std::string* out, const SpeakerTurn& t) {
    absl::StrAppend(out, ShowSpan(t.span), " ", t.speaker.empty() ? t.case_id : t.speaker);
  });
}
std::string Show(const std::optional<SourceFile>& f) {
  return f.has_value() ? absl::StrCat(f->name, " sha256:", f->sha256) : "";
}

bool Same(const std::vector<SpeakerTurn>& a, const std::vector<SpeakerTurn>& b) { return a == b; }
bool Same(const std::optional<SourceFile>& a, const std::optional<SourceFile>& b) { return a == b; }
template <typename V>
bool Same(const V& a, const V& b) {
  return a == b;
}

absl::Status Parse(absl::string_view text, std::string& out) {
  out = std::string(text);
  return absl::OkStatus();
}
absl::Status Parse(absl::string_view text, bool& out) {
  if (text == "true") out = true;
  else if (text == "false") out = false;
  else return absl::InvalidArgumentError(absl::StrCat("expected true or false, not \"", text, "\""));
  return absl::OkStatus();
}
absl::Status Parse(absl::string_view text, Span& out) { return ParseSpan(text, out); }
absl::Status Parse(absl::string_view text, std::vector<std::string>& out) {
  out = ParseIds(text);
  return absl::OkStatus();
}
absl::Status Parse(absl::string_view text, AttributeType& out) {
  absl::StatusOr<AttributeType> t = ParseAttributeType(text);
  if (!t.ok()) return t.status();
  out = *t;
  return absl::OkStatus();
}
absl::Status Parse(absl::string_view text, RelationDirection& out) {
  absl::StatusOr<RelationDirection> d = ParseRelationDirection(text);
  if (!d.ok()) return d.status();
  out = *d;
  return absl::OkStatus();
}
template <typename V>
absl::Status Parse(absl::string_view, V&) {
  return absl::UnimplementedError("this field has no text form: resolve with \"ours\" or \"theirs\"");
}

template <typename T, typename V>
FieldSpec<T> Member(std::string name, V T::*m, DiffChangeType change = DiffChangeType::kChanged) {
  FieldSpec<T> f;
  f.name = std::move(name);
  f.change = change;
  f.equal = [m](const T& a, const T& b) { return Same(a.*m, b.*m); };
  f.show = [m](const T& a) { return Show(a.*m); };
  f.copy = [m](T& to, const T& from) { to.*m = from.*m; };
  f.parse = [m](T& to, absl::string_view text) { return Parse(text, to.*m); };
  return f;
}

std::string CoderName(const Project& p, const std::string& id) {
  const Coder* c = p.FindCoder(id);
  return c == nullptr ? id : c->name;
}

}  // namespace

std::string ShowSpan(const Span& span) { return absl::StrCat("[", span.start, ", ", span.end, ")"); }

absl::Status ParseSpan(absl::string_view text, Span& span) {
  absl::string_view t = absl::StripAsciiWhitespace(text);
  const bool bracketed = absl::ConsumePrefix(&t, "[") && absl::ConsumeSuffix(&t, ")");
  std::vector<absl::string_view> parts = absl::StrSplit(t, absl::ByAnyChar(",:"));
  int64_t start = 0, end = 0;
  if (!bracketed || parts.size() != 2 ||
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(parts[0]), &start) ||
      !absl::SimpleAtoi(absl::StripAsciiWhitespace(parts[1]), &end)) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected a span \"[start, end)\" in code points, not \"", text, "\""));
  }
  span = Span{start, end};
  return absl::OkStatus();
}

std::string ShowIds(const std::vector<std::string>& ids) { return absl::StrJoin(ids, ","); }

std::vector<std::string> ParseIds(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

std::string ExcerptName(const Project& project, const Excerpt& excerpt) {
  const Document* d = project.FindDocument(excerpt.document_id);
  return absl::StrCat(d == nullptr ? excerpt.document_id : d->name, " ", ShowSpan(excerpt.span));
}

KindSpec<Coder> CoderSpec() {
  return {ObjectKind::kCoder, [](const Project& p) -> const auto& { return p.coders(); },
          [](const Project& p, absl::string_view id) { return p.FindCoder(id); },
          [](const Project&, const Coder& c) { return c.name; },
          {Member("name", &Coder::name, DiffChangeType::kRenamed), Member("metadata", &Coder::metadata)}};
}

KindSpec<AttributeDefinition> AttributeSpec() {
  using A = AttributeDefinition;
  return {ObjectKind::kAttribute, [](const Project& p) -> const auto& { return p.attributes(); },
          [](const Project& p, absl::string_view id) { return p.FindAttribute(id); },
          [](const Project&, const A& a) { return a.name; },
          {Member("name", &A::name, DiffChangeType::kRenamed), Member("type", &A::type),
           Member("description", &A::description), Member("metadata", &A::metadata)}};
}

KindSpec<Case> CaseSpec() {
  KindSpec<Case> k{ObjectKind::kCase, [](const Project& p) -> const auto& { return p.cases(); },
                   [](const Project& p, absl::string_view id) { return p.FindCase(id); },
                   [](const Project&, const Case& c) { return c.name; },
                   {Member("name", &Case::name, DiffChangeType::kRenamed),
                    Member("description", &Case::description), Member("creator", &Case::creator_id),
                    Member("metadata", &Case::metadata)}};
  k.fields[2].display = [](const Project& p, const Case& c) { return CoderName(p, c.creator_id); };
  return k;
}

KindSpec<Document> DocumentSpec() {
  using D = Document;
  KindSpec<D> k{ObjectKind::kDocument, [](const Project& p) -> const auto& { return p.documents(); },
                [](const Project& p, absl::string_view id) { return p.FindDocument(id); },
                [](const Project&, const D& d) { return d.name; },
                {Member("text", &D::text), Member("name", &D::name, DiffChangeType::kRenamed),
                 Member("case", &D::case_id), Member("speaker_turns", &D::speaker_turns),
                 Member("description", &D::description), Member("creator", &D::creator_id),
                 Member("metadata", &D::metadata), Member("source_file", &D::source_file)}};
  k.fields[2].display = [](const Project& p, const D& d) {
    const Case* c = p.FindCase(d.case_id);
    return c == nullptr ? d.case_id : c->name;
  };
  k.fields[5].display = [](const Project& p, const D& d) { return CoderName(p, d.creator_id); };
  return k;
}

KindSpec<Code> CodeSpec() {
  KindSpec<Code> k{ObjectKind::kCode, [](const Project& p) -> const auto& { return p.codebook().codes(); },
                   [](const Project& p, absl::string_view id) { return p.FindCode(id); },
                   [](const Project& p, const Code& c) { return p.codebook().Path(c.id); },
                   {Member("name", &Code::name, DiffChangeType::kRenamed),
                    Member("parent", &Code::parent_id, DiffChangeType::kMoved),
                    Member("description", &Code::description), Member("inclusion", &Code::inclusion),
                    Member("exclusion", &Code::exclusion), Member("example", &Code::example),
                    Member("color", &Code::color), Member("codable", &Code::codable),
                    Member("creator", &Code::creator_id), Member("metadata", &Code::metadata)}};
  k.fields[1].display = [](const Project& p, const Code& c) { return p.codebook().Path(c.parent_id); };
  k.fields[8].display = [](const Project& p, const Code& c) { return CoderName(p, c.creator_id); };
  return k;
}

KindSpec<Excerpt> ExcerptSpec() {
  using E = Excerpt;
  KindSpec<E> k{ObjectKind::kExcerpt, [](const Project& p) -> const auto& { return p.excerpts(); },
                [](const Project& p, absl::string_view id) { return p.FindExcerpt(id); },
                [](const Project& p, const E& e) { return ExcerptName(p, e); },
                {Member("span", &E::span), Member("codes", &E::code_ids, DiffChangeType::kRecoded),
                 Member("document", &E::document_id), Member("coder", &E::coder_id),
                 Member("metadata", &E::metadata)}};
  k.fields[1].display = [](const Project& p, const E& e) {
    return absl::StrJoin(e.code_ids, ", ", [&](std::string* out, const std::string& id) {
      absl::StrAppend(out, p.FindCode(id) == nullptr ? id : p.codebook().Path(id));
    });
  };
  k.fields[3].display = [](const Project& p, const E& e) { return CoderName(p, e.coder_id); };
  return k;
}

KindSpec<Theme> ThemeSpec() {
  KindSpec<Theme> k{ObjectKind::kTheme, [](const Project& p) -> const auto& { return p.themes(); },
                    [](const Project& p, absl::string_view id) { return p.FindTheme(id); },
                    [](const Project&, const Theme& t) { return t.name; },
                    {Member("name", &Theme::name, DiffChangeType::kRenamed),
                     Member("parent", &Theme::parent_id, DiffChangeType::kMoved),
                     Member("codes", &Theme::code_ids, DiffChangeType::kRecoded),
                     Member("description", &Theme::description), Member("color", &Theme::color),
                     Member("creator", &Theme::creator_id), Member("metadata", &Theme::metadata)}};
  k.fields[1].display = [](const Project& p, const Theme& t) {
    const Theme* parent = p.FindTheme(t.parent_id);
    return parent == nullptr ? t.parent_id : parent->name;
  };
  k.fields[2].display = [](const Project& p, const Theme& t) {
    return absl::StrJoin(t.code_ids, ", ", [&](std::string* out, const std::string& id) {
      absl::StrAppend(out, p.FindCode(id) == nullptr ? id : p.codebook().Path(id));
    });
  };
  return k;
}

KindSpec<Relation> RelationSpec() {
  using R = Relation;
  return {ObjectKind::kRelation, [](const Project& p) -> const auto& { return p.relations(); },
          [](const Project& p, absl::string_view id) { return p.FindRelation(id); },
          [](const Project&, const R& r) { return r.label; },
          {Member("source", &R::source_id), Member("target", &R::target_id), Member("label", &R::label),
           Member("direction", &R::direction), Member("description", &R::description),
           Member("creator", &R::creator_id), Member("metadata", &R::metadata)}};
}

KindSpec<Memo> MemoSpec() {
  return {ObjectKind::kMemo, [](const Project& p) -> const auto& { return p.memos(); },
          [](const Project& p, absl::string_view id) { return p.FindMemo(id); },
          [](const Project&, const Memo& m) { return m.title; },
          {Member("title", &Memo::title, DiffChangeType::kRenamed), Member("text", &Memo::text),
           Member("author", &Memo::author_id), Member("target", &Memo::target_id),
           Member("metadata", &Memo::metadata)}};
}

KindSpec<ProjectInfo> ProjectInfoSpec() {
  using P = ProjectInfo;
  return {ObjectKind::kProject, nullptr, nullptr, [](const Project&, const P& p) { return p.title; },
          {Member("title", &P::title, DiffChangeType::kRenamed), Member("description", &P::description),
           Member("creator", &P::creator_id), Member("metadata", &P::metadata)}};
}

}  // namespace thematica::team
