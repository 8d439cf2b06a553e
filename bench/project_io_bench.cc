// Save and load of a large generated project in every native encoding —
// binary (one record per object), compact (format 1.2 columns) and JSON —
// side by side. Default size is the foundation issue's: 100,000 documents
// (≈200 MB of text) and 1,000,000 excerpts.
//
//   build/bench/project_io_bench [--documents=N] [--excerpts=N] [--dir=/tmp]
//   THEMATICA_BENCH_KEEP=1 …   keeps the written files (e.g. to profile a load
//                               with --load-only=FILE under perf)
//
// Every load runs in a fresh process of this program (--load-only=FILE), so
// its memory figures are the load's own, as a user who opens a project sees
// them: the time to read the file's bytes (ReadFile, page cache warm), the
// validated load, the peak resident memory (VmHWM) and the resident memory
// after the load with the project held (VmRSS, after malloc_trim gives
// freed memory back).
//
// The compact file is also opened as a ProjectView (lazy text, in its own
// process, --view-only=FILE): the open (wall and CPU), the resident memory it
// adds (VmRSS after minus before), one code retrieval with reading the text
// of its excerpts, and reading every text once (the UTF-8 checks of first
// access), against the same "reading the file's bytes".
#include <malloc.h>
#include <time.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "generate.h"
#include "internal/file_util.h"
#include "thematica/native_io.h"
#include "thematica/project.h"
#include "thematica/project_view.h"

namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds of this process so far: unlike wall time, not inflated when
// other work shares the machine.
double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// A "VmHWM:" / "VmRSS:" line of /proc/self/status, in MiB.
double StatusMiB(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, key)) {
      double kib = 0;
      std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (parts.size() >= 2) (void)absl::SimpleAtod(parts[1], &kib);
      return kib / 1024.0;
    }
  }
  return 0;
}

// One line: read seconds, load seconds (wall, CPU), validating, peak MiB,
// resident MiB, excerpts.
int LoadOnly(const std::string& path) {
  auto t = Clock::now();
  {
    absl::StatusOr<std::string> bytes = thematica::ReadFile(path);
    if (!bytes.ok()) return 1;
  }
  const double read = Seconds(t);
  malloc_trim(0);
  t = Clock::now();
  const double cpu = CpuSeconds();
  absl::StatusOr<thematica::Project> loaded = thematica::LoadProject(path);
  const double load = Seconds(t), load_cpu = CpuSeconds() - cpu;
  if (!loaded.ok()) {
    std::fprintf(stderr, "load failed: %s\n", std::string(loaded.status().message()).c_str());
    return 1;
  }
  malloc_trim(0);
  const double peak = StatusMiB("VmHWM:"), resident = StatusMiB("VmRSS:");
  // What of the load is the model's own consistency check (the same call
  // every loader makes), as opposed to decoding and building.
  t = Clock::now();
  const bool valid = loaded->Validate().empty();
  const double validate = Seconds(t);
  std::printf("%f %f %f %f %f %f %zu\n", read, load, load_cpu, validate, peak, resident,
              valid ? loaded->excerpts().size() : 0);
  return 0;
}

// One line: read seconds, open seconds (wall, CPU), resident MiB before and
// after the open, of it anonymous (not file pages), retrieval seconds, excerpts retrieved, resident MiB after
// it, seconds to read every text, resident MiB after that, excerpts.
int ViewOnly(const std::string& path) {
  auto t = Clock::now();
  {
    absl::StatusOr<std::string> bytes = thematica::ReadFile(path);
    if (!bytes.ok()) return 1;
  }
  const double read = Seconds(t);
  malloc_trim(0);
  const double before = StatusMiB("VmRSS:"), anon_before = StatusMiB("RssAnon:");
  t = Clock::now();
  const double cpu = CpuSeconds();
  absl::StatusOr<std::shared_ptr<const thematica::ProjectView>> view = thematica::ProjectView::Open(path);
  const double open = Seconds(t), open_cpu = CpuSeconds() - cpu;
  if (!view.ok()) {
    std::fprintf(stderr, "open failed: %s\n", std::string(view.status().message()).c_str());
    return 1;
  }
  malloc_trim(0);
  const double after = StatusMiB("VmRSS:"), anon = StatusMiB("RssAnon:") - anon_before;
  // One code retrieval (the codebook's first code, without the codes below it)
  // and the text of every excerpt found.
  t = Clock::now();
  absl::StatusOr<std::vector<size_t>> found = (*view)->Excerpts((*view)->CodeId(0), false);
  size_t bytes = 0;
  for (size_t e : found.value_or(std::vector<size_t>())) {
    absl::StatusOr<absl::string_view> text = (*view)->ExcerptText(e);
    if (!text.ok()) return 1;
    bytes += text->size();
  }
  const double retrieve = Seconds(t);
  const double after_retrieve = StatusMiB("VmRSS:");
  t = Clock::now();
  for (size_t d = 0; d < (*view)->document_count(); ++d) {
    if (!(*view)->Text(d).ok()) return 1;
  }
  const double all_texts = Seconds(t);
  const double after_all = StatusMiB("VmRSS:");
  std::printf("%f %f %f %f %f %f %f %zu %f %f %f %zu\n", read, open, open_cpu, before, after, anon, retrieve,
              found.ok() ? found->size() : 0, after_retrieve, all_texts, after_all,
              bytes == 0 ? 0 : (*view)->excerpt_count());
  return 0;
}

