// One tree implementation for every hierarchy of the model: the codebook's
// codes and the project's themes. Items live in an EntityTable<T> (T has `id`
// and `parent_id`, "" for a root); the tree is read from the parent links, so
// there is no second structure to keep in step. Every walk is guarded
// against cycles (which edits refuse, but a damaged file may hold): it stops
// at the first repeated id.
#ifndef THEMATICA_SRC_INTERNAL_HIERARCHY_H_
#define THEMATICA_SRC_INTERNAL_HIERARCHY_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace thematica::internal {

template <typename Table>
class Hierarchy {
 public:
  explicit Hierarchy(const Table& table) : table_(table) {}

  // Ids of the items directly under `id` ("" for the roots), in table order.
  std::vector<std::string> Children(absl::string_view id) const {
    std::vector<std::string> out;
    for (const auto& item : table_.items()) {
      if (item.parent_id == id) out.push_back(item.id);
    }
    return out;
  }

  // Ids below `id`, depth first (pre-order, children in table order), not
  // including `id`. One pass groups the children, so O(n) for the whole tree.
  std::vector<std::string> Descendants(absl::string_view id) const {
    absl::flat_hash_map<absl::string_view, std::vector<absl::string_view>> children;
    for (const auto& item : table_.items()) children[item.parent_id].push_back(item.id);
    std::vector<std::string> out;
    std::vector<absl::string_view> stack;
    auto push_children = [&](absl::string_view parent) {
      auto it = children.find(parent);
      if (it == children.end()) return;
      for (auto r = it->second.rbegin(); r != it->second.rend(); ++r) stack.push_back(*r);
    };
    push_children(id);
    absl::flat_hash_set<absl::string_view> seen;
    while (!stack.empty()) {
      absl::string_view next = stack.back();
      stack.pop_back();
      if (!seen.insert(next).second) continue;
      out.emplace_back(next);
      push_children(next);
    }
    return out;
  }

  // Ids from the root down to the parent of `id` (empty for a root or an
  // unknown id). Parents that are not in the table end the walk after being
  // listed.
  std::vector<std::string> Ancestors(absl::string_view id) const {
    std::vector<std::string> out;
    const auto* item = table_.Find(id);
    absl::flat_hash_set<absl::string_view> seen;
    while (item != nullptr && !item->parent_id.empty() && seen.insert(item->id).second) {
      out.push_back(item->parent_id);
      item = table_.Find(item->parent_id);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  // 0 for a root.
  int Depth(absl::string_view id) const { return static_cast<int>(Ancestors(id).size()); }

  // Whether walking up from `id` meets an id twice (a damaged file).
  bool ReachesCycle(absl::string_view id) const {
    const auto* item = table_.Find(id);
    absl::flat_hash_set<absl::string_view> seen;
    while (item != nullptr && !item->parent_id.empty()) {
      if (!seen.insert(item->id).second) return true;
      item = table_.Find(item->parent_id);
    }
    return false;
  }

  // Whether putting `id` under `new_parent_id` would make a cycle: the new
  // parent is `id` itself or one of its descendants.
  bool WouldCycle(absl::string_view id, absl::string_view new_parent_id) const {
    if (new_parent_id.empty()) return false;
    if (new_parent_id == id) return true;
    for (const std::string& a : Ancestors(new_parent_id)) {
      if (a == id) return true;
    }
    return false;
  }

 private:
  const Table& table_;
};

template <typename Table>
Hierarchy(const Table&) -> Hierarchy<Table>;

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_HIERARCHY_H_
