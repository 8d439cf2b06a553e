// Umbrella header: the whole public C++ API of Thematica.
//
//   #include <thematica/thematica.h>
//   absl::StatusOr<thematica::Project> p = thematica::LoadProject("s.thematica");
//
// Prefer including the header of what you use (project.h, native_io.h, …);
// this one is for quick starts and tools that use everything.
#ifndef THEMATICA_THEMATICA_H_
#define THEMATICA_THEMATICA_H_

#include "thematica/agreement.h"
#include "thematica/ai.h"
#include "thematica/analysis.h"
#include "thematica/attribute.h"
#include "thematica/case.h"
#include "thematica/codebook.h"
#include "thematica/codebook_csv.h"
#include "thematica/coder.h"
#include "thematica/diff.h"
#include "thematica/document.h"
#include "thematica/excerpt.h"
#include "thematica/id.h"
#include "thematica/import.h"
#include "thematica/interrupt.h"
#include "thematica/memo.h"
#include "thematica/merge.h"
#include "thematica/metadata.h"
#include "thematica/native_io.h"
#include "thematica/partials.h"
#include "thematica/phrase.h"
#include "thematica/project.h"
#include "thematica/project_file.h"
#include "thematica/project_types.h"
#include "thematica/project_view.h"
#include "thematica/query.h"
#include "thematica/refi_qda.h"
#include "thematica/relation.h"
#include "thematica/report.h"
#include "thematica/resolve.h"
#include "thematica/search.h"
#include "thematica/span.h"
#include "thematica/span_set.h"
#include "thematica/status_macros.h"
#include "thematica/suggestion.h"
#include "thematica/team.h"
#include "thematica/text.h"
#include "thematica/text_agreement.h"
#include "thematica/theme.h"
#include "thematica/unitized_alpha.h"

#endif  // THEMATICA_THEMATICA_H_