struct Row {
  std::string name;
  double save = 0;
  uintmax_t size = 0;
  double read = 0, load = 0, load_cpu = 0, validate = 0, peak = 0, resident = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int documents = 100000, excerpts = 1000000;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--load-only=")) return LoadOnly(arg.substr(12));
    if (absl::StartsWith(arg, "--view-only=")) return ViewOnly(arg.substr(12));
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
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  std::printf("build (generate + validate): %.2f s, text %.1f MiB, this process's peak %.0f MiB\n",
              Seconds(t), text_bytes / 1048576.0, usage.ru_maxrss / 1024.0);
  std::fflush(stdout);

  std::vector<Row> rows;
  struct {
    double read = 0, open = 0, open_cpu = 0, before = 0, after = 0, anon = 0, retrieve = 0, after_retrieve = 0,
           all_texts = 0, after_all = 0;
    size_t found = 0;
    bool ran = false;
  } view;
  const struct {
    const char* name;
    const char* file;
    thematica::NativeFormat format;
  } cases[] = {{"binary", "thematica_bench.thematica", thematica::NativeFormat::kBinary},
               {"compact", "thematica_bench_compact.thematica", thematica::NativeFormat::kCompact},
               {"json", "thematica_bench.json", thematica::NativeFormat::kJson}};
  for (const auto& c : cases) {
    Row row{.name = c.name};
    const std::string path = absl::StrCat(dir, "/", c.file);
    t = Clock::now();
    if (absl::Status s = thematica::SaveProject(project, path, c.format); !s.ok()) {
      std::fprintf(stderr, "save failed: %s\n", std::string(s.message()).c_str());
      return 1;
    }
    row.save = Seconds(t);
    row.size = std::filesystem::file_size(path);
    const std::string command = absl::StrCat("'", argv[0], "' --load-only='", path, "'");
    FILE* child = popen(command.c_str(), "r");
    size_t loaded = 0;
    if (child == nullptr ||
        std::fscanf(child, "%lf %lf %lf %lf %lf %lf %zu", &row.read, &row.load, &row.load_cpu,
                    &row.validate, &row.peak, &row.resident, &loaded) != 7 ||
        pclose(child) != 0 || loaded != project.excerpts().size()) {
      std::fprintf(stderr, "load of %s failed\n", path.c_str());
      return 1;
    }
    if (c.format == thematica::NativeFormat::kCompact) {
      const std::string view_command = absl::StrCat("'", argv[0], "' --view-only='", path, "'");
      FILE* viewer = popen(view_command.c_str(), "r");
      size_t seen = 0;
      if (viewer == nullptr ||
          std::fscanf(viewer, "%lf %lf %lf %lf %lf %lf %lf %zu %lf %lf %lf %zu", &view.read, &view.open,
                      &view.open_cpu, &view.before, &view.after, &view.anon, &view.retrieve,
                      &view.found, &view.after_retrieve, &view.all_texts, &view.after_all, &seen) != 12 ||
          pclose(viewer) != 0 || seen != project.excerpts().size()) {
        std::fprintf(stderr, "view of %s failed\n", path.c_str());
        return 1;
      }
      view.ran = true;
    }
    if (std::getenv("THEMATICA_BENCH_KEEP") == nullptr) std::filesystem::remove(path);
    std::printf("%-8s saved in %.2f s, loaded in %.2f s\n", c.name, row.save, row.load);
    std::fflush(stdout);
    rows.push_back(row);
  }
  const double mib = 1048576.0;
  std::printf("\n%-8s %10s %14s %9s %9s %10s %12s %10s %10s %12s %14s\n", "encoding", "file MiB",
              "B/excerpt>text", "read s", "load s", "load CPU s", "of it valid.", "load/read",
              "peak MiB", "resident MiB", "resident/text");
  for (const Row& r : rows) {
    std::printf("%-8s %10.1f %14.1f %9.2f %9.2f %10.2f %12.2f %10.1f %10.0f %12.0f %14.2f\n",
                r.name.c_str(),
                r.size / mib,
                (static_cast<double>(r.size) - static_cast<double>(text_bytes)) /
                    static_cast<double>(std::max<size_t>(project.excerpts().size(), 1)),
                r.read, r.load, r.load_cpu, r.validate, r.load / std::max(r.read, 1e-9), r.peak,
                r.resident,
                r.resident * mib / static_cast<double>(std::max<int64_t>(text_bytes, 1)));
  }
  if (view.ran) {
    std::printf("%-8s %10s %14s %9.2f %9.2f %10.2f %12s %10.1f %10s %12.0f %14.2f   <- view (lazy text): open\n",
                "view", "", "", view.read, view.open, view.open_cpu, "(at open)",
                view.open / std::max(view.read, 1e-9), "", view.after - view.before,
                (view.after - view.before) * mib / static_cast<double>(std::max<int64_t>(text_bytes, 1)));
    std::printf("view: resident added by the open %.0f MiB, of it %.0f MiB anonymous (the rest: the "
                "mapped columns' file pages)\n", view.after - view.before, view.anon);
    std::printf("view: one code retrieval (the first code, %zu excerpts, their texts read) "
                "%.3f s, resident then %.0f MiB; every text read once (UTF-8 checked) %.2f s, resident "
                "then %.0f MiB (the mapped texts' pages count as resident while mapped; the kernel can "
                "drop them)\n",
                view.found, view.retrieve, view.after_retrieve - view.before, view.all_texts,
                view.after_all - view.before);
  }
  std::printf("(text %.1f MiB; read = reading the file's bytes in the loading process; load CPU = "
              "the load's CPU time; of it valid. = Project::Validate (wall), part of every load; peak = VmHWM of that process, "
              "resident = its VmRSS after the load)\n",
              text_bytes / mib);
  return 0;
}
