// The fields of each kind of object that diff and merge compare, with how to
// show a value as text and read it back (a merge resolution's value). One
// table per kind, shared by Diff and Merge. Time stamps are left out.
#ifndef THEMATICA_SRC_TEAM_FIELDS_H_
#define THEMATICA_SRC_TEAM_FIELDS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "thematica/diff.h"
#include "thematica/project.h"

namespace thematica::team {

template <typename T>
struct FieldSpec {
  std::string name;
  DiffChangeType change = DiffChangeType::kChanged;
  std::function<bool(const T&, const T&)> equal;
  // The value in the text form a resolution takes (ids, "[s, e)", …).
  std::function<std::string(const T&)> show;
  // For people: code and theme parents as paths. Defaults to `show`.
  std::function<std::string(const Project&, const T&)> display;
  std::function<void(T& to, const T& from)> copy;
  // Sets the field from text; Unimplemented where a field has no text form.
  std::function<absl::Status(T& to, absl::string_view text)> parse;
};

template <typename T>
struct KindSpec {
  ObjectKind kind = ObjectKind::kNone;
  std::function<const std::vector<T>&(const Project&)> items;
  std::function<const T*(const Project&, absl::string_view)> find;
  std::function<std::string(const Project&, const T&)> name;
  std::vector<FieldSpec<T>> fields;
};

KindSpec<Coder> CoderSpec();
KindSpec<AttributeDefinition> AttributeSpec();
KindSpec<Case> CaseSpec();  // Attribute values are compared one by one, apart.
KindSpec<Document> DocumentSpec();
KindSpec<Code> CodeSpec();
KindSpec<Excerpt> ExcerptSpec();  // The span comes first; Merge treats it apart.
KindSpec<Theme> ThemeSpec();
KindSpec<Relation> RelationSpec();
KindSpec<Memo> MemoSpec();
KindSpec<ProjectInfo> ProjectInfoSpec();

// Text forms shared with the merge.
std::string ShowSpan(const Span& span);
absl::Status ParseSpan(absl::string_view text, Span& span);
std::string ShowIds(const std::vector<std::string>& ids);
std::vector<std::string> ParseIds(absl::string_view text);
// "DOCUMENT-NAME [s, e)".
std::string ExcerptName(const Project& project, const Excerpt& excerpt);

}  // namespace thematica::team

#endif  // THEMATICA_SRC_TEAM_FIELDS_H_
