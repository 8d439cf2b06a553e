// The private store of a Project: its entity tables and the name and text
// indexes that keep adds O(1). Project's files reach it as `store_->…`;
// nothing else does (internal: not installed).
#ifndef THEMATICA_INTERNAL_PROJECT_STORE_H_
#define THEMATICA_INTERNAL_PROJECT_STORE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "internal/entity_table.h"
#include "thematica/project.h"

namespace thematica {

struct Project::Store {
  EntityTable<Coder> coders;
  EntityTable<AttributeDefinition> attributes;
  EntityTable<Case> cases;
  EntityTable<Document> documents;
  // Name → id for the kinds that grow to 10^5 and more, so adds stay O(1).
  absl::flat_hash_map<std::string, std::string> case_names;
  absl::flat_hash_map<std::string, std::string> document_names;
  absl::flat_hash_map<std::string, TextIndex> text_indexes;
  Codebook codebook;
  EntityTable<Excerpt> excerpts;
  EntityTable<Theme> themes;
  EntityTable<Relation> relations;
  EntityTable<Memo> memos;
  EntityTable<SuggestionRun> runs;

  // The table holding objects of type T (codes: the codebook's own).
  template <typename T>
  EntityTable<T>& Table();
};

template <>
inline EntityTable<Coder>& Project::Store::Table<Coder>() { return coders; }
template <>
inline EntityTable<AttributeDefinition>& Project::Store::Table<AttributeDefinition>() { return attributes; }
template <>
inline EntityTable<Case>& Project::Store::Table<Case>() { return cases; }
template <>
inline EntityTable<Document>& Project::Store::Table<Document>() { return documents; }
template <>
inline EntityTable<Excerpt>& Project::Store::Table<Excerpt>() { return excerpts; }
template <>
inline EntityTable<Theme>& Project::Store::Table<Theme>() { return themes; }
template <>
inline EntityTable<Relation>& Project::Store::Table<Relation>() { return relations; }
template <>
inline EntityTable<Memo>& Project::Store::Table<Memo>() { return memos; }

}  // namespace thematica

#endif  // THEMATICA_INTERNAL_PROJECT_STORE_H_
