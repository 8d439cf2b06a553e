// Agreement between coders of the same project on coded text: NVivo-style
// character-level agreement and kappa, one pooled figure across codes (the
// documents both sides coded, by default), MAXQDA-style segment agreement,
// and the list of places two coders disagree. Positions are code points.
//
//   thematica::CoderSets coders{{ana_id}, {ben_id}};
//   auto rows = thematica::CharacterAgreement(project, coders).value();
//   for (const auto& r : rows) if (r.document_id.empty()) { /* pooled */ }
//   double kappa = thematica::PooledCharacterAgreement(project, coders)->kappa;
//
// A coder set stands for a coder or a group: a group has coded a character
// when any member did (NVivo's rule).
#ifndef THEMATICA_TEXT_AGREEMENT_H_
#define THEMATICA_TEXT_AGREEMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "thematica/project.h"

namespace thematica {

struct CoderSets {
  std::vector<std::string> a;  // Coder ids of the first coder (group).
  std::vector<std::string> b;  // Coder ids of the second.
};

// Character-level agreement of one code in one document, or pooled over all
// documents (document_id empty).
struct CharacterAgreementRow {
  std::string code_id;
  std::string document_id;  // Empty for the row pooled over documents.
  int64_t both = 0;         // Characters coded with the code by both.
  int64_t only_a = 0;
  int64_t only_b = 0;
  int64_t neither = 0;
  int64_t total = 0;        // Characters compared (document lengths).
  double percent = 0;       // (both + neither) / total, in [0, 1].
  // Cohen's kappa on the 2×2 character table. When chance agreement is 1
  // (neither coder, or both, coded every character alike) kappa is 1, as
  // NVivo reports it.
  double kappa = 0;
};

// Which documents a pooled figure covers: every document of the project, or
// only those both sides coded (with any of the compared codes) — a document
// one side never looked at would otherwise count as agreement on "not coded".
enum class DocumentScope { kAll, kDoubleCoded };
// "all", "double-coded"; Parse: InvalidArgument for other names.
absl::string_view DocumentScopeName(DocumentScope scope);
absl::StatusOr<DocumentScope> ParseDocumentScope(absl::string_view name);

// Per code (those in `code_ids`, or every code either side used when empty)
// and per document, then pooled per code over the documents in `scope`.
// Refused when a set is empty, a coder is unknown, or the sets share a coder.
absl::StatusOr<std::vector<CharacterAgreementRow>> CharacterAgreement(
    const Project& project, const CoderSets& coders, const std::vector<std::string>& code_ids = {},
    DocumentScope scope = DocumentScope::kAll);

// One figure across codes, as papers report it: the 2×2 character tables of
// every compared code in every covered document summed (a character counts
// once per code), with percent agreement, Cohen's kappa and nominal
// Krippendorff's alpha of that pooled table.
struct PooledAgreement {
  std::vector<std::string> document_ids;  // The documents covered, in project order.
  int64_t characters = 0;                 // Their total length (code points).
  int codes = 0;                          // Codes compared.
  int64_t both = 0, only_a = 0, only_b = 0, neither = 0;  // Code × character units.
  double percent = 0;
  double kappa = 0;  // 1 when chance agreement is 1, as NVivo reports it.
  double alpha = 0;  // 1 when there is no variation.
};
absl::StatusOr<PooledAgreement> PooledCharacterAgreement(
    const Project& project, const CoderSets& coders, const std::vector<std::string>& code_ids = {},
    DocumentScope scope = DocumentScope::kDoubleCoded);

// MAXQDA's segment comparison for one code in one document (or pooled): a
// coded segment agrees when the other side coded the same code on a segment
// overlapping it by at least `min_overlap` of their combined extent
// (|A ∩ B| / |A ∪ B|).
struct SegmentAgreementRow {
  std::string code_id;
  std::string document_id;  // Empty for the pooled row.
  int64_t segments_a = 0;
  int64_t segments_b = 0;
  int64_t agreed_a = 0;  // A's segments matched by B.
  int64_t agreed_b = 0;  // B's segments matched by A.
  double percent = 0;    // (agreed_a + agreed_b) / (segments_a + segments_b).
  // Brennan–Prediger style, as MAXQDA: (percent − 1/k) / (1 − 1/k) with k the
  // number of codes compared (percent itself when k = 1).
  double kappa = 0;
};
absl::StatusOr<std::vector<SegmentAgreementRow>> SegmentAgreement(
    const Project& project, const CoderSets& coders, double min_overlap = 0.9,
    const std::vector<std::string>& code_ids = {});

// A stretch of a document where the two sides applied different codes.
struct Disagreement {
  std::string document_id;
  Span span;
  std::vector<std::string> codes_a;  // Code ids applied by side A there.
  std::vector<std::string> codes_b;
};
// In document order; adjacent stretches with the same codes are merged.
absl::StatusOr<std::vector<Disagreement>> Disagreements(
    const Project& project, const CoderSets& coders, const std::vector<std::string>& code_ids = {});

}  // namespace thematica

#endif  // THEMATICA_TEXT_AGREEMENT_H_
