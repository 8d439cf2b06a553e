// Save and load of a large generated project in both native encodings, and
// peak memory. Default size is the foundation issue's: 100,000 documents
// (≈200 MB of text) and 1,000,000 excerpts.
//
//   build/bench/project_io_bench [--documents=N] [--excerpts=N] [--dir=/tmp]
//   THEMATICA_BENCH_KEEP=1 …   keeps the written files (e.g. to profile a load
//                               with --load-only=FILE under perf)
//
// Each phase prints its wall time and the process's peak resident memory so
// far (getrusage). Loads run in a fresh process of this program
// (--load-only=FILE) so their peak memory is the load's own, as a user who
// opens a project sees it.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "thematica/file_util.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "generate.h"

namespace {

using Clock = std::chrono::steady_clock;

double PeakRssMiB() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // ru_maxrss is KiB on Linux.
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

void Report(const char* phase, double seconds, const std::string& extra = "") {
  std::printf("%-28s %8.2f s   peak RSS %8.0f MiB %s\n", phase, seconds, PeakRssMiB(),
              extra.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int documents = 100000, excerpts = 1000000;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--load-only=")) {
      const std::string path = arg.substr(12);
      const auto t = Clock::now();
      absl::StatusOr<thematica::Project> loaded = thematica::LoadProject(path);
      if (!loaded.ok()) {
        std::fprintf(stderr, "load failed: %s\n", std::string(loaded.status().message()).c_str());
        return 1;
      }
      Report(absl::StrCat("load ", std::filesystem::path(path).extension().string(),
                          " (validated, own process)").c_str(),
             Seconds(t), absl::StrCat("  ", loaded->excerpts().size(), " excerpts"));
      return 0;
    }
    if (absl::StartsWith(arg, "--documents=")) (void)absl::SimpleAtoi(arg.substr(12), &documents);
    if (absl::StartsWith(arg, "--excerpts=")) (void)absl::SimpleAtoi(arg.substr(11), &excerpts);
    if (absl::StartsWith(arg, "--dir=")) dir = arg.substr(6);
  }
  std::printf("project_io_bench: %d documents, %d excerpts\n", documents, excerpts);
  auto t = Clock::now();
  thematica::Project project =
      thematica::bench::Generate({.documents = documents, .excerpts = excerpts});
  int64_t text_bytes = 0;
  for (const auto& d : project.documents()) text_bytes += static_cast<int64_t>(d.text.size());
  Report("build (generate + validate)", Seconds(t),
         absl::StrCat("  text ", text_bytes / (1 << 20), " MiB"));
  const double build_rss = PeakRssMiB();

  for (const char* ext : {".thematica", ".json"}) {
    const std::string path = absl::StrCat(dir, "/thematica_bench", ext);
    t = Clock::now();
    if (absl::Status s = thematica::SaveProject(project, path); !s.ok()) {
      std::fprintf(stderr, "save failed: %s\n", std::string(s.message()).c_str());
      return 1;
    }
    const auto size = std::filesystem::file_size(path);
    Report(absl::StrCat("save ", ext).c_str(), Seconds(t),
           absl::StrCat("  file ", size / (1 << 20), " MiB"));
    const std::string command = absl::StrCat("'", argv[0], "' --load-only='", path, "'");
    if (std::system(command.c_str()) != 0) return 1;
    if (std::getenv("THEMATICA_BENCH_KEEP") == nullptr) std::filesystem::remove(path);
  }
  std::printf("this process's peak RSS %.0f MiB (after building the project: %.0f MiB)\n",
              PeakRssMiB(), build_rss);
  return 0;
}
