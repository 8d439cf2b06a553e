// Project: bulk loading and Validate() (the load-time checks).
#include "thematica/project.h"

#include "internal/project_store.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "internal/sha256.h"
#include "internal/string_rules.h"
#include "internal/hierarchy.h"
#include "project_edit.h"
#include "thematica/ai.h"
#include "thematica/status_macros.h"

namespace thematica {

using namespace project_edit;  // NOLINT: the shared helpers of Project's files.

// --- Bulk loading and validation ----------------------------------------------

void Project::InsertCoderUnchecked(Coder coder) { store_->coders.Insert(std::move(coder)); }
void Project::InsertAttributeUnchecked(AttributeDefinition attribute) {
  structure_.Renew();
  store_->attributes.Insert(std::move(attribute));
}
void Project::InsertCaseUnchecked(Case c) {
  structure_.Renew();
  store_->case_names.emplace(c.name, c.id);  // A repeated name is left to Validate().
  store_->cases.Insert(std::move(c));
}
void Project::InsertDocumentUnchecked(Document document) {
  structure_.Renew();
  // Invalid UTF-8 is reported by Validate(); index what is there.
  store_->text_indexes[document.id] =
      ValidateUtf8(document.text).ok() ? TextIndex(document.text) : TextIndex();
  store_->document_names.emplace(document.name, document.id);
  store_->documents.Insert(std::move(document));
}
void Project::InsertCodeUnchecked(Code code) {
  structure_.Renew();
  store_->codebook.InsertUnchecked(std::move(code));
}
void Project::InsertExcerptUnchecked(Excerpt excerpt) {
  structure_.Renew();
  store_->excerpts.Insert(std::move(excerpt));
}
void Project::InsertThemeUnchecked(Theme theme) { store_->themes.Insert(std::move(theme)); }
void Project::InsertRelationUnchecked(Relation relation) {
  store_->relations.Insert(std::move(relation));
}
void Project::InsertMemoUnchecked(Memo memo) { store_->memos.Insert(std::move(memo)); }
void Project::InsertSuggestionRunUnchecked(SuggestionRun run) { store_->runs.Insert(std::move(run)); }

void Project::Reserve(size_t documents, size_t excerpts) {
  store_->documents.Reserve(documents);
  store_->document_names.reserve(documents);
  store_->text_indexes.reserve(documents);
  store_->excerpts.Reserve(excerpts);
}

namespace {

// Validate()'s checks, one group per kind of object; every problem is one
// message in `problems`.
class Validator {
 public:
  Validator(const Project& p, std::vector<std::string>& problems) : p_(p), problems_(problems) {}

  template <typename... Parts>
  void problem(const Parts&... parts) {
    problems_.push_back(absl::StrCat(parts...));
  }
  bool coder_ok(absl::string_view id) const { return id.empty() || p_.FindCoder(id) != nullptr; }

  // Ids: canonical and unique across kinds.
  void Ids() {
    absl::flat_hash_map<absl::string_view, absl::string_view> owner;
    auto claim = [&](absl::string_view id, absl::string_view kind) {
      if (!IsCanonicalGuid(id)) {
        problem(kind, " id \"", id, "\" is not a lower-case GUID");
        return;
      }
      auto [it, inserted] = owner.emplace(id, kind);
      if (!inserted) problem(kind, " id ", id, " is already used by a ", it->second);
    };
    owner.reserve(p_.coders().size() + p_.documents().size() + p_.excerpts().size() + 16);
    claim(p_.id(), "project");
    for (const Coder& c : p_.coders()) claim(c.id, "coder");
    for (const AttributeDefinition& a : p_.attributes()) claim(a.id, "attribute");
    for (const Case& c : p_.cases()) claim(c.id, "case");
    for (const Document& d : p_.documents()) claim(d.id, "document");
    for (const Code& c : p_.codebook().codes()) claim(c.id, "code");
    for (const Excerpt& e : p_.excerpts()) claim(e.id, "excerpt");
    for (const Theme& t : p_.themes()) claim(t.id, "theme");
    for (const Relation& r : p_.relations()) claim(r.id, "relation");
    for (const Memo& m : p_.memos()) claim(m.id, "memo");
    for (const SuggestionRun& r : p_.suggestion_runs()) {
      claim(r.id, "suggestion run");
      for (const Suggestion& x : r.suggestions) claim(x.id, "suggestion");
    }
  }

