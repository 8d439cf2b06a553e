// A progress bar on stderr for long commands, drawn only when stderr is a
// terminal (never in logs or pipes).
//
//   const ProgressFn progress = TerminalProgress();
//   for (int k = 0; k < n; ++k) { Work(k); progress(k + 1, n); }
#ifndef THEMATICA_SRC_CLI_PROGRESS_H_
#define THEMATICA_SRC_CLI_PROGRESS_H_

#include <functional>

namespace thematica::cli {

// progress(done, total): redraws "[#####     ] done/total", ending the line at done == total.
using ProgressFn = std::function<void(int, int)>;

ProgressFn TerminalProgress();

}  // namespace thematica::cli

#endif  // THEMATICA_SRC_CLI_PROGRESS_H_
