// Upgrading files of older format versions, as OpenTimelineIO's type registry
// does: one registered step per minor version, each turning a file of
// version major.N into one of major.N+1. Reading an old file runs the chain
// of steps from its version to the current one, on the header and on every
// document and excerpt record, before anything is decoded into the model.
//
//   for (const UpgradeStep* step : UpgradeChain(1, 0)) step->header(header);
#ifndef THEMATICA_SRC_INTERNAL_FORMAT_UPGRADE_H_
#define THEMATICA_SRC_INTERNAL_FORMAT_UPGRADE_H_

#include <cstdint>
#include <vector>

#include "thematica/v1/thematica.pb.h"

namespace thematica::internal {

struct UpgradeStep {
  uint32_t major = 0;
  uint32_t from_minor = 0;  // The step reads major.from_minor, writes major.from_minor+1.
  const char* what = "";    // What changed in that version, for people.
  // Any of these may be null (nothing to change at that level).
  void (*header)(v1::Project& header) = nullptr;
  void (*document)(v1::Document& document) = nullptr;
  void (*excerpt)(v1::Excerpt& excerpt) = nullptr;
};

// Every registered step, by version.
const std::vector<UpgradeStep>& UpgradeSteps();

// The steps that bring a file of `major`.`minor` to the current version, in
// order (none for the current or a newer minor version).
std::vector<const UpgradeStep*> UpgradeChain(uint32_t major, uint32_t minor);

}  // namespace thematica::internal

#endif  // THEMATICA_SRC_INTERNAL_FORMAT_UPGRADE_H_
