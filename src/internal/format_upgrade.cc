#include "internal/format_upgrade.h"

#include "thematica/project.h"

namespace thematica::internal {

const std::vector<UpgradeStep>& UpgradeSteps() {
  static const auto* steps = new std::vector<UpgradeStep>{
      // 1.1 added optional fields only (times on speaker turns, the original
      // file of a document) and keeps unknown fields: a 1.0 file is a valid
      // 1.1 file as it stands.
      {.major = 1, .from_minor = 0, .what = "1.0 → 1.1: fields added, nothing to convert"},
      // 1.2 added the change log (Project.history, .history_settings); a file
      // without them has an empty log that is switched on.
      {.major = 1, .from_minor = 1, .what = "1.1 → 1.2: change log added, nothing to convert"},
  };
  return *steps;
}

std::vector<const UpgradeStep*> UpgradeChain(uint32_t major, uint32_t minor) {
  std::vector<const UpgradeStep*> chain;
  if (major != kFormatVersionMajor) return chain;
  for (uint32_t m = minor; m < kFormatVersionMinor; ++m) {
    for (const UpgradeStep& step : UpgradeSteps()) {
      if (step.major == major && step.from_minor == m) chain.push_back(&step);
    }
  }
  return chain;
}

}  // namespace thematica::internal
