// CancelToken: cooperative cancellation for SIGINT/SIGTERM.
//
// The CLI's signal thread calls request(); the library checks requested() between steps and
// registers callbacks (e.g. "cancel the query running on this connection") that run at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pgshift {

class CancelToken {
 public:
  // Marks the token cancelled and runs every registered callback once, on the calling thread.
  // Thread-safe. Callbacks run one at a time without the token's lock held (a callback may
  // call on_cancel or remove itself).
  void request();
  bool requested() const { return m_requested.load(); }
  // Registers fn; it runs on request() (or at once, on this thread, if already requested; the
  // id is then 0). The returned id removes it again with remove().
  int on_cancel(std::function<void()> fn);
  // Unregisters callback `id` (0 does nothing). When request() is running that callback on
  // another thread right now, waits until it has returned: once remove() returns, the
  // callback is not running and never will, so whatever it refers to may be destroyed.
  // Called from inside the callback itself, it does not wait.
  void remove(int id);

 private:
  std::atomic<bool> m_requested{false};
  std::mutex m_mutex;
  std::condition_variable m_callback_done;
  int m_next_id = 1;
  int m_running = 0;             // id of the callback request() runs now; 0: none
  std::thread::id m_running_on;  // the thread running it
  std::vector<std::pair<int, std::function<void()>>> m_callbacks;
};

}  // namespace pgshift
