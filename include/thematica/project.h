// Project: one qualitative-analysis study — coders, case attributes, cases,
// documents, the codebook, coded excerpts, themes, thematic-map relations and
// memos — and the operations that keep them consistent.
//
// Objects are values that refer to each other by stable ids (lower-case
// UUIDs). The Project owns them all and checks every reference on every
// change: a failed call returns a Status that says what and where, and leaves
// the project exactly as it was. Text positions are Unicode code points.
//
//   thematica::Project project("Peer support study");
//   std::string ana = project.AddCoder({.name = "Ana"}).value();
//   std::string p4 = project.AddCase({.name = "P4"}).value();
//   std::string doc = project.AddDocument({.name = "P4", .text = "…",
//                                          .case_id = p4}).value();
//   std::string code = project.AddCode({.name = "Advocacy"}).value();
//   std::string e = project.AddExcerpt({.document_id = doc, .span = {0, 9},
//                                       .code_ids = {code},
//                                       .coder_id = ana}).value();
//   absl::string_view quote = project.ExcerptText(e).value();
//
// Thread safety: a Project is not synchronised internally. Any number of
// threads may call its const methods at once; a thread that changes it must
// be the only one using it, as for a standard container. From Python every
// call that reads or changes a project holds the GIL from start to end, so
// calls from several threads (an autosave thread beside a notebook, say) are
// serialised: a save always writes one consistent state of the project.
#ifndef THEMATICA_PROJECT_H_
#define THEMATICA_PROJECT_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "thematica/attribute.h"
#include "thematica/case.h"
#include "thematica/codebook.h"
#include "thematica/coder.h"
#include "thematica/document.h"
#include "thematica/excerpt.h"
#include "thematica/id.h"
#include "thematica/memo.h"
#include "thematica/metadata.h"
#include "thematica/relation.h"
#include "thematica/suggestion.h"
#include "thematica/text.h"
#include "thematica/project_types.h"
#include "thematica/theme.h"

namespace thematica {

// What a new project is made with. Seed and clock make a project built
// twice the same to the byte (tests, benchmarks, examples).
struct ProjectOptions {
  std::string title = "";
  std::string description = "";
  // Every id the project generates comes from this seed, starting with the
  // project's own; std::nullopt: random ids. Ids given by the caller are used
  // as given.
  std::optional<uint64_t> id_seed = std::nullopt;
  // Every time stamp is this time, the project's own included;
  // std::nullopt: the real clock.
  std::optional<absl::Time> fixed_clock = std::nullopt;
};

namespace internal {
class ProjectLoader;
struct ProjectAccess;
}  // namespace internal
template <typename T>
class EntityTable;  // internal/entity_table.h

class Project {
 public:
  explicit Project(std::string title = "");
  explicit Project(ProjectOptions options);

  Project(const Project&) = default;
  Project& operator=(const Project&) = default;
  Project(Project&&) = default;
  Project& operator=(Project&&) = default;

  // --- The project itself -------------------------------------------------
  const ProjectInfo& info() const { return info_; }
  const std::string& id() const { return info_.id; }
  const std::string& title() const { return info_.title; }
  // Replaces the descriptive fields; the id must stay a valid GUID.
  absl::Status SetInfo(ProjectInfo info);
  // The time stamps use: ProjectOptions::fixed_clock if set, else absl::Now().
  absl::Time Now() const { return fixed_clock_.value_or(absl::Now()); }
  // What kind of object `id` names (kNone when unknown).
  ObjectKind KindOf(absl::string_view id) const;
  // Incremented by every change made through the Add/Update/Remove calls, so
  // derived indexes (the analysis engine's) know when to rebuild.
  uint64_t revision() const { return revision_; }
  // What derived indexes (the analysis engine's) need to follow edits
  // without rebuilding. Every change to an excerpt — the Add/Update/Remove
  // calls, cascades (RemoveCode, RemoveDocument, MergeCodes,
  // RemoveSuggestionRun), accepting a suggestion, undo and redo — appends an
  // ExcerptChange to a bounded journal (the newest kExcerptJournalLimit).
  // Changes to codes, documents (their speaker turns included), cases and
  // attributes, and loading, change structure_revision()
  // instead. Changes to other kinds (memos, themes, …) touch neither.
  static constexpr size_t kExcerptJournalLimit = size_t{1} << 15;
  // Unique among all projects of the process, and new after every structure
  // change and whenever the project is copied or moved into: an index built
  // at one value holds for the project's structure while it stays.
  uint64_t structure_revision() const { return structure_.value(); }
  // Calls `f` for each excerpt change made at revision() >= `since`, oldest
  // first (an excerpt may come several times; the change is in the project
  // already: read the excerpt's current state). Returns false, calling
  // nothing, when the journal no longer reaches back to `since`.
  bool ExcerptChangesSince(uint64_t since, absl::FunctionRef<void(const ExcerptChange&)> f) const;

