// REFI-QDA export and import of a large generated project (issue 3: 2,000
// documents, 200,000 codings), with the native JSON encoding of the same
// project measured in the same run as the baseline. Prints seconds per
// 100,000 codings.
//
//   build/bench/refi_bench [--documents=N] [--excerpts=N]
//
// "import (REFI-QDA content)" reads an archive whose Thematica sidecar was
// removed, as a file coming from another tool is read; "import (own file)"
// reads our export as written (sidecar present and unchanged).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "generate.h"
#include "io/refi_zip.h"
#include "thematica/native_io.h"
#include "thematica/refi_qda.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int64_t g_codings = 0;

void Report(const char* phase, double seconds, const std::string& extra = "") {
  std::printf("%-34s %8.3f s   %8.3f s per 100,000 codings %s\n", phase, seconds,
              seconds * 100000.0 / static_cast<double>(g_codings), extra.c_str());
  std::fflush(stdout);
}

template <typename T>
T OrDie(absl::StatusOr<T> v, const char* what) {
  if (!v.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, std::string(v.status().message()).c_str());
    std::exit(1);
  }
  return *std::move(v);
}

}  // namespace

int main(int argc, char** argv) {
  int documents = 2000, excerpts = 150000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--documents=")) (void)absl::SimpleAtoi(arg.substr(12), &documents);
    if (absl::StartsWith(arg, "--excerpts=")) (void)absl::SimpleAtoi(arg.substr(11), &excerpts);
  }
  const thematica::Project project = thematica::bench::Generate(
      {.documents = documents, .excerpts = excerpts, .document_bytes = 20000});
  for (const auto& e : project.excerpts()) g_codings += static_cast<int64_t>(e.code_ids.size());
  std::printf("refi_bench: %d documents, %zu excerpts, %lld codings\n", documents,
              project.excerpts().size(), static_cast<long long>(g_codings));

  auto t = Clock::now();
  const std::string qdpx = OrDie(thematica::WriteQdpxToMemory(project), "export");
  Report("export .qdpx (zip, with sidecar)", Seconds(t),
         absl::StrCat("  ", qdpx.size() >> 20, " MiB"));

  t = Clock::now();
  std::vector<std::pair<std::string, std::string>> files;
  const std::string qde = thematica::SerializeQde(project, false, &files);
  Report("  of which project.qde XML", Seconds(t), absl::StrCat("  ", qde.size() >> 20, " MiB"));

  t = Clock::now();
  thematica::ImportResult own = OrDie(thematica::ReadQdpxFromMemory(qdpx), "import");
  Report("import (own file)", Seconds(t));

  auto entries = OrDie(thematica::internal::ReadZip(qdpx, {}), "unzip");
  std::erase_if(entries, [](const auto& e) { return absl::StartsWith(e.first, "thematica/"); });
  const std::string foreign = OrDie(thematica::internal::WriteZip(entries), "zip");
  t = Clock::now();
  thematica::ImportResult refi = OrDie(thematica::ReadQdpxFromMemory(foreign), "import");
  Report("import (REFI-QDA content)", Seconds(t),
         absl::StrCat("  ", refi.project.excerpts().size(), " excerpts"));

  // For QualCoder: UTF-16 units of LF-only text, one selection per coding with
  // its quote as name; reading that back runs the unit check on every name.
  t = Clock::now();
  const std::string for_qualcoder = OrDie(
      thematica::WriteQdpxToMemory(project, {.target = thematica::ExportTarget::kQualCoder}),
      "export for qualcoder");
  Report("export .qdpx --target qualcoder", Seconds(t),
         absl::StrCat("  ", for_qualcoder.size() >> 20, " MiB"));
  t = Clock::now();
  thematica::ImportResult named =
      OrDie(thematica::ReadQdpxFromMemory(for_qualcoder), "import qualcoder");
  Report("import (names checked, 4 units)", Seconds(t),
         absl::StrCat("  ", named.project.excerpts().size(), " excerpts"));

  // Baseline: the native JSON encoding of the same project.
  t = Clock::now();
  const std::string json = thematica::SerializeProject(project, thematica::NativeFormat::kJson);
  Report("baseline: native JSON encode", Seconds(t), absl::StrCat("  ", json.size() >> 20, " MiB"));
  t = Clock::now();
  thematica::Project back =
      OrDie(thematica::ParseProject(json, thematica::NativeFormat::kJson), "json");
  Report("baseline: native JSON decode", Seconds(t));
  return own.project.excerpts().size() == project.excerpts().size() &&
                 refi.project.excerpts().size() == project.excerpts().size()
             ? 0
             : 1;
}
