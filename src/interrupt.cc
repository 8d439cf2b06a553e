#include "thematica/interrupt.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"

namespace thematica {
namespace {

std::atomic<InterruptCheck> g_check{nullptr};
std::atomic<std::thread::id> g_owner{};

}  // namespace

void SetInterruptCheck(InterruptCheck check) {
  g_owner.store(std::this_thread::get_id());
  g_check.store(check);
}

bool InterruptRequested() {
  const InterruptCheck check = g_check.load(std::memory_order_relaxed);
  if (check == nullptr || std::this_thread::get_id() != g_owner.load(std::memory_order_relaxed)) {
    return false;
  }
  // Look at the clock every 64 calls and at the check every 20 ms, so that
  // polling costs next to nothing in a tight loop.
  thread_local unsigned calls = 0;
  thread_local auto last = std::chrono::steady_clock::now();
  if (++calls % 64 != 0) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now - last < std::chrono::milliseconds(20)) return false;
  last = now;
  return check();
}

absl::Status CheckInterrupt(absl::string_view what) {
  if (!InterruptRequested()) return absl::OkStatus();
  return absl::CancelledError(absl::StrCat(what, " interrupted"));
}

}  // namespace thematica