  // --- Change log and undo -------------------------------------------------
  // The recorded changes, oldest first (see ChangeRecord).
  const std::vector<ChangeRecord>& history() const { return history_; }
  const HistorySettings& history_settings() const { return history_settings_; }
  // Off: changes are not recorded (bulk automated runs). Turning it off also
  // ends undo across the gap: steps recorded before it can no longer be undone.
  void SetHistoryEnabled(bool enabled);
  bool history_enabled() const { return history_settings_.enabled; }
  // The coder changes are attributed to, by id or name ("" for nobody).
  // Not saved: it belongs to the session.
  absl::Status SetCurrentCoder(absl::string_view id_or_name);
  const std::string& current_coder() const { return current_coder_; }
  // Whether Undo() / Redo() have a step to apply.
  bool CanUndo() const;
  bool CanRedo() const { return !redo_.empty(); }
  // Reverts the newest step exactly (a cascade's removed objects come back at
  // their places) and returns its summary. NotFound when there is nothing to
  // undo; FailedPrecondition, with the project unchanged, when the project no
  // longer matches the log (e.g. edited with the log off).
  absl::StatusOr<std::string> Undo();
  // Re-applies the newest undone step; any new change clears what can be redone.
  absl::StatusOr<std::string> Redo();
  // Drops the oldest records, whole steps at a time: keeps the newest
  // `keep_steps` steps (when set) and drops steps older than `before` (when
  // set). Returns how many records went.
  int64_t CompactHistory(std::optional<int64_t> keep_steps, std::optional<absl::Time> before);
  // Groups every change made while it lives into one step labelled `summary`
  // (an import, a script): one Undo() reverts them all. Scopes nest; the
  // outermost names the step.
  class ChangeScope {
   public:
    ChangeScope(Project& project, std::string summary);
    ~ChangeScope();
    ChangeScope(const ChangeScope&) = delete;
    ChangeScope& operator=(const ChangeScope&) = delete;

   private:
    Project& project_;
  };
  // The same as a ChangeScope's constructor and destructor, for callers that
  // cannot hold one (the Python bindings). Every BeginChange needs its EndChange.
  void BeginChange(std::string summary);
  void EndChange();

  // --- Coders -------------------------------------------------------------
  const std::vector<Coder>& coders() const;
  const Coder* FindCoder(absl::string_view id) const;
  const Coder* FindCoderByName(absl::string_view name) const;
  absl::StatusOr<std::string> AddCoder(Coder coder);
  absl::Status UpdateCoder(Coder coder);
  // Refused (FailedPrecondition) while excerpts or memos name the coder.
  absl::Status RemoveCoder(absl::string_view id);

  // --- Case attributes ----------------------------------------------------
  const std::vector<AttributeDefinition>& attributes() const;
  const AttributeDefinition* FindAttribute(absl::string_view id) const;
  const AttributeDefinition* FindAttributeByName(absl::string_view name) const;
  absl::StatusOr<std::string> AddAttribute(AttributeDefinition attribute);
  // A type change is refused while cases hold values of the old type.
  absl::Status UpdateAttribute(AttributeDefinition attribute);
  // Also removes every case's value; returns how many values went.
  absl::StatusOr<int64_t> RemoveAttribute(absl::string_view id);

