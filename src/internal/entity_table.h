// EntityTable: objects kept in insertion order with O(1) lookup by id.
// The container behind Project's store and Codebook's table (internal: not
// installed; the public headers hold them behind a pointer).
//
//   EntityTable<Coder> coders;
//   coders.Insert(Coder{.id = "…", .name = "Ana"});
//   const Coder* ana = coders.Find("…");
#ifndef THEMATICA_INTERNAL_ENTITY_TABLE_H_
#define THEMATICA_INTERNAL_ENTITY_TABLE_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace thematica {

template <typename T>
class EntityTable {
 public:
  const std::vector<T>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  bool contains(absl::string_view id) const { return index_.contains(id); }

  const T* Find(absl::string_view id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  T* FindMutable(absl::string_view id) {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &items_[it->second];
  }

  // Appends; the caller has checked that the id is new.
  T& Insert(T item) {
    index_.emplace(item.id, items_.size());
    items_.push_back(std::move(item));
    return items_.back();
  }

  // Inserts at `position` (clamped to the end), moving later items back: the
  // inverse of removing an item from there. O(items after `position`).
  void InsertAt(size_t position, T item) {
    if (position >= items_.size()) {
      Insert(std::move(item));
      return;
    }
    items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(position), std::move(item));
    ReindexFrom(position);
  }

  // Removes the items whose ids are in `ids`, keeping the others' order.
  // O(ids + items after the first one removed): removing recent items is cheap.
  void Erase(const absl::flat_hash_set<std::string>& ids) {
    std::vector<size_t> gone;
    gone.reserve(ids.size());
    for (const std::string& id : ids) {
      auto it = index_.find(id);
      if (it != index_.end()) gone.push_back(it->second);
    }
    if (gone.empty()) return;
    std::sort(gone.begin(), gone.end());
    for (size_t i : gone) index_.erase(items_[i].id);
    size_t out = gone.front();
    size_t next = 0;  // Into `gone`.
    for (size_t i = gone.front(); i < items_.size(); ++i) {
      if (next < gone.size() && gone[next] == i) {
        ++next;
        continue;
      }
      if (out != i) items_[out] = std::move(items_[i]);
      ++out;
    }
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(out), items_.end());
    ReindexFrom(gone.front());
  }

  // Direct access for bulk edits that keep every id unchanged.
  std::vector<T>& mutable_items() { return items_; }

  void Reserve(size_t n) {
    items_.reserve(n);
    index_.reserve(n);
  }

 private:
  void ReindexFrom(size_t position) {
    for (size_t i = position; i < items_.size(); ++i) index_.insert_or_assign(items_[i].id, i);
  }

  std::vector<T> items_;
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace thematica

#endif  // THEMATICA_INTERNAL_ENTITY_TABLE_H_
