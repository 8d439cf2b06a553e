// Cooperative interruption of long operations: bootstrap replicates, building
// the analysis index, saving and loading large projects, REFI-QDA import and
// export. A front end installs a check (the Python module installs one that
// turns Ctrl-C into KeyboardInterrupt); long loops poll it and stop with
// absl::CancelledError, leaving every project and file as it was.
//
//   thematica::SetInterruptCheck([] { return g_stop.load(); });
//   for (…) { THEMATICA_RETURN_IF_ERROR(thematica::CheckInterrupt("saving")); … }
#ifndef THEMATICA_INTERRUPT_H_
#define THEMATICA_INTERRUPT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace thematica {

// Returns true when the running operation should stop. Called only from the
// thread that installed it, at most every few milliseconds.
using InterruptCheck = bool (*)();

// Installs `check` (nullptr: none) for operations run on the calling thread.
void SetInterruptCheck(InterruptCheck check);

// Cheap enough for inner loops: consults the check only now and then.
bool InterruptRequested();

// CancelledError("<what> interrupted") when InterruptRequested().
absl::Status CheckInterrupt(absl::string_view what);

}  // namespace thematica

#endif  // THEMATICA_INTERRUPT_H_
