// libFuzzer target for the native loaders, binary, JSON and compact (the first input
// byte picks one; the rest is the file). Beyond "no crash": whatever loads
// saves, the save loads again, and saving that gives the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "thematica/native_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // 0 binary, 1 JSON, 2 compact (which reads either binary encoding).
  const thematica::NativeFormat format = data[0] % 3 == 0   ? thematica::NativeFormat::kBinary
                                         : data[0] % 3 == 1 ? thematica::NativeFormat::kJson
                                                            : thematica::NativeFormat::kCompact;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  absl::StatusOr<thematica::Project> project = thematica::ParseProject(input, format);
  if (!project.ok()) return 0;
  const std::string saved = thematica::SerializeProject(*project, format);
  absl::StatusOr<thematica::Project> again = thematica::ParseProject(saved, format);
  if (!again.ok() || thematica::SerializeProject(*again, format) != saved) std::abort();
  return 0;
}
