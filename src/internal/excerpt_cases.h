// The cases an excerpt speaks for — those of the speaker turns it overlaps
// when any carries a case, else its document's case — without allocating:
// the one statement of the rule behind Project::ExcerptCaseIds, for loops
// over every excerpt (the analysis index).
//
//   internal::ForEachExcerptCase(project, excerpt, [&](const std::string& case_id) { … });
#ifndef THEMATICA_INTERNAL_EXCERPT_CASES_H_
#define THEMATICA_INTERNAL_EXCERPT_CASES_H_

#include <algorithm>
#include <string>

#include "absl/container/inlined_vector.h"
#include "thematica/project.h"

namespace thematica::internal {

// Calls `f(case_id)` once per case, in first-seen order.
template <typename F>
void ForEachExcerptCase(const Project& project, const Excerpt& excerpt, F&& f) {
  const Document* d = project.FindDocument(excerpt.document_id);
  if (d == nullptr) return;
  absl::InlinedVector<const std::string*, 4> seen;
  for (const SpeakerTurn& t : d->speaker_turns) {
    if (t.case_id.empty() || !t.span.Overlaps(excerpt.span)) continue;
    if (std::any_of(seen.begin(), seen.end(), [&](const std::string* s) { return *s == t.case_id; })) continue;
    seen.push_back(&t.case_id);
    f(t.case_id);
  }
  if (seen.empty() && !d->case_id.empty()) f(d->case_id);
}

}  // namespace thematica::internal

#endif  // THEMATICA_INTERNAL_EXCERPT_CASES_H_
