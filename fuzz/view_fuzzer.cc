// libFuzzer target for ProjectView (a compact file mapped with its texts
// left in place): whatever opens answers every query without crashing, and
// whatever validates counts codes as the project LoadProject reads. Seeds
// (fuzz/corpus/view): the native corpus's compact seed without its first
// byte, which there picks the loader.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "thematica/native_io.h"
#include "thematica/project_view.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The view maps a file: the input is written to one first.
  static const std::string path = "/tmp/view_fuzzer_" + std::to_string(::getpid()) + ".thematica";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  absl::StatusOr<std::shared_ptr<const thematica::ProjectView>> view = thematica::ProjectView::Open(path);
  if (!view.ok()) return 0;
  const thematica::ProjectView& v = **view;
  for (size_t i = 0; i < v.document_count(); ++i) (void)v.Text(i);
  for (size_t i = 0; i < v.excerpt_count(); ++i) (void)v.ExcerptText(i);
  for (size_t c = 0; c < v.code_count(); ++c) (void)v.Excerpts(v.CodeId(c), true);
  const std::vector<thematica::CodeCount> counts = v.CodeCounts(true);
  if (!v.Validate().ok()) return 0;
  absl::StatusOr<thematica::Project> project = thematica::LoadProject(path);
  if (!project.ok()) std::abort();
  const std::vector<thematica::CodeCount> want = project->CodeCounts(true);
  if (counts.size() != want.size()) std::abort();
  for (size_t i = 0; i < want.size(); ++i) {
    if (counts[i].excerpts != want[i].excerpts || counts[i].documents != want[i].documents ||
        counts[i].cases != want[i].cases) {
      std::abort();
    }
  }
  return 0;
}
