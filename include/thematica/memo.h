// Memo: an analytic note attached to any object (by id) or to the project.
//
//   project.AddMemo({.title = "Why 'bridge'", .text = "…",
//                    .target_id = bridge_theme});
#ifndef THEMATICA_MEMO_H_
#define THEMATICA_MEMO_H_

#include <string>

#include "absl/time/time.h"
#include "thematica/metadata.h"

namespace thematica {

struct Memo {
  std::string id;  // Assigned on add when empty.
  std::string title;
  std::string text;       // UTF-8.
  std::string author_id;  // Coder::id, or empty.
  std::string target_id;  // Id of any object, or empty for the project.
  absl::Time created = absl::InfinitePast();
  absl::Time modified = absl::InfinitePast();
  Metadata metadata;
};

}  // namespace thematica

#endif  // THEMATICA_MEMO_H_
