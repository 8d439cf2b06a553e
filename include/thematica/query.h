// Coding queries: Boolean and proximity combinations of codes, answered as
// the stretches of text that satisfy them.
//
//   auto hits = thematica::RunQuery(project,
//       "Advocacy AND (Trust OR \"Rebuilding trust\") NOT Stigma", {});
//
// Grammar (keywords in capitals, code names or paths "Parent/Child"; quote a
// name with spaces or a keyword):
//   expression := and { "OR" and }
//   and        := unary { ("AND" | "NOT" | "AND NOT" | "NEAR/n" | "SAMEPARA" |
//                          "SAMETURN") unary }
//   unary      := "NOT" unary | "(" expression ")" | code | theme
// A word that names no code but a theme (by id or name) stands for the union
// of the theme's codes and its sub-themes' codes; a code wins over a theme of
// the same name.
// Semantics, per document, on the text a code covers (the union of its
// codings; touching ranges do not overlap):
//   A AND B      the text coded with both (intersection)
//   A OR B       the text coded with either (union)
//   A NOT B      A's text not coded with B (difference); NOT A: everything else
//   A NEAR/n B   the stretches of A and of B within n code points of each other
//   A SAMEPARA B the stretches of A and B in paragraphs (lines) that hold both
//   A SAMETURN B the same within speaker turns
// AND binds tighter than OR; operators of one level apply left to right.
#ifndef THEMATICA_QUERY_H_
#define THEMATICA_QUERY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"
#include "thematica/search.h"

namespace thematica {

struct QueryOptions {
  bool include_descendants = false;       // A code stands for its subtree too.
  std::vector<std::string> document_ids;  // Ids or names; empty: all.
  std::vector<std::string> case_ids;      // Only codings speaking for these cases.
  std::vector<std::string> coder_ids;     // Only these coders' codings.
  // Only codings speaking for cases with these attribute values (attribute
  // name → value as displayed, e.g. {"role", "patient"}).
  std::map<std::string, std::string> attributes;
  int64_t context = 40;  // Code points of context on each side of a hit.
  // Deepest nesting of operators, NOTs and parentheses accepted (a chain of
  // ORs of any length counts as its logarithm); deeper queries are refused.
  int max_depth = 256;
};

// A query hit is a stretch of text with its context, as a search hit is.
using QueryHit = SearchHit;

// Hits in document order. Syntax errors and unknown codes are InvalidArgument
// / NotFound with the position in the expression.
absl::StatusOr<std::vector<QueryHit>> RunQuery(const Project& project, absl::string_view expression,
                                               const QueryOptions& options = {});

}  // namespace thematica

#endif  // THEMATICA_QUERY_H_
