// Partial results: the analyses of a corpus split by document into parts
// (one Project per part), as small additive tables that merge into exactly
// the answer one project holding every document gives. This is what a
// distributed engine (thematica.dask; Spark or Ray the same way) moves
// between workers: aggregate each part where it lives, serialise, merge in
// any order or tree shape, finalise once.
//
//   Partial total;
//   for (int k = 0; k < parts.size(); ++k) {
//     auto part = thematica::partials::AggregateCooccurrence(parts[k]).value();
//     // ... ship part.Serialize() to the reducer, Partial::Parse() it there ...
//     THEMATICA_RETURN_IF_ERROR(thematica::partials::Merge(total, part));
//   }
//   CodeMatrix m = FinalizeCooccurrence(total, Unit::kCases, Measure::kJaccard).value();
//
// Each Aggregate* calls the engine's own function on the part (Analysis,
// Search, CharacterAgreement) and keeps its additive counts; Finalize*
// applies the same formulas to the sums. Codes are keyed by path ("Parent/
// Child"), word groups by document or case name, never by ids (every part's
// project has its own). Results list codes by path in `code_ids`.
//
// Exactness holds when the parts split the corpus by document and every part
// has the same codebook (as thematica.dask builds them), and, for the "cases"
// unit, no case spans two parts. `part` numbers the parts in corpus order: it
// orders documents and cases of different parts as one project would.
//
// Not thread-safe for one Partial; distinct Partials are independent.
#ifndef THEMATICA_PARTIALS_H_
#define THEMATICA_PARTIALS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/analysis.h"
#include "thematica/project.h"
#include "thematica/search.h"
#include "thematica/text_agreement.h"

namespace thematica {
namespace v1 {
class Partial;  // The wire form, proto/thematica/v1/partials.proto (private).
}

namespace partials {

// Additive results of one part or of merged parts. A value type; a
// default-constructed Partial is the empty result (the identity of Merge).
class Partial {
 public:
  Partial();
  ~Partial();
  Partial(const Partial& other);
  Partial& operator=(const Partial& other);
  Partial(Partial&&) noexcept;
  Partial& operator=(Partial&&) noexcept;

  // Bytes of the protobuf message thematica.v1.Partial.
  std::string Serialize() const;
  // DataLoss for bytes that are not a valid Partial of a known version
  // (inconsistent sizes, duplicate labels, negative counts): never a crash.
  static absl::StatusOr<Partial> Parse(absl::string_view bytes);

  const v1::Partial& proto() const { return *proto_; }
  v1::Partial& mutable_proto() { return *proto_; }

 private:
  std::unique_ptr<v1::Partial> proto_;
};

// Co-occurrence counts of every unit (excerpts, documents, cases) for
// `code_ids` (every code when empty).
absl::StatusOr<Partial> AggregateCooccurrence(const Project& project,
                                              const std::vector<std::string>& code_ids = {});
// Codes × values of the attribute (id or name) for every unit.
absl::StatusOr<Partial> AggregateCrosstab(const Project& project, absl::string_view attribute,
                                          bool include_descendants = false);
// Word counts per group (untruncated; Finalize applies `top`).
absl::StatusOr<Partial> AggregateWords(const Project& project, WordGroup group,
                                       const std::vector<std::string>& stopwords = {},
                                       int64_t part = 0);
// Search hits of `pattern`, counted under `label` (sorted by `rank`).
absl::StatusOr<Partial> AggregateSearch(const Project& project, absl::string_view label, int64_t rank,
                                        absl::string_view pattern, const SearchOptions& options = {});
// What an Autocode of `code_id` just did to `project`.
absl::StatusOr<Partial> AggregateAutocode(const Project& project, absl::string_view code_id,
                                          const AutocodeResult& result);
// Character-level agreement of two coder sets (CharacterAgreement's pooled
// per-code tables and PooledCharacterAgreement's coverage).
absl::StatusOr<Partial> AggregateAgreement(const Project& project, const CoderSets& coders,
                                           const std::vector<std::string>& code_ids = {},
                                           DocumentScope scope = DocumentScope::kDoubleCoded);

// Adds `other` into `into`. Sections only one side has are taken as they
// are. InvalidArgument (and `into` unchanged) when the sides disagree on what
// was computed (another attribute, word grouping or document scope).
absl::Status Merge(Partial& into, const Partial& other);

// One autocode or search rule's totals.
struct HitCount {
  std::string label;  // Code path (autocode) or the search label.
  int64_t hits = 0;
  int64_t documents = 0;
  int64_t excerpts = 0;
  int64_t already_coded = 0;
  int64_t outside_turns = 0;
};

// In rank order. Empty when no part counted hits.
std::vector<HitCount> FinalizeHits(const Partial& partial);
// As Analysis::Cooccurrence; FailedPrecondition when not aggregated.
absl::StatusOr<CodeMatrix> FinalizeCooccurrence(const Partial& partial, Unit unit, Measure measure);
// As Analysis::CrossTab.
absl::StatusOr<Crosstab> FinalizeCrosstab(const Partial& partial, Unit unit);
// As Analysis::WordFrequencies; group_id holds the document or case name or
// the code path.
absl::StatusOr<std::vector<WordCount>> FinalizeWords(const Partial& partial, size_t top = 0);
// CharacterAgreement's pooled rows (document_id empty), one per code.
absl::StatusOr<std::vector<CharacterAgreementRow>> FinalizeCharacterAgreement(const Partial& partial);
// As PooledCharacterAgreement, without the list of document ids
// (`covered_documents` says how many).
struct PooledAgreementTotals {
  PooledAgreement pooled;
  int64_t covered_documents = 0;
};
absl::StatusOr<PooledAgreementTotals> FinalizePooledAgreement(const Partial& partial);

}  // namespace partials
}  // namespace thematica

#endif  // THEMATICA_PARTIALS_H_