  // --- Cases --------------------------------------------------------------
  const std::vector<Case>& cases() const;
  const Case* FindCase(absl::string_view id) const;
  const Case* FindCaseByName(absl::string_view name) const;
  absl::StatusOr<std::string> AddCase(Case c);
  absl::Status UpdateCase(Case c);
  // Sets (or with std::nullopt clears) one attribute value; the value's type
  // must match the attribute's declared type.
  absl::Status SetCaseAttribute(absl::string_view case_id,
                                absl::string_view attribute_id,
                                std::optional<AttributeValue> value);
  // The value of the attribute for the case, or nullptr when missing.
  const AttributeValue* CaseAttribute(absl::string_view case_id,
                                      absl::string_view attribute_id) const;
  // Unlinks documents and speaker turns and removes memos attached to the
  // case; the report says which.
  absl::StatusOr<RemovalReport> RemoveCase(absl::string_view id);

  // --- Documents ----------------------------------------------------------
  const std::vector<Document>& documents() const;
  const Document* FindDocument(absl::string_view id) const;
  const Document* FindDocumentByName(absl::string_view name) const;
  absl::StatusOr<std::string> AddDocument(Document document);
  // A text change is refused when an excerpt or speaker turn would fall
  // outside the new text.
  absl::Status UpdateDocument(Document document);
  // Removes the document with its excerpts and the memos attached to either.
  absl::StatusOr<RemovalReport> RemoveDocument(absl::string_view id);
  // Length of the document's text in code points.
  absl::StatusOr<int64_t> DocumentLength(absl::string_view document_id) const;
  // The text over `span` (code points).
  absl::StatusOr<absl::string_view> DocumentText(absl::string_view document_id,
                                                Span span) const;
  // The code-point index of a document's text, or nullptr for an unknown id.
  const TextIndex* DocumentIndex(absl::string_view document_id) const;

  // --- Codebook -----------------------------------------------------------
  const Codebook& codebook() const;
  const Code* FindCode(absl::string_view id) const;
  absl::StatusOr<std::string> AddCode(Code code);
  absl::Status UpdateCode(Code code);
  absl::Status RenameCode(absl::string_view id, std::string name);
  // Refuses a move under the code itself or one of its descendants.
  absl::Status MoveCode(absl::string_view id, std::string new_parent_id);
  // Merges `source_id` into `target_id`: excerpts, themes and relations that
  // used the source use the target; the source's children move under the
  // target (refused when that makes a sibling-name clash); memos on the
  // source move to the target; the source is removed.
  absl::Status MergeCodes(absl::string_view source_id,
                          absl::string_view target_id);
  // Removes a code. Without `cascade` it is refused while excerpts use the
  // code or it has child codes; with `cascade` the code and its descendants
  // go, excerpts lose them (an excerpt left with no code is removed), themes
  // and relations drop them, and attached memos go.
  absl::StatusOr<RemovalReport> RemoveCode(absl::string_view id,
                                           bool cascade = false);

  // --- Excerpts -----------------------------------------------------------
  const std::vector<Excerpt>& excerpts() const;
  const Excerpt* FindExcerpt(absl::string_view id) const;
  // Checks the document, the range (0 <= start < end <= length, code
  // points), the codes (known, codable, at least one, no repeats) and coder.
  absl::StatusOr<std::string> AddExcerpt(Excerpt excerpt);
  absl::Status UpdateExcerpt(Excerpt excerpt);
  // Removes the excerpt and the memos attached to it.
  absl::StatusOr<RemovalReport> RemoveExcerpt(absl::string_view id);
  // The document text the excerpt covers.
  absl::StatusOr<absl::string_view> ExcerptText(absl::string_view id) const;
  absl::string_view ExcerptText(const Excerpt& excerpt) const;
  // Excerpts passing `filter`, in the order they were added.
  std::vector<const Excerpt*> Excerpts(const ExcerptFilter& filter) const;
  // The cases an excerpt speaks for: those of the speaker turns it overlaps
  // when any carries a case, else the document's case (none if unlinked).
  std::vector<std::string> ExcerptCaseIds(const Excerpt& excerpt) const;
  // Per code, in codebook order.
  std::vector<CodeCount> CodeCounts(bool include_descendants = false) const;

