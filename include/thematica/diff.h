// Diff: what changed between two versions of a project, object by object.
// Objects are matched by their stable ids, never by name, so a renamed code
// is one "renamed" change rather than a removal and an addition.
//
//   thematica::ProjectDiff d = thematica::Diff(last_week, today);
//   for (const thematica::DiffChange& c : d.changes) { … c.kind, c.change, c.field … }
//   std::cout << d.ToText();   // reads like a changelog
//
// Time stamps (created, modified) are not compared: they change with every
// edit and say nothing a reader needs. Cost: linear in the size of the two
// projects (hash lookups by id), plus a code-point diff per edited text.
#ifndef THEMATICA_DIFF_H_
#define THEMATICA_DIFF_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

enum class DiffChangeType { kAdded, kRemoved, kChanged, kMoved, kRenamed, kRecoded };

// "added", "removed", "changed", "moved", "renamed", "recoded".
absl::string_view DiffChangeTypeName(DiffChangeType type);

// One change. For an addition or a removal `field` is empty and before/after
// hold nothing; otherwise one field that differs, shown as text: the name
// (renamed), the parent code or theme path (moved), the code ids of an
// excerpt (recoded), a span as "[start, end)" in code points, a case's
// attribute value (field "attribute:NAME"), a document's text in full.
struct DiffChange {
  ObjectKind kind = ObjectKind::kNone;
  std::string id;
  std::string name;  // Name, code path, memo title, or "DOCUMENT [start, end)" for an excerpt.
  DiffChangeType change = DiffChangeType::kChanged;
  std::string field;
  std::string before;
  std::string after;
};

struct ProjectDiff {
  // In kind order (project, coders, attributes, cases, documents, codes,
  // excerpts, themes, relations, memos), then in `b`'s order of objects,
  // removals after the objects of `b`.
  std::vector<DiffChange> changes;
  bool empty() const { return changes.empty(); }
  // One line per change, e.g. `code  renamed  Stigma → Self-stigma`; long
  // texts are shortened.
  std::string ToText() const;
};

// The changes that turn `a` into `b`.
ProjectDiff Diff(const Project& a, const Project& b);

// A readable, line-oriented dump of a whole project, for `git diff`'s
// textconv: one line per object, sorted by kind and path so that a line
// diff of two dumps shows what changed.
std::string ProjectText(const Project& project);

}  // namespace thematica

#endif  // THEMATICA_DIFF_H_