  // Every string is UTF-8 (the rule the edits follow, internal/string_rules.h).
  void Strings() {
    if (absl::Status st = CheckInfoStrings(p_.info()); !st.ok()) problem(st.message());
    auto strings = [&](const auto& items, absl::string_view kind) {
      for (const auto& item : items) {
        if (absl::Status st = internal::CheckStrings(item, kind); !st.ok()) problem(st.message());
      }
    };
    strings(p_.coders(), "coder");
    strings(p_.attributes(), "attribute");
    strings(p_.cases(), "case");
    strings(p_.documents(), "document");
    strings(p_.codebook().codes(), "code");
    strings(p_.excerpts(), "excerpt");
    strings(p_.themes(), "theme");
    strings(p_.relations(), "relation");
    strings(p_.memos(), "memo");
  }

  void CodersAndAttributes() {
    absl::flat_hash_set<absl::string_view> names;
    for (const Coder& c : p_.coders()) {
      if (Blank(c.name)) problem("coder ", c.id, ": empty name");
      if (!names.insert(c.name).second) problem("coder ", c.id, ": name \"", c.name, "\" used twice");
    }
    names.clear();
    for (const AttributeDefinition& a : p_.attributes()) {
      if (Blank(a.name)) problem("attribute ", a.id, ": empty name");
      if (!names.insert(a.name).second) problem("attribute ", a.id, ": name \"", a.name, "\" used twice");
    }
  }

  void Cases() {
    absl::flat_hash_set<absl::string_view> names;
    for (const Case& c : p_.cases()) {
      const std::string where = absl::StrCat("case ", c.id, " (\"", c.name, "\")");
      if (Blank(c.name)) problem(where, ": empty name");
      if (!names.insert(c.name).second) problem(where, ": name used twice");
      if (!coder_ok(c.creator_id)) problem(where, ": creator ", c.creator_id, " is not a coder");
      for (const auto& [attribute_id, value] : c.attributes) {
        const AttributeDefinition* a = p_.FindAttribute(attribute_id);
        if (a == nullptr) {
          problem(where, ": value for unknown attribute ", attribute_id);
        } else if (a->type != value.type()) {
          problem(where, ": attribute \"", a->name, "\" is ", AttributeTypeName(a->type),
                  " but holds a ", AttributeTypeName(value.type()), " value");
        }
      }
    }
  }

  void Documents() {
    absl::flat_hash_set<absl::string_view> names;
    for (const Document& d : p_.documents()) {
      const std::string where = absl::StrCat("document ", d.id, " (\"", d.name, "\")");
      if (Blank(d.name)) problem(where, ": empty name");
      if (!names.insert(d.name).second) problem(where, ": name used twice");
      if (absl::Status s = ValidateUtf8(d.text); !s.ok()) problem(where, ": text: ", s.message());
      if (!d.case_id.empty() && p_.FindCase(d.case_id) == nullptr) {
        problem(where, ": case ", d.case_id, " not found");
      }
      if (!coder_ok(d.creator_id)) problem(where, ": creator ", d.creator_id, " is not a coder");
      const int64_t length = p_.DocumentIndex(d.id)->length();
      for (const SpeakerTurn& t : d.speaker_turns) {
        if (t.span.start < 0 || t.span.end <= t.span.start || t.span.end > length) {
          problem(where, ": speaker turn ", SpanToString(t.span), " outside its ",
                  length, " code points");
        }
        if (!t.case_id.empty() && p_.FindCase(t.case_id) == nullptr) {
          problem(where, ": speaker turn names unknown case ", t.case_id);
        }
      }
    }
  }

  void CodesAndExcerpts() {
    for (std::string& p : p_.codebook().Problems()) problems_.push_back(std::move(p));
    for (const Code& c : p_.codebook().codes()) {
      if (!coder_ok(c.creator_id)) problem("code ", c.id, ": creator ", c.creator_id, " is not a coder");
    }
    for (const Excerpt& e : p_.excerpts()) OneExcerpt(e);
  }

