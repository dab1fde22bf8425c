#include "core/sleep.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace pgshift::core {

bool sleep_unless_cancelled(Millis d, const CancelToken* cancel) {
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + d;
  while (Clock::now() < until) {
    if (cancel && cancel->requested()) {
      return false;
    }
    std::this_thread::sleep_for(
        std::min<Millis>(Millis(50), std::chrono::duration_cast<Millis>(until - Clock::now())));
  }
  return !(cancel && cancel->requested());
}

}  // namespace pgshift::core
