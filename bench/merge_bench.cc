// Diff and three-way merge at the size: a generated base of 100,000
// documents and 1,000,000 excerpts, two sides each with 10,000 changes
// (recodes, range changes, new and removed codings, code renames, and text
// inserted at the start of documents with that side's codings moved along),
// some of them touching the same objects so that conflicts occur.
//
//   build/h/bench/merge_bench [--documents=N] [--excerpts=N] [--changes=N]
//
// Prints each phase's wall time and the peak resident memory so far
// (getrusage). Not part of the test suite.
#include <sys/resource.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "generate.h"
#include "internal/project_loader.h"
#include "thematica/diff.h"
#include "thematica/merge.h"
#include "thematica/project.h"

namespace {

using thematica::Project;

double PeakRssMiB() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // KiB on Linux.
}

void Report(const char* phase, double seconds, const std::string& extra = "") {
  std::printf("%-34s %8.2f s   peak RSS %8.0f MiB  %s\n", phase, seconds, PeakRssMiB(), extra.c_str());
  std::fflush(stdout);
}

// A copy of `base` with `changes` edits, built with the unchecked inserts (as
// a loader would) so that removals cost nothing per item. `overlap_seed` picks
// the objects both sides touch.
Project Fork(const Project& base, int changes, uint64_t seed, const std::string& tag) {
  std::mt19937_64 rng(seed);
  const auto& excerpts = base.excerpts();
  const auto& documents = base.documents();
  const auto& codes = base.codebook().codes();
  std::vector<std::string> codable;
  for (const thematica::Code& c : codes) {
    if (c.codable) codable.push_back(c.id);
  }
  // Shares of the changes: 40% recodes, 20% range changes, 15% new codings,
  // 10% removals, 14% text edits, 1% code renames.
  absl::flat_hash_set<size_t> recode, reshape, remove;
  absl::flat_hash_set<size_t> edit_docs, rename;
  auto pick = [&](size_t n, int count, absl::flat_hash_set<size_t>& into) {
    while (static_cast<int>(into.size()) < count) into.insert(rng() % n);
  };
  pick(excerpts.size(), changes * 40 / 100, recode);
  pick(excerpts.size(), changes * 20 / 100, reshape);
  pick(excerpts.size(), changes * 10 / 100, remove);
  pick(documents.size(), changes * 14 / 100, edit_docs);
  pick(codes.size(), std::max(1, changes / 100), rename);
  const int additions = changes * 15 / 100;

  thematica::internal::ProjectLoader load(
      thematica::ProjectOptions{.title = base.title(), .id_seed = seed});
  load.SetInfo(base.info());
  load.Reserve(documents.size(), excerpts.size() + additions);
  for (const auto& c : base.coders()) load.Add(c);
  for (const auto& a : base.attributes()) load.Add(a);
  for (const auto& c : base.cases()) load.Add(c);
  const std::string prefix = absl::StrCat("[", tag, " note] ");  // ASCII: length in code points = bytes.
  const int64_t shift = static_cast<int64_t>(prefix.size());
  absl::flat_hash_set<std::string> shifted_docs;
  for (size_t i = 0; i < documents.size(); ++i) {
    thematica::Document d = documents[i];
    if (edit_docs.contains(i)) {
      d.text = prefix + d.text;
      for (auto& t : d.speaker_turns) t.span = {t.span.start + shift, t.span.end + shift};
      shifted_docs.insert(d.id);
    }
    load.Add(std::move(d));
  }
  for (size_t i = 0; i < codes.size(); ++i) {
    thematica::Code c = codes[i];
    if (rename.contains(i)) c.name = absl::StrCat(c.name, " (", tag, ")");
    load.Add(std::move(c));
  }
  for (size_t i = 0; i < excerpts.size(); ++i) {
    if (remove.contains(i)) continue;
    thematica::Excerpt e = excerpts[i];
    if (recode.contains(i)) e.code_ids = {codable[rng() % codable.size()]};
    if (reshape.contains(i) && e.span.length() > 2) e.span.end -= 1;
    if (shifted_docs.contains(e.document_id)) e.span = {e.span.start + shift, e.span.end + shift};
    load.Add(std::move(e));
  }
  for (const auto& t : base.themes()) load.Add(t);
  for (const auto& r : base.relations()) load.Add(r);
  for (const auto& m : base.memos()) load.Add(m);
  // The other side's own new codings, made as edits.
  Project p = std::move(load).TakeUnchecked();
  for (int i = 0; i < additions; ++i) {
    const thematica::Document& d = documents[rng() % documents.size()];
    const int64_t length = p.DocumentLength(d.id).value();
    if (length < 2) continue;
    const int64_t start = rng() % (length - 1);
    const int64_t end = std::min<int64_t>(length, start + 1 + rng() % 200);
    thematica::Excerpt e{.id = "", .document_id = d.id, .span = {start, end},
                         .code_ids = {codable[rng() % codable.size()]}};
    (void)p.AddExcerpt(std::move(e));
  }
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  thematica::bench::Options options = thematica::bench::OptionsFromArgs(argc, argv);
  int changes = 10000;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--changes=") && !absl::SimpleAtoi(arg, &changes)) {
      std::fprintf(stderr, "bad --changes\n");
      return 2;
    }
  }
  std::printf("merge_bench: %d documents, %d excerpts, %d changes per side\n", options.documents,
              options.excerpts, changes);
  double t = thematica::bench::Now();
  const Project base = thematica::bench::Generate(options);
  Report("generate base", thematica::bench::Now() - t);
  t = thematica::bench::Now();
  const Project ours = Fork(base, changes, 101, "ours");
  const Project theirs = Fork(base, changes, 202, "theirs");
  Report("make both sides", thematica::bench::Now() - t);

  t = thematica::bench::Now();
  const thematica::ProjectDiff diff = thematica::Diff(base, ours);
  Report("diff base -> ours", thematica::bench::Now() - t, absl::StrCat(diff.changes.size(), " changes"));

  t = thematica::bench::Now();
  absl::StatusOr<thematica::MergeResult> merged = thematica::Merge(base, ours, theirs);
  const double merge_seconds = thematica::bench::Now() - t;
  if (!merged.ok()) {
    std::fprintf(stderr, "merge failed: %s\n", std::string(merged.status().message()).c_str());
    return 1;
  }
  absl::flat_hash_map<std::string, int> by_type;
  for (const auto& c : merged->conflicts) ++by_type[std::string(thematica::ConflictTypeName(c.type))];
  std::string types;
  for (const auto& [name, n] : by_type) absl::StrAppend(&types, " ", name, "=", n);
  Report("merge base + ours + theirs", merge_seconds,
         absl::StrCat(merged->conflicts.size(), " conflicts:", types, "; ", merged->project.excerpts().size(),
                      " excerpts"));
  return 0;
}