  // --- Themes -------------------------------------------------------------
  const std::vector<Theme>& themes() const;
  const Theme* FindTheme(absl::string_view id) const;
  // The theme called `name` under `parent_id` ("" for top-level themes).
  const Theme* FindThemeByName(absl::string_view name,
                               absl::string_view parent_id = "") const;
  absl::StatusOr<std::string> AddTheme(Theme theme);
  // Refuses a parent change that would make a cycle.
  absl::Status UpdateTheme(Theme theme);
  absl::Status AddCodeToTheme(absl::string_view theme_id,
                              absl::string_view code_id);
  absl::Status RemoveCodeFromTheme(absl::string_view theme_id,
                                   absl::string_view code_id);
  // Without `cascade`, refused while the theme has sub-themes; with it the
  // sub-themes go too. Relations touching removed themes and memos attached
  // to them go as well.
  absl::StatusOr<RemovalReport> RemoveTheme(absl::string_view id,
                                            bool cascade = false);
  // Ids of the sub-themes of `id` ("" for the top-level themes).
  std::vector<std::string> ThemeChildren(absl::string_view id) const;
  // Ids below `id`, depth first, not including `id`.
  std::vector<std::string> ThemeDescendants(absl::string_view id) const;
  // 0 for a top-level theme.
  int ThemeDepth(absl::string_view id) const;
  // Codes of the theme, and of its sub-themes when `include_subthemes`,
  // without repeats, in first-seen order.
  std::vector<std::string> ThemeCodeIds(absl::string_view id,
                                        bool include_subthemes = true) const;

  // --- Relations (thematic map) -------------------------------------------
  const std::vector<Relation>& relations() const;
  const Relation* FindRelation(absl::string_view id) const;
  // Source and target must be themes or codes.
  absl::StatusOr<std::string> AddRelation(Relation relation);
  absl::Status UpdateRelation(Relation relation);
  absl::StatusOr<RemovalReport> RemoveRelation(absl::string_view id);

  // --- Memos --------------------------------------------------------------
  const std::vector<Memo>& memos() const;
  const Memo* FindMemo(absl::string_view id) const;
  // The target must be an object of the project, or empty.
  absl::StatusOr<std::string> AddMemo(Memo memo);
  absl::Status UpdateMemo(Memo memo);
  absl::Status RemoveMemo(absl::string_view id);
  // Memos attached to `target_id` ("" for project memos).
  std::vector<const Memo*> MemosFor(absl::string_view target_id) const;

  // --- Suggestion runs (AI-assisted coding; suggestion.h) ----------------
  // Each call that makes or accepts suggestions first checks that AI is
  // enabled (ai.h) and fails with FailedPrecondition saying why when not.
  const std::vector<SuggestionRun>& suggestion_runs() const;
  const SuggestionRun* FindSuggestionRun(absl::string_view id) const;
  // Checks the codes, the coder, each suggestion's document, range (code
  // points) and code (one of the run's), and that ids are new; assigns ids,
  // the time and, when empty, the codebook and document digests (the
  // documents its suggestions name when `documents` is empty). Allowed at
  // Permission::kSuggestOnly.
  absl::StatusOr<std::string> AddSuggestionRun(SuggestionRun run);
  // Removes the run and its suggestions; with `remove_accepted` also the
  // excerpts accepted from it (their provenance names the run), else those
  // keep their provenance.
  absl::StatusOr<RemovalReport> RemoveSuggestionRun(absl::string_view id,
                                                    bool remove_accepted = false);
  // Makes a pending or rejected suggestion an excerpt (provenance: the run;
  // accepted by `coder_id`, also the excerpt's coder), optionally over
  // `span` instead of the suggested range. Returns the excerpt id.
  absl::StatusOr<std::string> AcceptSuggestion(absl::string_view run_id,
                                               absl::string_view suggestion_id,
                                               std::optional<Span> span = std::nullopt,
                                               absl::string_view coder_id = "");
  // Marks a pending suggestion rejected (refused for an accepted one).
  absl::Status RejectSuggestion(absl::string_view run_id, absl::string_view suggestion_id);
  // SHA-256 (hex) over every code's id, name, parent, definition fields and
  // codability in codebook order: equal digests mean the same codebook.
  std::string CodebookDigest() const;

  // --- Permission for automated clients (suggestion.h) --------------------
  // Not saved. Every change checks it: kSuggestOnly allows only adding
  // suggestion runs, kReadOnly nothing (FailedPrecondition).
  Permission permission() const { return permission_; }
  void SetPermission(Permission permission) { permission_ = permission; }

