// Project: the private store (internal/project_store.h) and the reads that
// go straight to it.
#include "internal/project_store.h"

#include <memory>
#include <utility>

namespace thematica {

Project::StoreHandle::StoreHandle() : store_(std::make_unique<Store>()) {}
Project::StoreHandle::~StoreHandle() = default;
Project::StoreHandle::StoreHandle(const StoreHandle& other)
    : store_(std::make_unique<Store>(*other.store_)) {}
Project::StoreHandle& Project::StoreHandle::operator=(const StoreHandle& other) {
  if (this != &other) store_ = std::make_unique<Store>(*other.store_);
  return *this;
}
// The moved-from project keeps an empty store, so it stays usable.
Project::StoreHandle::StoreHandle(StoreHandle&& other)
    : store_(std::exchange(other.store_, std::make_unique<Store>())) {}
Project::StoreHandle& Project::StoreHandle::operator=(StoreHandle&& other) {
  if (this != &other) store_ = std::exchange(other.store_, std::make_unique<Store>());
  return *this;
}

const std::vector<Coder>& Project::coders() const { return store_->coders.items(); }
const Coder* Project::FindCoder(absl::string_view id) const { return store_->coders.Find(id); }
const std::vector<AttributeDefinition>& Project::attributes() const {
  return store_->attributes.items();
}
const AttributeDefinition* Project::FindAttribute(absl::string_view id) const {
  return store_->attributes.Find(id);
}
const std::vector<Case>& Project::cases() const { return store_->cases.items(); }
const Case* Project::FindCase(absl::string_view id) const { return store_->cases.Find(id); }
const std::vector<Document>& Project::documents() const { return store_->documents.items(); }
const Document* Project::FindDocument(absl::string_view id) const {
  return store_->documents.Find(id);
}
const Codebook& Project::codebook() const { return store_->codebook; }
const Code* Project::FindCode(absl::string_view id) const { return store_->codebook.Find(id); }
const std::vector<Excerpt>& Project::excerpts() const { return store_->excerpts.items(); }
const Excerpt* Project::FindExcerpt(absl::string_view id) const {
  return store_->excerpts.Find(id);
}
const std::vector<Theme>& Project::themes() const { return store_->themes.items(); }
const Theme* Project::FindTheme(absl::string_view id) const { return store_->themes.Find(id); }
const std::vector<Relation>& Project::relations() const { return store_->relations.items(); }
const Relation* Project::FindRelation(absl::string_view id) const {
  return store_->relations.Find(id);
}
const std::vector<Memo>& Project::memos() const { return store_->memos.items(); }
const Memo* Project::FindMemo(absl::string_view id) const { return store_->memos.Find(id); }
const std::vector<SuggestionRun>& Project::suggestion_runs() const { return store_->runs.items(); }
const SuggestionRun* Project::FindSuggestionRun(absl::string_view id) const {
  return store_->runs.Find(id);
}

}  // namespace thematica
