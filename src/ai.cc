#include "thematica/ai.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace thematica {
namespace {

// The value of THEMATICA_AI when it switches AI off, else nullptr.
const char* EnvironmentOff() {
  const char* value = std::getenv("THEMATICA_AI");
  if (value == nullptr) return nullptr;
  const std::string v = absl::AsciiStrToLower(value);
  return (v == "off" || v == "0" || v == "false" || v == "no") ? value : nullptr;
}

}  // namespace

bool AiBuiltIn() { return THEMATICA_AI_BUILT_IN != 0; }

bool AiEnabled() { return AiBuiltIn() && EnvironmentOff() == nullptr; }

std::string AiDisabledReason() {
  if (!AiBuiltIn()) {
    return "AI-assisted coding is disabled by the build (configured with -DTHEMATICA_AI=OFF)";
  }
  if (const char* value = EnvironmentOff()) {
    return absl::StrCat("AI-assisted coding is disabled by the environment (THEMATICA_AI=", value,
                        ")");
  }
  return "";
}

absl::Status CheckAiEnabled() {
  if (AiEnabled()) return absl::OkStatus();
  return absl::FailedPreconditionError(AiDisabledReason());
}

}  // namespace thematica
