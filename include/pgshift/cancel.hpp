// CancelToken: cooperative cancellation for SIGINT/SIGTERM.
//
// The CLI's signal thread calls request(); the library checks requested() between steps and
// registers callbacks (e.g. "cancel the query running on this connection") that run at once.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

namespace pgshift {

class CancelToken {
 public:
  // Marks the token cancelled and runs every registered callback once. Thread-safe.
  void request();
  bool requested() const { return m_requested.load(); }
  // Registers fn; it runs on request() (or at once if already requested). The returned id
  // removes it again with remove().
  int on_cancel(std::function<void()> fn);
  void remove(int id);

 private:
  std::atomic<bool> m_requested{false};
  std::mutex m_mutex;
  int m_next_id = 1;
  std::vector<std::pair<int, std::function<void()>>> m_callbacks;
};

}  // namespace pgshift