  // --- Whole project ------------------------------------------------------
  // Every consistency problem, one message each (empty when consistent).
  // Projects built through the Add/Update calls always pass; every loader
  // (the native format, REFI-QDA, merges) checks what it read with the same
  // rules before a caller sees the project.
  std::vector<std::string> Validate() const;

  // Capacity hints for adding many documents and excerpts.
  void Reserve(size_t documents, size_t excerpts);

  // Fields of a newer minor format version that this version does not know,
  // kept per object id ("" for the project itself) so that saving in the same
  // encoding writes them back unchanged (native_io.h). Set by the loaders.
  const PreservedFieldMap& preserved_fields() const { return preserved_; }

 private:
  // Loading without the edit-time checks, for internal::ProjectLoader only:
  // ids are kept as given, nothing is logged; the loader validates the whole.
  void InsertCoderUnchecked(Coder coder);
  void InsertAttributeUnchecked(AttributeDefinition attribute);
  void InsertCaseUnchecked(Case c);
  void InsertDocumentUnchecked(Document document);
  void InsertCodeUnchecked(Code code);
  void InsertExcerptUnchecked(Excerpt excerpt);
  void InsertThemeUnchecked(Theme theme);
  void InsertRelationUnchecked(Relation relation);
  void InsertMemoUnchecked(Memo memo);
  void InsertSuggestionRunUnchecked(SuggestionRun run);
  // The saved log and its settings, taken as they are (loader, ProjectAccess).
  void SetHistoryUnchecked(std::vector<ChangeRecord> history, HistorySettings settings);
  friend class internal::ProjectLoader;
  friend struct internal::ProjectAccess;
  // Test and session hooks, reached through internal::ProjectAccess (the
  // Python bindings' set_id_seed and set_fixed_clock); C++ callers give
  // ProjectOptions to the constructor instead.
  void SetIdSeed(uint64_t seed) {
    ids_ = IdGenerator(seed);
    info_.id = ids_.Next();
  }
  void SetFixedClock(std::optional<absl::Time> time) {
    fixed_clock_ = time;
    if (time.has_value()) info_.created = info_.modified = *time;
  }
  std::string NewId() { return ids_.Next(); }
  absl::Status CheckNewId(absl::string_view id) const;
  absl::Status CheckExcerpt(const Excerpt& excerpt) const;
  absl::Status CheckTheme(const Theme& theme) const;
  absl::Status CheckRelation(const Relation& relation) const;
  absl::Status CheckDocument(const Document& document) const;
  absl::Status CheckCase(const Case& c) const;
  absl::Status CheckMemo(const Memo& memo) const;
  // OK when the permission allows `needed`; else says what was refused.
  absl::Status CheckPermission(Permission needed, absl::string_view what) const;
  // Problems of one run (for AddSuggestionRun and Validate).
  std::vector<std::string> RunProblems(const SuggestionRun& run) const;
  // The shared steps of adding, replacing and removing one object: id
  // assignment and checks, time stamps, memos that go with a removal.
  template <typename T>
  absl::StatusOr<std::string> InsertNew(EntityTable<T>& table, T item,
                                        absl::Status (Project::*check)(const T&) const);
  template <typename T>
  absl::Status ReplaceExisting(EntityTable<T>& table, T item, absl::string_view kind,
                               absl::Status (Project::*check)(const T&) const);
  template <typename T>
  absl::StatusOr<RemovalReport> RemoveOne(EntityTable<T>& table, absl::string_view id,
                                          absl::string_view kind,
                                          std::vector<std::string> RemovalReport::*list);
  // The change log's side of every edit (no-ops while the log is off).
  template <typename T>
  void LogAdd(const T& added);
  template <typename T>
  void LogUpdate(const T& before);
  template <typename T>
  void LogRemove(const T& before, size_t position);
  // Logs the removal of the items of `items` whose ids are in `ids`, last
  // position first, so that undo, walking the log backwards, re-inserts them
  // in ascending order at their old places.
  template <typename T>
  void LogErase(const std::vector<T>& items, const absl::flat_hash_set<std::string>& ids);
  // The same for a table, finding the items by id (O(ids), not O(items)).
  template <typename T>
  void LogErase(const EntityTable<T>& table, const absl::flat_hash_set<std::string>& ids);
  void AppendRecord(ChangeRecord record);
  // Undo/redo primitives: put a whole object back, replace it, take it out,
  // keeping the name and text indexes in step. No checks: the log is exact.
  void RawInsert(const ObjectValue& value, int64_t position);
  void RawReplace(const ObjectValue& value);
  void RawErase(ObjectKind kind, const std::string& id);
  // The object with `id` of `kind` as a value, or nullopt.
  std::optional<ObjectValue> ValueOf(ObjectKind kind, absl::string_view id) const;
  // Label for the records of the call in progress; the outermost call names it.
  struct StepGuard {
    StepGuard(Project& p, const char* summary);
    ~StepGuard();
    Project& project;
  };
  void Touch() {
    info_.modified = Now();
    ++revision_;
  }
  // The excerpt journal's and structure revision's side of every edit: one
  // call per object added, changed or removed (from the Log* calls, the Raw*
  // undo/redo primitives, and the few edits the change log does not record).
  void NoteEdit(ObjectKind kind, absl::string_view id, ChangeOp op);
  // A number from a process-wide counter, drawn anew on Renew() and on every
  // copy or move, so no two project states share one by accident.
  class StructureStamp {
   public:
    StructureStamp() : value_(Next()) {}
    StructureStamp(const StructureStamp&) : value_(Next()) {}
    StructureStamp(StructureStamp&&) noexcept : value_(Next()) {}
    StructureStamp& operator=(const StructureStamp&) {
      value_ = Next();
      return *this;
    }
    StructureStamp& operator=(StructureStamp&&) noexcept {
      value_ = Next();
      return *this;
    }
    uint64_t value() const { return value_; }
    void Renew() { value_ = Next(); }

