// libFuzzer target for the .qdpx reader: zip parsing, entry checks, limits,
// then the XML import.
#include <cstddef>
#include <cstdint>
#include <string>

#include "thematica/refi_qda.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  thematica::QdpxLimits limits;
  limits.max_entry_size = 1 << 20;
  limits.max_total_size = 4 << 20;
  limits.max_entries = 64;
  (void)thematica::ReadQdpxFromMemory(
      absl::string_view(reinterpret_cast<const char*>(data), size), limits);
  return 0;
}
