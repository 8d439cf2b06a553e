// Edit + query cycles on a generated project (100,000 documents, 1,000,000
// excerpts by default): each cycle adds, changes or removes one excerpt and
// then asks a question of the analysis engine, whose index follows the edit
// incrementally (the excerpt journal). Side by side, in the same run, the
// baseline: the whole index rebuilt after the edit (what every edit cost
// before), timed on every --rebuild_every-th cycle since each takes seconds.
// The queries: code retrieval (the excerpts of the edited code, Analysis::
// CodedExcerpts) right after the edit, so its time includes bringing the
// index up to date; then the codes × role crosstab over cases, a pass over
// every posting. The index update is timed on its own through a query that
// reads only the edited document. At the end the maintained answers are compared with a fresh
// index's.
//
//   build/dev/bench/incremental_bench [--documents=N] [--excerpts=N]
//                                     [--cycles=N] [--rebuild_every=N]
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "generate.h"
#include "thematica/analysis.h"

namespace {

using thematica::bench::Now;

struct Stat {
  std::vector<double> samples;
  void Add(double seconds) { samples.push_back(seconds); }
  int count() const { return static_cast<int>(samples.size()); }
  double Mean() const {
    double total = 0;
    for (double s : samples) total += s;
    return samples.empty() ? 0 : total / static_cast<double>(samples.size());
  }
  double Median() const {
    if (samples.empty()) return 0;
    std::vector<double> sorted = samples;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return sorted[sorted.size() / 2];
  }
  double Worst() const { return samples.empty() ? 0 : *std::max_element(samples.begin(), samples.end()); }
};

void Row(const char* label, const Stat& s) {
  std::printf("%-52s %9.2fms %9.2fms %9.2fms\n", label, s.Median() * 1e3, s.Mean() * 1e3, s.Worst() * 1e3);
}

}  // namespace

int main(int argc, char** argv) {
  const thematica::bench::Options options = thematica::bench::OptionsFromArgs(argc, argv);
  int cycles = 1000, rebuild_every = 50;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (absl::StartsWith(arg, "--cycles=")) (void)absl::SimpleAtoi(arg.substr(9), &cycles);
    if (absl::StartsWith(arg, "--rebuild_every=")) (void)absl::SimpleAtoi(arg.substr(16), &rebuild_every);
  }
  double t = Now();
  thematica::Project p = thematica::bench::Generate(options);
  std::printf("incremental_bench: %zu documents, %zu excerpts, %zu codes (generated in %.1fs)\n",
              p.documents().size(), p.excerpts().size(), p.codebook().size(), Now() - t);
  const std::string role = p.FindAttributeByName("role")->id;
  std::vector<std::string> codes;
  for (const thematica::Code& c : p.codebook().codes()) codes.push_back(c.id);

  t = Now();
  thematica::Analysis live(p);
  (void)live.CodedExcerpts(codes[0]);
  const double first_build = Now() - t;

  std::mt19937_64 rng(42);
  Stat edit, update, retrieval, crosstab, incremental, rebuild;
  std::vector<std::string> added;  // Excerpts this run added (half the removals take one).
  int adds = 0, updates = 0, removals = 0;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    // The edit: 40% add, 40% change (codes or range), 20% remove.
    std::string code = codes[rng() % codes.size()];
    std::string document;  // The edited excerpt's.
    const int kind = static_cast<int>(rng() % 10);
    t = Now();
    if (kind < 4) {
      const thematica::Document& d = p.documents()[rng() % p.documents().size()];
      const int64_t length = p.DocumentLength(d.id).value();
      const int64_t start = static_cast<int64_t>(rng() % static_cast<uint64_t>(length - 50));
      added.push_back(p.AddExcerpt({.document_id = d.id, .span = {start, start + 30}, .code_ids = {code}}).value());
      document = d.id;
      ++adds;
    } else if (kind < 8) {
      thematica::Excerpt e = p.excerpts()[rng() % p.excerpts().size()];
      if (kind % 2 == 0) {
        e.code_ids = {code};
      } else {
        e.span.end = e.span.start + 1 + (e.span.end - e.span.start) / 2;
        code = e.code_ids.front();
      }
      document = e.document_id;
      (void)p.UpdateExcerpt(std::move(e)).ok();
      ++updates;
    } else {
      std::string id;
      if (!added.empty() && kind == 9) {
        id = added.back();
        added.pop_back();
      } else {
        id = p.excerpts()[rng() % p.excerpts().size()].id;
      }
      code = p.FindExcerpt(id)->code_ids.front();
      document = p.FindExcerpt(id)->document_id;
      (void)p.RemoveExcerpt(id).ok();
      ++removals;
    }
    edit.Add(Now() - t);

    // The index update, with a query that reads only the edited document
    // (saturation over it); then code retrieval on the updated index.
    t = Now();
    (void)live.Saturation({document});
    const double u = Now() - t;
    update.Add(u);
    t = Now();
    const size_t found = live.CodedExcerpts(code)->size();
    retrieval.Add(Now() - t);
    incremental.Add(u + retrieval.samples.back());
    t = Now();
    (void)live.CrossTab(role, thematica::Unit::kCases);
    crosstab.Add(Now() - t);

    if (rebuild_every > 0 && cycle % rebuild_every == 0) {
      t = Now();
      thematica::Analysis fresh(p);
      (void)fresh.Saturation({document});
      const size_t again = fresh.CodedExcerpts(code)->size();
      rebuild.Add(Now() - t);
      if (again != found) {
        std::printf("retrieval DIFFERS at cycle %d: %zu vs %zu\n", cycle, found, again);
        return 1;
      }
    }
  }

  // Same answers as a fresh index?
  thematica::Analysis fresh(p);
  const auto a = live.CrossTab(role, thematica::Unit::kCases);
  const auto b = fresh.CrossTab(role, thematica::Unit::kCases);
  const auto c = live.Cooccurrence(thematica::Unit::kExcerpts, thematica::Measure::kCount);
  const auto d = fresh.Cooccurrence(thematica::Unit::kExcerpts, thematica::Measure::kCount);
  const bool same = a->counts == b->counts && a->column_totals == b->column_totals && c->values == d->values;

  std::printf("%d cycles: %d adds, %d changes, %d removals; %zu excerpts at the end\n", cycles, adds, updates,
              removals, p.excerpts().size());
  std::printf("first full build of the index: %.3fs\n", first_build);
  std::printf("%-52s %10s %10s %10s\n", "per cycle", "median", "mean", "worst");
  Row("the edit itself (Project)", edit);
  Row("index update (+ saturation of the edited document)", update);
  Row("code retrieval (the edited code's excerpts)", retrieval);
  Row("incremental: update + retrieval", incremental);
  Row("full rebuild + the same queries (baseline)", rebuild);
  std::printf("%-52s %9.0f× %9.0f×\n", "ratio baseline / incremental", rebuild.Median() / incremental.Median(),
              rebuild.Mean() / incremental.Mean());
  Row("then codes × role crosstab (cases, all postings)", crosstab);
  std::printf("(baseline timed on %d of the %d cycles; the incremental worst case is the first update,\n"
              " which makes the index's id → slot map once)\n",
              rebuild.count(), cycles);
  std::printf("answers %s\n", same ? "identical to a fresh index" : "DIFFER from a fresh index");
  return same ? 0 : 1;
}
