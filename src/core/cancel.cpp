#include "pgshift/cancel.hpp"

#include <algorithm>

namespace pgshift {

void CancelToken::request() {
  std::unique_lock<std::mutex> lock(m_mutex);
  if (m_requested.exchange(true)) {
    return;
  }
  std::vector<int> ids;
  ids.reserve(m_callbacks.size());
  for (const auto& [id, fn] : m_callbacks) {
    ids.push_back(id);
  }
  // Each callback runs unlocked (it may block on the network: a cancel request to the server)
  // but marked as running, so that remove() on its owner's thread waits for it instead of
  // letting the owner destroy what the callback is using.
  for (int id : ids) {
    auto it = std::find_if(m_callbacks.begin(), m_callbacks.end(),
                           [id](const auto& p) { return p.first == id; });
    if (it == m_callbacks.end()) {
      continue;  // removed while an earlier callback ran
    }
    std::function<void()> fn = it->second;
    m_running = id;
    m_running_on = std::this_thread::get_id();
    lock.unlock();
    try {
      fn();
    } catch (...) {
      // A failed cancel must not stop the others from running.
    }
    lock.lock();
    m_running = 0;
    m_running_on = std::thread::id();
    m_callback_done.notify_all();
  }
}

int CancelToken::on_cancel(std::function<void()> fn) {
  std::unique_lock<std::mutex> lock(m_mutex);
  if (m_requested.load()) {
    lock.unlock();
    fn();
    return 0;
  }
  int id = m_next_id++;
  m_callbacks.emplace_back(id, std::move(fn));
  return id;
}

void CancelToken::remove(int id) {
  if (id == 0) {
    return;
  }
  std::unique_lock<std::mutex> lock(m_mutex);
  std::erase_if(m_callbacks, [id](const auto& p) { return p.first == id; });
  if (m_running_on == std::this_thread::get_id()) {
    return;  // called from inside a callback: waiting would wait for ourselves
  }
  m_callback_done.wait(lock, [&] { return m_running != id; });
}

}  // namespace pgshift
