// Cost of the change log: adds 1,000,000 excerpts (over 100,000 documents by
// default; --documents=N --excerpts=N) through Project::AddExcerpt with the
// log on and off, and prints both times, the ratio, and what saving the log
// adds to the file.
//
//   ./build/h/bench/history_bench [--documents=N] [--excerpts=N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "generate.h"
#include "internal/project_loader.h"
#include "thematica/native_io.h"
#include "thematica/project.h"

namespace {

using thematica::Excerpt;
using thematica::Project;

// The generated project without its excerpts, and the excerpts to add.
struct Setup {
  Project base;
  std::vector<Excerpt> excerpts;
};

Setup Make(const thematica::bench::Options& options) {
  Setup s;
  Project full = thematica::bench::Generate(options);
  s.excerpts = full.excerpts();
  thematica::internal::ProjectLoader load(thematica::ProjectOptions{.id_seed = 99});
  for (const thematica::Coder& c : full.coders()) load.Add(c);
  for (const thematica::AttributeDefinition& a : full.attributes()) load.Add(a);
  for (const thematica::Case& c : full.cases()) load.Add(c);
  for (const thematica::Document& d : full.documents()) load.Add(d);
  for (const thematica::Code& c : full.codebook().codes()) load.Add(c);
  s.base = std::move(load).TakeUnchecked();
  return s;
}

// Seconds to add every excerpt to a copy of the base project.
double AddAll(const Setup& s, bool log, Project* out) {
  Project p = s.base;
  p.SetHistoryEnabled(log);
  if (!s.base.coders().empty()) (void)p.SetCurrentCoder(s.base.coders().front().id);
  p.Reserve(0, s.excerpts.size());
  const double start = thematica::bench::Now();
  for (const Excerpt& e : s.excerpts) {
    if (!p.AddExcerpt(e).ok()) {
      std::fprintf(stderr, "AddExcerpt failed\n");
      std::exit(1);
    }
  }
  const double seconds = thematica::bench::Now() - start;
  if (out != nullptr) *out = std::move(p);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const thematica::bench::Options options = thematica::bench::OptionsFromArgs(argc, argv);
  const Setup setup = Make(options);
  std::printf("adding %zu excerpts over %zu documents through Project::AddExcerpt\n",
              setup.excerpts.size(), setup.base.documents().size());
  // Alternate runs so that neither side is favoured by a warm cache; best of 3.
  double off = 1e30, on = 1e30;
  Project logged;
  for (int round = 0; round < 3; ++round) {
    off = std::min(off, AddAll(setup, false, nullptr));
    on = std::min(on, AddAll(setup, true, round == 2 ? &logged : nullptr));
  }
  std::printf("log off: %.3f s (%.0f ns per excerpt)\n", off, off * 1e9 / setup.excerpts.size());
  std::printf("log on:  %.3f s (%.0f ns per excerpt), %zu records\n", on,
              on * 1e9 / setup.excerpts.size(), logged.history().size());
  std::printf("ratio on/off: %.2f\n", on / off);
  const double t0 = thematica::bench::Now();
  const std::string with_log = thematica::SerializeProject(logged, thematica::NativeFormat::kBinary);
  const double save_on = thematica::bench::Now() - t0;
  thematica::internal::ProjectAccess::SetHistory(logged, {}, {});
  const double t1 = thematica::bench::Now();
  const std::string without = thematica::SerializeProject(logged, thematica::NativeFormat::kBinary);
  const double save_off = thematica::bench::Now() - t1;
  std::printf("binary file: %.1f MB with the log, %.1f MB without; serialising %.2f s vs %.2f s\n",
              with_log.size() / 1e6, without.size() / 1e6, save_on, save_off);
  return 0;
}
