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
#include "internal/project_rules.h"
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

// Validate(): the rule set (internal/project_rules.h) over every object, in
// passes per concern; every violation is one message in `problems`. Names and
// ids are "taken" when an object earlier in the pass held them.
class Validator {
 public:
  Validator(const Project& p, std::vector<std::string>& problems) : p_(p), all_(problems) {}

  // Ids: canonical and unique across kinds.
  void Ids() {
    absl::flat_hash_map<absl::string_view, absl::string_view> owner;
    auto claim = [&](absl::string_view id, absl::string_view kind) {
      absl::string_view used_by;
      if (IsCanonicalGuid(id)) {
        auto [it, inserted] = owner.emplace(id, kind);
        if (!inserted) used_by = it->second;
      }
      internal::IdRules(kind, id, used_by, all_);
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

  // Every string is UTF-8.
  void Strings() {
    internal::InfoStringRules(p_.info(), all_);
    auto strings = [&](const auto& items, absl::string_view kind) {
      for (const auto& item : items) internal::StringRules(item, kind, all_);
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

  void CodersAttributesCasesDocuments() {
    absl::flat_hash_set<absl::string_view> names;
    for (const Coder& c : p_.coders()) internal::CoderRules(c, !names.insert(c.name).second, all_);
    names.clear();
    for (const AttributeDefinition& a : p_.attributes()) {
      internal::AttributeRules(a, !names.insert(a.name).second, all_);
    }
    names.clear();
    for (const Case& c : p_.cases()) internal::CaseRules(p_, c, !names.insert(c.name).second, all_);
    names.clear();
    for (const Document& d : p_.documents()) {
      internal::DocumentRules(p_, d, !names.insert(d.name).second, p_.DocumentIndex(d.id)->length(), all_);
    }
  }

  void CodesAndExcerpts() {
    internal::CodebookRules(p_.codebook(), all_);
    for (const Code& c : p_.codebook().codes()) internal::CodeCreatorRule(p_, c, all_);
    for (const Excerpt& e : p_.excerpts()) internal::ExcerptRules(p_, e, all_);
  }

  void Themes() {
    struct ThemeTable {  // The project's themes as Hierarchy reads a table.
      const Project& p;
      const std::vector<Theme>& items() const { return p.themes(); }
      const Theme* Find(absl::string_view id) const { return p.FindTheme(id); }
    } table{p_};
    const internal::Hierarchy themes(table);
    absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> names;
    for (const Theme& t : p_.themes()) {
      internal::ThemeRules(p_, t, !names.insert({t.parent_id, t.name}).second, themes.ReachesCycle(t.id), all_);
    }
  }

  // Duplicate relations are refused by edits only (project_rules.h).
  void RelationsAndMemos() {
    for (const Relation& r : p_.relations()) internal::RelationRules(p_, r, nullptr, all_);
    for (const Memo& m : p_.memos()) internal::MemoRules(p_, m, all_);
  }

 private:
  const Project& p_;
  internal::AllViolations all_;
};

}  // namespace

std::vector<std::string> Project::Validate() const {
  std::vector<std::string> problems;
  Validator v(*this, problems);
  internal::AllViolations all(problems);
  internal::InfoRules(*this, info_, all);
  v.Ids();
  v.Strings();
  v.CodersAttributesCasesDocuments();
  v.CodesAndExcerpts();
  for (const SuggestionRun& r : store_->runs.items()) {
    for (std::string& p : RunProblems(r)) problems.push_back(std::move(p));
  }
  v.Themes();
  v.RelationsAndMemos();
  return problems;
}

}  // namespace thematica
