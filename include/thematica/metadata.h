// Metadata: string key/value pairs every object carries for what other tools
// write that Thematica does not model (kept verbatim on load and save).
//
//   code.metadata["refi:isCodable"] = "false";
#ifndef THEMATICA_METADATA_H_
#define THEMATICA_METADATA_H_

#include <map>
#include <string>

namespace thematica {

// Ordered, so that files are written deterministically.
using Metadata = std::map<std::string, std::string>;

}  // namespace thematica

#endif  // THEMATICA_METADATA_H_
