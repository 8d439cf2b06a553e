#!/bin/sh
# Builds the REFI-QDA, codebook CSV, native-format, query and ProjectView fuzzers with clang (libFuzzer + ASan + UBSan) and, with
# --run N, runs each for N inputs from its seed corpus.
#   fuzz/build.sh                 # build into build-fuzz/
#   fuzz/build.sh --run 2000      # build, then a short run of each (CI)
#   build-fuzz/qde_fuzzer fuzz/corpus/qde -max_total_time=600   # a real session
# Needs Debian's clang and libclang-rt-14-dev.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${THEMATICA_FUZZ_BUILD:-$ROOT/build-fuzz}
CXX=clang++ cmake -S "$ROOT/fuzz" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTHEMATICA_BUILD_CLI=OFF >/dev/null
ninja -C "$BUILD" -j"${THEMATICA_FUZZ_JOBS:-2}" qde_fuzzer qdpx_fuzzer csv_fuzzer native_fuzzer query_fuzzer view_fuzzer
if [ "${1:-}" = "--run" ]; then
  RUNS=${2:-2000}
  for target in qde qdpx csv native query view; do
    # A scratch copy so that the run's new inputs stay out of the repository.
    WORK=$(mktemp -d)
    cp "$ROOT/fuzz/corpus/$target"/* "$WORK/"
    "$BUILD/${target}_fuzzer" "$WORK" -runs="$RUNS" -max_len=65536 -seed=1 \
      -print_final_stats=1 2>&1 | tail -n 3
    rm -rf "$WORK"
  done
fi
