// One hit of a search or a query (SearchHit, alias QueryHit) with up to
// `context` code points of text on each side, built the same way for both.
//
//   hits.push_back(internal::HitIn(document, *project.DocumentIndex(document.id), span, 40));
#ifndef THEMATICA_SRC_INTERNAL_TEXT_HIT_H_
#define THEMATICA_SRC_INTERNAL_TEXT_HIT_H_

#include <algorithm>
#include <cstdint>
#include <string>

#include "thematica/document.h"
#include "thematica/search.h"
#include "thematica/text.h"

namespace thematica::internal {

inline SearchHit HitIn(const Document& d, const TextIndex& index, Span span, int64_t context) {
  return {d.id, span, std::string(index.Slice(d.text, span)),
          std::string(index.Slice(d.text, {std::max<int64_t>(0, span.start - context), span.start})),
          std::string(index.Slice(d.text, {span.end, span.end + context}))};
}

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_TEXT_HIT_H_
