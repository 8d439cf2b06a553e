# Extra C++ test targets, included by tests/cpp/CMakeLists.txt.

# --- Fuzz targets (REFI-QDA, codebook CSV, native loaders, queries, ProjectView) -
# With any compiler: each fuzz target replays its seed corpus (a regression
# test of the corpus inputs).
foreach(target qde qdpx csv native query view)
  add_executable(refi_${target}_fuzz_replay ${CMAKE_SOURCE_DIR}/fuzz/${target}_fuzzer.cc
                 ${CMAKE_SOURCE_DIR}/fuzz/replay_main.cc)
  target_link_libraries(refi_${target}_fuzz_replay PRIVATE thematica)
  file(GLOB corpus CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/corpus/${target}/*)
  add_test(NAME refi_${target}_fuzz_corpus COMMAND refi_${target}_fuzz_replay ${corpus})
endforeach()
# With clang and libFuzzer installed (Debian: clang, libclang-rt-14-dev): a
# short libFuzzer run of each target, built instrumented in its own directory.
find_program(THEMATICA_CLANGXX clang++)
if(THEMATICA_CLANGXX)
  add_test(NAME refi_fuzz_short_run
           COMMAND ${CMAKE_COMMAND} -E env THEMATICA_FUZZ_BUILD=${CMAKE_BINARY_DIR}/fuzz
                   sh ${CMAKE_SOURCE_DIR}/fuzz/build.sh --run 2000)
  set_tests_properties(refi_fuzz_short_run PROPERTIES TIMEOUT 1800 LABELS fuzz)
else()
  # Shown as skipped, with the reason, rather than silently left out.
  add_test(NAME refi_fuzz_short_run
           COMMAND sh -c "echo 'skipped: clang++ with libFuzzer is not installed (scripts/setup --with-test-tools)'; exit 77")
  set_tests_properties(refi_fuzz_short_run PROPERTIES SKIP_RETURN_CODE 77 LABELS fuzz)
endif()
