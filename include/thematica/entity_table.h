// EntityTable: objects kept in insertion order with O(1) lookup by id.
// The container behind Project and Codebook; exposed because their headers
// hold one, not meant as an API of its own.
//
//   EntityTable<Coder> coders;
//   coders.Insert(Coder{.id = "…", .name = "Ana"});
//   const Coder* ana = coders.Find("…");
#ifndef THEMATICA_ENTITY_TABLE_H_
#define THEMATICA_ENTITY_TABLE_H_

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
  // inverse of removing an item from there. O(size).
  void InsertAt(size_t position, T item) {
    if (position >= items_.size()) {
      Insert(std::move(item));
      return;
    }
    items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(position), std::move(item));
    Reindex();
  }

  // Removes the items whose ids are in `ids`, keeping the others' order.
  // O(size) whatever the number removed.
  void Erase(const absl::flat_hash_set<std::string>& ids) {
    if (ids.empty()) return;
    std::vector<T> kept;
    kept.reserve(items_.size());
    for (T& item : items_) {
      if (!ids.contains(item.id)) kept.push_back(std::move(item));
    }
    items_ = std::move(kept);
    Reindex();
  }

  // Direct access for bulk edits that keep every id unchanged.
  std::vector<T>& mutable_items() { return items_; }

  void Reserve(size_t n) {
    items_.reserve(n);
    index_.reserve(n);
  }

 private:
  void Reindex() {
    index_.clear();
    index_.reserve(items_.size());
    for (size_t i = 0; i < items_.size(); ++i) index_.emplace(items_[i].id, i);
  }

  std::vector<T> items_;
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace thematica

#endif  // THEMATICA_ENTITY_TABLE_H_
