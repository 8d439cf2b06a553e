// Running an external program (Graphviz's dot, Pandoc) without a shell and
// without temporary files: arguments go to the program as they are, input
// through a pipe to its standard input, output read from its standard output.
#ifndef THEMATICA_INTERNAL_SUBPROCESS_H_
#define THEMATICA_INTERNAL_SUBPROCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thematica::internal {

struct ProcessResult {
  int exit_code = 0;       // The program's exit status; 128 + signal when killed.
  std::string out;         // Everything it wrote to standard output.
  std::string err;         // Everything it wrote to standard error.
};

// Runs argv[0] (looked up on PATH when it has no '/') with `argv` and
// `input` on its standard input, and waits for it. NotFound when the
// program cannot be started; other failures of the system calls are
// Internal. A non-zero exit is not an error here: the caller reads it.
absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv, absl::string_view input);

}  // namespace thematica::internal

#endif  // THEMATICA_INTERNAL_SUBPROCESS_H_
