// Private: the one place a pooled character agreement is finished from its
// counts, shared by PooledCharacterAgreement (text_agreement.cc) and the
// partials' FinalizePooledAgreement (partials_finalize.cc), so that one
// machine and a merged cluster give the same doubles.
#ifndef THEMATICA_SRC_INTERNAL_POOLED_AGREEMENT_H_
#define THEMATICA_SRC_INTERNAL_POOLED_AGREEMENT_H_

#include "thematica/text_agreement.h"

namespace thematica::internal {

// From `characters`, `codes`, `both`, `only_a` and `only_b`: sets `neither`,
// `percent`, `kappa` and `alpha` (1 when there is nothing to compare).
void FinishPooledAgreement(PooledAgreement& out);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_POOLED_AGREEMENT_H_
