// Excerpt: a coded segment, [start, end) code points of one document with the
// codes applied to it. Overlapping and nested excerpts are normal.
//
//   std::string e = project.AddExcerpt({.document_id = doc,
//                                       .span = {10, 42},
//                                       .code_ids = {advocacy}})
//                       .value();
//   absl::string_view quote = project.ExcerptText(e).value();
#ifndef THEMATICA_EXCERPT_H_
#define THEMATICA_EXCERPT_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "thematica/metadata.h"
#include "thematica/span.h"

namespace thematica {

struct Excerpt {
  std::string id;  // Assigned on add when empty.
  std::string document_id;
  Span span;                           // Code points of the document's text.
  std::vector<std::string> code_ids;   // At least one, no repeats.
  std::string coder_id;                // Coder::id, or empty.
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  Metadata metadata;
};

}  // namespace thematica

#endif  // THEMATICA_EXCERPT_H_
