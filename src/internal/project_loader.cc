#include "internal/project_loader.h"

#include <utility>

namespace thematica::internal {

void ProjectLoader::Add(Coder coder) { project_.InsertCoderUnchecked(std::move(coder)); }
void ProjectLoader::Add(AttributeDefinition attribute) {
  project_.InsertAttributeUnchecked(std::move(attribute));
}
void ProjectLoader::Add(Case c) { project_.InsertCaseUnchecked(std::move(c)); }
void ProjectLoader::Add(Document document) { project_.InsertDocumentUnchecked(std::move(document)); }
void ProjectLoader::Add(Code code) { project_.InsertCodeUnchecked(std::move(code)); }
void ProjectLoader::Add(Excerpt excerpt) { project_.InsertExcerptUnchecked(std::move(excerpt)); }
void ProjectLoader::Add(Theme theme) { project_.InsertThemeUnchecked(std::move(theme)); }
void ProjectLoader::Add(Relation relation) { project_.InsertRelationUnchecked(std::move(relation)); }
void ProjectLoader::Add(Memo memo) { project_.InsertMemoUnchecked(std::move(memo)); }
void ProjectLoader::Add(SuggestionRun run) { project_.InsertSuggestionRunUnchecked(std::move(run)); }

absl::StatusOr<Project> ProjectLoader::Finish(
    absl::FunctionRef<absl::Status(const std::vector<std::string>& problems)> refuse) && {
  if (std::vector<std::string> problems = project_.Validate(); !problems.empty()) {
    return refuse(problems);
  }
  return std::move(project_);
}

}  // namespace thematica::internal
