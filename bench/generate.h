// Deterministic synthetic projects for benchmarks: documents of realistic
// length made of real words (a tenth of them non-ASCII), a two-level code
// hierarchy, several coders, cases with a role attribute, and excerpts of one
// or two codes over random ranges (so many overlap). The same options give
// the same project, ids included.
//
//   thematica::bench::Options o{.documents = 100000, .excerpts = 1000000};
//   thematica::Project p = thematica::bench::Generate(o);
#ifndef THEMATICA_BENCH_GENERATE_H_
#define THEMATICA_BENCH_GENERATE_H_

#include <cstdint>

#include "thematica/project.h"

namespace thematica::bench {

struct Options {
  int documents = 1000;
  int excerpts = 10000;
  int root_codes = 20;         // Each with `children_per_root` children.
  int children_per_root = 9;
  int coders = 4;
  int document_bytes = 2000;   // Approximate length of each document.
  uint64_t seed = 1;
};

Project Generate(const Options& options);

// The issue-sized default (100,000 documents, 1,000,000 excerpts), changed by
// --documents=N and --excerpts=N among the program's arguments.
Options OptionsFromArgs(int argc, char** argv);

// Seconds since `start` (a steady-clock reading from Now()).
double Now();

}  // namespace thematica::bench

#endif  // THEMATICA_BENCH_GENERATE_H_
