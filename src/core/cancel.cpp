#include "pgshift/cancel.hpp"

namespace pgshift {

void CancelToken::request() {
  std::vector<std::function<void()>> to_run;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_requested.exchange(true)) {
      return;
    }
    for (auto& [id, fn] : m_callbacks) {
      to_run.push_back(fn);
    }
  }
  for (auto& fn : to_run) {
    fn();
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
  std::lock_guard<std::mutex> lock(m_mutex);
  std::erase_if(m_callbacks, [id](const auto& p) { return p.first == id; });
}

}  // namespace pgshift
