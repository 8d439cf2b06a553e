// ProjectLoader: how stored projects come in (the native format, REFI-QDA, a
// merge, a partial copy). Objects go in as they were stored — ids kept,
// nothing logged, no edit-time checks one by one — and Finish() checks the
// whole with the rules every edit follows (Project::Validate), so a project
// reaches its caller valid or not at all.
//
//   internal::ProjectLoader load;
//   load.SetInfo(std::move(info));
//   for (Coder& c : coders) load.Add(std::move(c));
//   …
//   THEMATICA_ASSIGN_OR_RETURN(Project p, std::move(load).Finish(InvalidFile));
//
// Internal: not installed. The edit API (Project::Add…) is the public way in.
#ifndef THEMATICA_INTERNAL_PROJECT_LOADER_H_
#define THEMATICA_INTERNAL_PROJECT_LOADER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "thematica/project.h"

namespace thematica::internal {

class ProjectLoader {
 public:
  explicit ProjectLoader(ProjectOptions options = {}) : project_(std::move(options)) {}
  // Goes on loading into `start` (tests that build a deliberately broken
  // project from a valid one).
  explicit ProjectLoader(Project start) : project_(std::move(start)) {}

  void SetInfo(ProjectInfo info) { project_.info_ = std::move(info); }
  void Add(Coder coder);
  void Add(AttributeDefinition attribute);
  void Add(Case c);
  void Add(Document document);
  void Add(Code code);
  void Add(Excerpt excerpt);
  void Add(Theme theme);
  void Add(Relation relation);
  void Add(Memo memo);
  void Add(SuggestionRun run);
  // The saved change log and its settings, taken as they are.
  void SetHistory(std::vector<ChangeRecord> history, HistorySettings settings) {
    project_.SetHistoryUnchecked(std::move(history), settings);
  }
  void SetPreservedFields(PreservedFieldMap fields) { project_.preserved_ = std::move(fields); }
  // Capacity hints.
  void Reserve(size_t documents, size_t excerpts) { project_.Reserve(documents, excerpts); }

  // What is in so far (lookups while loading, e.g. a document's length).
  const Project& project() const { return project_; }
  // Every consistency problem of what is in (Project::Validate).
  std::vector<std::string> Problems() const { return project_.Validate(); }

  // The project when it has no problem; else the Status `refuse` makes of the
  // problems (each loader words its own: the file, the archive, the merge).
  absl::StatusOr<Project> Finish(
      absl::FunctionRef<absl::Status(const std::vector<std::string>& problems)> refuse) &&;
  // The project as it is, unchecked: for a caller that has just run Problems()
  // itself, or builds a deliberately inconsistent project (tests of Validate).
  Project TakeUnchecked() && { return std::move(project_); }

 private:
  Project project_;
};

// Hooks on a Project that are not part of its API: the Python bindings'
// set_id_seed / set_fixed_clock (C++ gives ProjectOptions instead), and
// restoring a project's info or log exactly (undoing a failed operation, a
// new project's empty log).
struct ProjectAccess {
  static void SetIdSeed(Project& p, uint64_t seed) { p.SetIdSeed(seed); }
  static void SetFixedClock(Project& p, std::optional<absl::Time> time) { p.SetFixedClock(time); }
  static void RestoreInfo(Project& p, ProjectInfo info) { p.info_ = std::move(info); }
  static void SetHistory(Project& p, std::vector<ChangeRecord> history, HistorySettings settings) {
    p.SetHistoryUnchecked(std::move(history), settings);
  }
};

}  // namespace thematica::internal

#endif  // THEMATICA_INTERNAL_PROJECT_LOADER_H_
