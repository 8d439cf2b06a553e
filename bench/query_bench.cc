// Coding queries (AND, OR, NOT, NEAR, SAMEPARA) on a generated project
// (100,000 documents, 1,000,000 codings by default), two code subtrees at a
// time. Prints the time of each query and a checksum of its hits, so that two
// builds can be compared on speed and on answers.
//
//   build/dev/bench/query_bench [--documents=N] [--excerpts=N]
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "generate.h"
#include "thematica/query.h"

int main(int argc, char** argv) {
  const thematica::bench::Options options = thematica::bench::OptionsFromArgs(argc, argv);
  std::printf("query_bench: %d documents, %d codings\n", options.documents, options.excerpts);
  const thematica::Project p = thematica::bench::Generate(options);
  std::vector<std::string> roots;
  for (const thematica::Code& c : p.codebook().codes()) {
    if (c.parent_id.empty()) roots.push_back(absl::StrCat("\"", c.id, "\""));
  }
  const std::string a = roots.at(0), b = roots.at(1);
  const std::vector<std::string> queries = {
      absl::StrCat(a, " AND ", b),     absl::StrCat(a, " OR ", b),      absl::StrCat(a, " NOT ", b),
      absl::StrCat("NOT ", a),          absl::StrCat(a, " NEAR/50 ", b), absl::StrCat(a, " SAMEPARA ", b)};
  const char* names[] = {"A AND B", "A OR B", "A NOT B", "NOT A", "A NEAR/50 B", "A SAMEPARA B"};
  double total = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    const double t = thematica::bench::Now();
    absl::StatusOr<std::vector<thematica::QueryHit>> hits =
        thematica::RunQuery(p, queries[i], {.include_descendants = true, .context = 0});
    const double seconds = thematica::bench::Now() - t;
    if (!hits.ok()) {
      std::fprintf(stderr, "%s\n", std::string(hits.status().message()).c_str());
      return 1;
    }
    uint64_t checksum = 0;
    for (const thematica::QueryHit& h : *hits) {
      checksum = checksum * 31 + static_cast<uint64_t>(h.span.start * 7 + h.span.end);
    }
    total += seconds;
    std::printf("  %-14s %8.3f s  %8zu hits  checksum %llu\n", names[i], seconds, hits->size(),
                static_cast<unsigned long long>(checksum));
  }
  std::printf("  %-14s %8.3f s\n", "all six", total);
  return 0;
}
