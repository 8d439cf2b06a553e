// The one rule set of a valid project, used by every edit (Project's Add/
// Update calls refuse the first violation) and by every load
// (Project::Validate() lists them all). Each rule is stated once, in one
// function per kind of object, and reports a violation to a sink with both of
// its wordings, built from the same facts: the edit's refusal (with its status
// code) and the load's problem line. What differs between the two paths by
// nature — is a name already taken? at edit time "another object holds it",
// at load time "an object earlier in the pass held it" — is an input the
// caller computes, never a second copy of a rule. Not installed.
//
//   internal::FirstViolation first;                      // An edit.
//   internal::CaseRules(project, c, name_taken, first);
//   THEMATICA_RETURN_IF_ERROR(first.status());
//
//   internal::AllViolations all(problems);               // A load.
//   for (const Case& c : project.cases()) internal::CaseRules(project, c, !seen.insert(c.name).second, all);
#ifndef THEMATICA_SRC_INTERNAL_PROJECT_RULES_H_
#define THEMATICA_SRC_INTERNAL_PROJECT_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "internal/string_rules.h"
#include "thematica/codebook.h"
#include "thematica/project.h"

namespace thematica::internal {

// One broken rule, in both wordings: the edit's refusal (`code` and `edit`)
// and the load's problem line (`load`). `load` is empty for a rule only edits
// enforce (files written before the rule existed may break it and still load).
struct Violation {
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
  std::string edit;
  std::string load;
};

// Where the rules report what they find.
class RuleSink {
 public:
  virtual ~RuleSink() = default;
  virtual void Report(Violation violation) = 0;
};

// The edit path: keeps the first violation an edit enforces.
class FirstViolation final : public RuleSink {
 public:
  void Report(Violation violation) override;
  // OK when nothing was reported; else the first violation's code and edit wording.
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

// The load path: appends the load wording of every violation to `problems`.
class AllViolations final : public RuleSink {
 public:
  explicit AllViolations(std::vector<std::string>& problems) : problems_(problems) {}
  void Report(Violation violation) override;

 private:
  std::vector<std::string>& problems_;
};

// Every string of `item` is UTF-8 and every time in the file range
// (string_rules.h); the same wording on both paths.
template <typename T>
void StringRules(const T& item, absl::string_view kind, RuleSink& sink) {
  absl::Status s = CheckStrings(item, kind);
  if (!s.ok()) sink.Report({s.code(), std::string(s.message()), std::string(s.message())});
}
void InfoStringRules(const ProjectInfo& info, RuleSink& sink);

// An id is a lower-case GUID and names nothing else. `used_by`: the kind of
// the object that already holds the id ("" when none) — at edit time any
// object of the project, at load time one earlier in the pass. `kind` (of the
// object holding `id`) words the load problem.
void IdRules(absl::string_view kind, absl::string_view id, absl::string_view used_by, RuleSink& sink);
// The project's own id and creator.
void InfoRules(const Project& p, const ProjectInfo& info, RuleSink& sink);

// `name_taken`: another object of the kind holds this name (for themes and
// codes: among its siblings).
void CoderRules(const Coder& c, bool name_taken, RuleSink& sink);
void AttributeRules(const AttributeDefinition& a, bool name_taken, RuleSink& sink);
void CaseRules(const Project& p, const Case& c, bool name_taken, RuleSink& sink);
// `length`: the document's text in code points (0 when the text is not UTF-8).
void DocumentRules(const Project& p, const Document& d, bool name_taken, int64_t length,
                   RuleSink& sink);
void ExcerptRules(const Project& p, const Excerpt& e, RuleSink& sink);
// `in_cycle`: following parents from the theme comes back round — at edit
// time "the new parent is the theme or one of its sub-themes", at load time
// "the parent chain loops".
void ThemeRules(const Project& p, const Theme& t, bool name_taken, bool in_cycle, RuleSink& sink);
// `duplicate`: another relation with the same ends, label and direction
// (only edits look for one), or nullptr.
void RelationRules(const Project& p, const Relation& r, const Relation* duplicate, RuleSink& sink);
void MemoRules(const Project& p, const Memo& m, RuleSink& sink);

// A code's coder reference (checked by the Project, which knows the coders).
void CodeCreatorRule(const Project& p, const Code& c, RuleSink& sink);
// A code's own id in the codebook: a lower-case GUID, not held by another code.
void CodeIdRules(const Code& c, bool id_taken, RuleSink& sink);
// A code's name: non-blank, no "/", not held by a sibling.
void CodeNameRules(const Codebook& book, const Code& c, bool name_taken, RuleSink& sink);
// A code's parent exists.
void CodeParentRule(const Codebook& book, const Code& c, RuleSink& sink);
// A code's parent chain does not loop. `in_cycle`: at edit time "the new
// parent is the code or one of its descendants", at load time "the parent
// chain loops"; `shown_name`: the name an edit's refusal quotes (the code's
// name before the edit).
void CodeCycleRule(const Codebook& book, const Code& c, absl::string_view shown_name, bool in_cycle,
                   RuleSink& sink);
// A code's colour is "" or #rrggbb.
void CodeColourRule(const Code& c, RuleSink& sink);
// Every code of a loaded codebook: the rules above, with ids and sibling
// names "taken" when a code earlier in the codebook held them, then cycles.
void CodebookRules(const Codebook& book, RuleSink& sink);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_PROJECT_RULES_H_
