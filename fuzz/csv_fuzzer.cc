// libFuzzer target for the codebook CSV reader (Taguette's form).
// Property checked beyond "no crash": whatever reads writes back to a CSV
// that reads to the same codes (paths and descriptions).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "thematica/codebook_csv.h"

namespace {

// Path → description of every code (codes are written in hierarchy order,
// which need not be the order they were read in).
std::map<std::string, std::string> Codes(const thematica::Project& p) {
  std::map<std::string, std::string> out;
  for (const thematica::Code& c : p.codebook().codes()) {
    out[p.codebook().Path(c.id, "/")] = c.description;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<thematica::Project> book = thematica::ParseCodebookCsv(input);
  if (!book.ok()) return 0;
  absl::StatusOr<thematica::Project> back =
      thematica::ParseCodebookCsv(thematica::SerializeCodebookCsv(*book));
  if (!back.ok() || Codes(*back) != Codes(*book)) std::abort();
  return 0;
}
