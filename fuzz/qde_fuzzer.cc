// libFuzzer target for the REFI-QDA XML parsers (project.qde and .qdc).
// Property checked beyond "no crash": whatever imports also exports, and the
// export imports again with the same counts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "thematica/refi_qda.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  // Every internal file is the same short text, so selections get checked.
  thematica::SourceReader reader = [](absl::string_view, bool internal)
      -> absl::StatusOr<std::string> {
    if (!internal) return absl::NotFoundError("external");
    return std::string("Hello w\xC3\xB6rld \xF0\x9F\x98\x80\r\nsecond line of text here.");
  };
  absl::StatusOr<thematica::ImportResult> qde = thematica::ParseQde(input, reader);
  if (qde.ok()) {
    std::vector<std::pair<std::string, std::string>> files;
    std::string again = thematica::SerializeQde(qde->project, /*inline_text=*/true, &files);
    absl::StatusOr<thematica::ImportResult> back = thematica::ParseQde(again, nullptr);
    if (!back.ok() || back->project.excerpts().size() != qde->project.excerpts().size() ||
        back->project.codebook().size() != qde->project.codebook().size()) {
      std::abort();
    }
  }
  absl::StatusOr<thematica::ImportResult> qdc = thematica::ParseQdc(input);
  if (qdc.ok() && qdc->project.codebook().size() > 0) {
    absl::StatusOr<thematica::ImportResult> back =
        thematica::ParseQdc(thematica::SerializeQdc(qdc->project));
    if (!back.ok() || back->project.codebook().size() != qdc->project.codebook().size()) {
      std::abort();
    }
  }
  return 0;
}
