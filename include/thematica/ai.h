// Whether AI-assisted coding (suggestion runs) is available, and if not, what
// turned it off: a build configured with -DTHEMATICA_AI=OFF, or THEMATICA_AI=off
// (also 0, false, no) in the environment. Every call that makes suggestions
// checks it, so IT can verify the switch with `thematica --version`.
//
//   if (!thematica::AiEnabled()) std::cerr << thematica::AiDisabledReason();
#ifndef THEMATICA_AI_H_
#define THEMATICA_AI_H_

#include <string>

#include "absl/status/status.h"

namespace thematica {

// Whether this build was compiled with AI-assisted coding.
bool AiBuiltIn();
// AiBuiltIn() and the environment does not switch it off (read on each call).
bool AiEnabled();
// Empty when enabled, else e.g. "AI-assisted coding is disabled by the
// environment (THEMATICA_AI=off)".
std::string AiDisabledReason();
// OK, or FailedPrecondition with AiDisabledReason().
absl::Status CheckAiEnabled();

}  // namespace thematica

#endif  // THEMATICA_AI_H_