  void OneExcerpt(const Excerpt& e) {
    const std::string where = absl::StrCat("excerpt ", e.id);
    const TextIndex* index = p_.DocumentIndex(e.document_id);
    if (index == nullptr) {
      problem(where, ": document ", e.document_id, " not found");
    } else if (e.span.start < 0 || e.span.end <= e.span.start || e.span.end > index->length()) {
      problem(where, ": range ", SpanToString(e.span), " outside its document's ",
              index->length(), " code points");
    }
    if (e.code_ids.empty()) problem(where, ": no codes");
    for (size_t i = 0; i < e.code_ids.size(); ++i) {
      const Code* c = p_.FindCode(e.code_ids[i]);
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

  void Themes() {
    struct ThemeTable {  // The project's themes as Hierarchy reads a table.
      const Project& p;
      const std::vector<Theme>& items() const { return p.themes(); }
      const Theme* Find(absl::string_view id) const { return p.FindTheme(id); }
    } table{p_};
    const internal::Hierarchy themes(table);
    absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> theme_names;
    for (const Theme& t : p_.themes()) {
      const std::string where = absl::StrCat("theme ", t.id, " (\"", t.name, "\")");
      if (Blank(t.name)) problem(where, ": empty name");
      if (!theme_names.insert({t.parent_id, t.name}).second) problem(where, ": name repeated among siblings");
      if (!t.parent_id.empty() && p_.FindTheme(t.parent_id) == nullptr) {
        problem(where, ": parent theme ", t.parent_id, " not found");
      }
      if (themes.ReachesCycle(t.id)) problem(where, ": its parents form a cycle");
      absl::flat_hash_set<absl::string_view> seen;
      for (const std::string& c : t.code_ids) {
        if (p_.FindCode(c) == nullptr) problem(where, ": code ", c, " not found");
        if (!seen.insert(c).second) problem(where, ": code ", c, " listed twice");
      }
      if (absl::StatusOr<std::string> color = NormalizeColor(t.color); !color.ok() || *color != t.color) {
        problem(where, ": colour \"", t.color, "\" not in #rrggbb form");
      }
      if (!coder_ok(t.creator_id)) problem(where, ": creator ", t.creator_id, " is not a coder");
    }
  }

  void RelationsAndMemos() {
    for (const Relation& r : p_.relations()) {
      for (const std::string* end : {&r.source_id, &r.target_id}) {
        const ObjectKind kind = p_.KindOf(*end);
        if (kind != ObjectKind::kTheme && kind != ObjectKind::kCode) {
          problem("relation ", r.id, ": end ", *end, " is not a theme or code");
        }
      }
      if (!coder_ok(r.creator_id)) problem("relation ", r.id, ": creator ", r.creator_id, " is not a coder");
    }
    for (const Memo& m : p_.memos()) {
      if (!m.target_id.empty() && p_.KindOf(m.target_id) == ObjectKind::kNone) {
        problem("memo ", m.id, ": target ", m.target_id, " not found");
      }
      if (!coder_ok(m.author_id)) problem("memo ", m.id, ": author ", m.author_id, " is not a coder");
      if (absl::Status s = ValidateUtf8(m.text); !s.ok()) problem("memo ", m.id, ": text: ", s.message());
    }
  }

 private:
  const Project& p_;
  std::vector<std::string>& problems_;
};

}  // namespace

std::vector<std::string> Project::Validate() const {
  std::vector<std::string> problems;
  Validator v(*this, problems);
  if (!IsCanonicalGuid(info_.id)) v.problem("project id \"", info_.id, "\" is not a lower-case GUID");
  if (!info_.creator_id.empty() && !store_->coders.contains(info_.creator_id)) {
    v.problem("project: creator ", info_.creator_id, " is not a coder");
  }
  v.Ids();
  v.Strings();
  v.CodersAndAttributes();
  v.Cases();
  v.Documents();
  v.CodesAndExcerpts();
  for (const SuggestionRun& r : store_->runs.items()) {
    for (std::string& p : RunProblems(r)) problems.push_back(std::move(p));
  }
  v.Themes();
  v.RelationsAndMemos();
  return problems;
}

}  // namespace thematica
