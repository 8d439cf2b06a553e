// Codebook: the hierarchical codes of a project, with the definitions a
// codebook appendix prints (description, inclusion and exclusion criteria,
// example). Names are unique among siblings; moves that would make a cycle
// are refused. Read it through Project::codebook(); change it through
// Project (whose edits also keep excerpts and themes consistent), or on its
// own for a stand-alone codebook (REFI-QDA .qdc).
//
//   const Codebook& book = project.codebook();
//   for (const std::string& id : book.Children("")) {   // root codes
//     std::cout << book.Path(id) << "\n";
//   }
#ifndef THEMATICA_CODEBOOK_H_
#define THEMATICA_CODEBOOK_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "thematica/id.h"
#include "thematica/metadata.h"

namespace thematica {

struct Code {
  std::string id;         // Assigned on add when empty.
  std::string name;       // Unique among siblings; not empty.
  std::string parent_id;  // Code::id, or empty for a root code.
  std::string description;  // The definition.
  std::string inclusion;    // Inclusion criteria.
  std::string exclusion;    // Exclusion criteria.
  std::string example;      // A typical example.
  std::string color;        // "#RRGGBB" (or "#RGB" on input), or empty.
  bool codable = true;      // False for a folder-like code.
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  std::string creator_id;
  Metadata metadata;
};

// OK for "", "#RGB" and "#RRGGBB" (any case); InvalidArgument otherwise.
// `NormalizeColor` returns the "#rrggbb" form ("" stays "").
absl::StatusOr<std::string> NormalizeColor(absl::string_view color);

class Codebook {
 public:
  Codebook();
  ~Codebook();
  Codebook(const Codebook& other);
  Codebook& operator=(const Codebook& other);
  // A moved-from codebook is empty.
  Codebook(Codebook&& other);
  Codebook& operator=(Codebook&& other);

  const std::vector<Code>& codes() const;
  size_t size() const;
  const Code* Find(absl::string_view id) const;
  // The child of `parent_id` ("" for roots) called `name`, or nullptr.
  const Code* FindChild(absl::string_view parent_id,
                        absl::string_view name) const;
  // Follows names from the root, e.g. {"Functions", "Advocacy"}.
  const Code* FindByPath(const std::vector<std::string>& names) const;

  // Ids of the children of `id` ("" for the roots), in insertion order.
  std::vector<std::string> Children(absl::string_view id) const;
  // Ids below `id`, depth first, not including `id`.
  std::vector<std::string> Descendants(absl::string_view id) const;
  // Ids from the root down to the parent of `id`.
  std::vector<std::string> Ancestors(absl::string_view id) const;
  // Names from the root, joined by `separator`.
  std::string Path(absl::string_view id,
                   absl::string_view separator = " / ") const;
  // 0 for a root code.
  int Depth(absl::string_view id) const;

  // Adds `code`, assigning an id from `ids` when it has none. Refuses an
  // empty or sibling-duplicate name, an unknown parent, a bad colour or an
  // id in use.
  absl::StatusOr<std::string> Add(Code code, IdGenerator& ids);
  // Replaces the code with the same id, applying the checks of Add and
  // refusing a parent change that would make a cycle.
  absl::Status Update(Code code);
  absl::Status Rename(absl::string_view id, std::string name);
  absl::Status Move(absl::string_view id, std::string new_parent_id);
  // Removes the codes in `ids` (the caller ensures no remaining code has a
  // removed parent).
  void Erase(const absl::flat_hash_set<std::string>& ids);

  // Every problem with the codebook's own invariants (empty names, duplicate
  // ids or sibling names, unknown parents, cycles, bad colours).
  std::vector<std::string> Problems() const;

  // For loaders: appends without checks; call Problems() afterwards.
  void InsertUnchecked(Code code);
  // For undo: puts a removed code back at `position` / replaces a code
  // without checks (the change log restores a state that passed them).
  void InsertUncheckedAt(size_t position, Code code);
  void ReplaceUnchecked(Code code);
  void Reserve(size_t n);

 private:
  absl::Status CheckName(const Code& code) const;
  static std::string SiblingKey(absl::string_view parent_id, absl::string_view name);
  void Index(const Code& code);
  void Unindex(const Code& code);
  // The codes and the sibling-name index (src/codebook.cc).
  struct Table;
  std::unique_ptr<Table> t_;
};

}  // namespace thematica

#endif  // THEMATICA_CODEBOOK_H_
