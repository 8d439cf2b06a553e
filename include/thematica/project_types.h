// The value types around a Project (thematica/project.h): what kind of
// object an id names, the project's own fields, the change log's records,
// what a removal took with it, excerpt filters and per-code counts. Included
// by project.h; include it alone to use these types without the class.
#ifndef THEMATICA_PROJECT_TYPES_H_
#define THEMATICA_PROJECT_TYPES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "thematica/attribute.h"
#include "thematica/case.h"
#include "thematica/codebook.h"
#include "thematica/coder.h"
#include "thematica/document.h"
#include "thematica/excerpt.h"
#include "thematica/memo.h"
#include "thematica/metadata.h"
#include "thematica/relation.h"
#include "thematica/theme.h"

namespace thematica {

// Version of the native file format this library writes.
inline constexpr uint32_t kFormatVersionMajor = 1;
inline constexpr uint32_t kFormatVersionMinor = 2;

// Content that a newer minor format version wrote and this version does not
// model, for one object: (path inside the object's message, encoded content)
// pairs, in the encoding it was read from. Opaque outside the native format.
struct PreservedFields {
  std::vector<std::pair<std::string, std::string>> binary;  // Protobuf wire bytes.
  std::vector<std::pair<std::string, std::string>> json;    // `"key": value` members.
  bool empty() const { return binary.empty() && json.empty(); }
};
using PreservedFieldMap = absl::flat_hash_map<std::string, PreservedFields>;

// The kinds of object a project holds (what an id refers to).
enum class ObjectKind {
  kNone,
  kProject,
  kCoder,
  kAttribute,
  kCase,
  kDocument,
  kCode,
  kExcerpt,
  kTheme,
  kRelation,
  kMemo,
  kSuggestionRun,
};
// "coder", "document", … ("none" for kNone).
absl::string_view ObjectKindName(ObjectKind kind);

// The project's own descriptive fields.
struct ProjectInfo {
  std::string id;
  std::string title;
  std::string description;
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  std::string creator_id;  // Coder::id, or empty.
  Metadata metadata;
};

// --- Change log (format 1.2) -------------------------------------------------
// Every change made through the Add/Update/Remove/… calls is recorded as one
// ChangeRecord per object touched; the records of one call (a cascade, an
// import grouped by Project::ChangeScope) share a `step`, the unit of undo.
// Loaders record nothing.
enum class ChangeOp { kAdd, kUpdate, kRemove };
// "add", "update", "remove".
absl::string_view ChangeOpName(ChangeOp op);

// A whole object as it was: one of the kinds a project holds.
using ObjectValue = std::variant<ProjectInfo, Coder, AttributeDefinition, Case, Document, Code,
                                 Excerpt, Theme, Relation, Memo>;
// The kind of object an ObjectValue holds.
ObjectKind KindOfValue(const ObjectValue& value);
// The id of the object an ObjectValue holds.
const std::string& IdOfValue(const ObjectValue& value);

struct ChangeRecord {
  int64_t seq = 0;   // 1, 2, …: order of the changes, never reused.
  int64_t step = 0;  // Records of one call share it; undo reverts a step.
  absl::Time time = absl::InfinitePast();
  std::string coder_id;  // The current coder when the change was made, or empty.
  ChangeOp op = ChangeOp::kAdd;
  ObjectKind kind = ObjectKind::kNone;
  std::string object_id;
  std::string summary;  // The call, e.g. "RemoveCode (cascade)", or a ChangeScope's label.
  // kRemove: the index the object had in its list, so undo puts it back there.
  int64_t position = -1;
  // kUpdate, kRemove: the object before the change (shared: records are
  // immutable). kAdd stores nothing: the object added is the "after", which is
  // the object's next record's `before`, or the object as it is now.
  std::shared_ptr<const ObjectValue> before;
};

// Change-log state saved with the project (Project field 20).
struct HistorySettings {
  bool enabled = true;
  // Steps below this one cannot be undone: the log was off in between.
  int64_t undo_floor = 0;
  int64_t next_seq = 1;
};

// One entry of a project's excerpt journal (Project::ExcerptChangesSince).
struct ExcerptChange {
  uint64_t revision = 0;  // Project::revision() while the change was made.
  ChangeOp op = ChangeOp::kAdd;
  std::string excerpt_id;
};

// What a removal took with it (ids per kind), so callers can tell the user.
struct RemovalReport {
  std::vector<std::string> codes;
  std::vector<std::string> excerpts;
  std::vector<std::string> themes;
  std::vector<std::string> relations;
  std::vector<std::string> memos;
  // Documents and speaker turns that were linked to a removed case and are
  // now unlinked (the documents themselves stay).
  std::vector<std::string> unlinked_documents;
  int64_t unlinked_speaker_turns = 0;
  // Excerpts that lost a code but kept others.
  std::vector<std::string> recoded_excerpts;
  std::vector<std::string> suggestion_runs;
  // Suggestions (of runs that stay) on a removed document or code.
  int64_t suggestions = 0;

  // e.g. "3 excerpts, 1 memo"; "nothing else" when empty.
  std::string Summary() const;
};

// Which excerpts Project::Excerpts returns; empty fields do not filter.
struct ExcerptFilter {
  std::string code_id;
  std::string document_id;
  std::string case_id;
  std::string coder_id;
  // "human", "rule", "import" or "model"; empty for any.
  std::string provenance;
  // Only excerpts accepted from this SuggestionRun.
  std::string run_id;
  // With code_id: also excerpts coded with any descendant of the code.
  bool include_descendants = false;
};

// How much a code is used.
struct CodeCount {
  std::string code_id;
  int64_t excerpts = 0;   // Excerpts carrying the code.
  int64_t documents = 0;  // Distinct documents among them.
  int64_t cases = 0;      // Distinct cases among them (see ExcerptCaseIds).
};

}  // namespace thematica

#endif  // THEMATICA_PROJECT_TYPES_H_
