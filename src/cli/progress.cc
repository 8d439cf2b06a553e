#include "cli/progress.h"

#include <unistd.h>

#include <iostream>
#include <string>

namespace thematica::cli {

ProgressFn TerminalProgress() {
  if (!::isatty(STDERR_FILENO)) return [](int, int) {};
  return [](int done, int total) {
    if (total <= 0) return;
    const int width = 30, filled = width * done / total;
    std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] " << done << "/"
              << total << (done == total ? "\n" : "") << std::flush;
  };
}

}  // namespace thematica::cli