   private:
    static uint64_t Next() noexcept;
    uint64_t value_;
  };
  // Removes memos attached to any of `targets`, recording them in `report`.
  void EraseMemosOf(const absl::flat_hash_set<std::string>& targets,
                    RemovalReport& report);
  // Removes suggestions (of every run) for which `gone` holds, counting them.
  void EraseSuggestionsOf(absl::FunctionRef<bool(const Suggestion&)> gone, RemovalReport& report);
  // Removes relations touching any of `ends`, recording them in `report`.
  void EraseRelationsOf(const absl::flat_hash_set<std::string>& ends,
                        RemovalReport& report);

  ProjectInfo info_;
  IdGenerator ids_;
  std::optional<absl::Time> fixed_clock_;
  uint64_t revision_ = 0;
  StructureStamp structure_;
  std::deque<ExcerptChange> excerpt_journal_;  // Revisions ascending.
  // Changes made at revisions below this one may be missing from the journal.
  uint64_t journal_floor_ = 0;
  // The entity tables and their indexes (internal/project_store.h), owned:
  // a copy of the project copies them; a moved-from project is empty.
  struct Store;
  class StoreHandle {
   public:
    StoreHandle();
    ~StoreHandle();
    StoreHandle(const StoreHandle& other);
    StoreHandle& operator=(const StoreHandle& other);
    StoreHandle(StoreHandle&& other);
    StoreHandle& operator=(StoreHandle&& other);
    Store* operator->() { return store_.get(); }
    const Store* operator->() const { return store_.get(); }

   private:
    std::unique_ptr<Store> store_;
  };
  StoreHandle store_;
  Permission permission_ = Permission::kFull;
  PreservedFieldMap preserved_;
  // Change log.
  std::vector<ChangeRecord> history_;
  HistorySettings history_settings_;
  std::string current_coder_;
  int scope_depth_ = 0;
  int64_t open_step_ = 0;  // Step of the call in progress once it logged; 0 before.
  std::string scope_summary_;
  // Undone steps, newest last, each with the objects as they were before undo
  // (what redo puts back).
  struct RedoStep {
    std::vector<ChangeRecord> records;
    std::vector<std::optional<ObjectValue>> after;
  };
  std::vector<RedoStep> redo_;
  bool replaying_ = false;  // Undo/redo in progress: nothing is logged.
};

}  // namespace thematica

#endif  // THEMATICA_PROJECT_H_
