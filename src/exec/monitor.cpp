#include "exec/monitor.hpp"

#include <fmt/format.h>

#include <chrono>

#include "db/connect.hpp"

namespace pgshift::exec {

namespace {

// Often enough to see the blocker of an attempt whose lock_timeout is the ladder's first rung;
// a step still running after a second (an index build, a long UPDATE) is sampled less often.
constexpr std::chrono::milliseconds k_sample_fast{10};
constexpr std::chrono::milliseconds k_sample_slow{100};
constexpr std::chrono::seconds k_fast_for{1};
constexpr std::chrono::seconds k_progress_every{2};

}  // namespace

Result<std::unique_ptr<Monitor>> Monitor::open(const Options& options, EventSink sink) {
  auto s = db::open(options, "monitor");
  if (!s) {
    return s.status();
  }
  return std::unique_ptr<Monitor>(new Monitor(std::move(s).value(), std::move(sink)));
}

Monitor::Monitor(std::unique_ptr<db::Session> session, EventSink sink)
    : m_session(std::move(session)), m_sink(std::move(sink)) {
  m_thread = std::thread([this] { loop(); });
}

Monitor::~Monitor() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_thread.join();
}

void Monitor::begin(int pid, std::string step_id, bool index_build, bool waiters) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_active = true;
    ++m_generation;
    m_pid = pid;
    m_step = std::move(step_id);
    m_index_build = index_build;
    m_waiters = waiters;
    m_longest_wait = Millis{0};
    m_others_active = false;
    m_blockers.clear();
  }
  m_cv.notify_all();
}

std::vector<db::Backend> Monitor::end() {
  std::lock_guard<std::mutex> lock(m_mutex);
  m_active = false;
  return m_blockers;
}

Millis Monitor::longest_wait() {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_longest_wait;
}

bool Monitor::others_active() {
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_others_active;
}

void Monitor::sample_progress() {
  int pid = 0;
  std::string step;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    pid = m_pid;
    step = m_step;
  }
  auto r = m_session->query(
      "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total, "
      "lockers_done, lockers_total FROM pg_stat_progress_create_index WHERE pid = $1::integer",
      {std::to_string(pid)});
  if (!r || r->empty() || !m_sink) {
    return;
  }
  long long blocks_total = r->integer(0, "blocks_total");
  long long blocks_done = r->integer(0, "blocks_done");
  long long tuples_total = r->integer(0, "tuples_total");
  long long tuples_done = r->integer(0, "tuples_done");
  std::string phase = r->text(0, "phase");
  double pct = blocks_total > 0   ? 100.0 * static_cast<double>(blocks_done) / blocks_total
               : tuples_total > 0 ? 100.0 * static_cast<double>(tuples_done) / tuples_total
                                  : 0.0;
  m_sink(Event{"index_progress", Level::info, fmt::format("{}: {} ({:.0f}%)", step, phase, pct), {}}
             .with("step", step)
             .with("phase", phase)
             .with("blocks_done", static_cast<std::int64_t>(blocks_done))
             .with("blocks_total", static_cast<std::int64_t>(blocks_total))
             .with("tuples_done", static_cast<std::int64_t>(tuples_done))
             .with("tuples_total", static_cast<std::int64_t>(tuples_total))
             .with("percent", pct));
}

void Monitor::loop() {
  std::unique_lock<std::mutex> lock(m_mutex);
  auto last_progress = std::chrono::steady_clock::now();
  while (!m_stop) {
    m_cv.wait(lock, [this] { return m_stop || m_active; });
    const auto watch_start = std::chrono::steady_clock::now();
    const unsigned generation = m_generation;
    last_progress = watch_start;
    // Sample only after the step has run for a moment: most steps finish before that, and
    // then nothing is queried at all.
    while (!m_stop && m_active && m_generation == generation) {
      auto every = std::chrono::steady_clock::now() - watch_start < k_fast_for ? k_sample_fast
                                                                               : k_sample_slow;
      auto done = [this, generation] { return m_stop || !m_active || m_generation != generation; };
      if (m_cv.wait_for(lock, every, done)) {
        break;
      }
      const int pid = m_pid;
      const bool index_build = m_index_build;
      const bool waiters = m_waiters;
      lock.unlock();
      auto blockers = db::blocking(*m_session, pid);
      Result<db::BatchSample> sample =
          waiters ? db::sample_batch(*m_session, pid) : Result<db::BatchSample>(db::BatchSample{});
      bool progress_due =
          index_build && std::chrono::steady_clock::now() - last_progress >= k_progress_every;
      if (progress_due) {
        sample_progress();
        last_progress = std::chrono::steady_clock::now();
      }
      lock.lock();
      if (blockers && !blockers->empty() && m_active && m_generation == generation) {
        m_blockers = std::move(blockers).value();
      }
      if (sample && m_active && m_generation == generation) {
        m_longest_wait = std::max(m_longest_wait, Millis(sample->longest_wait_ms));
        m_others_active = m_others_active || sample->others_active > 0;
      }
    }
  }
}

Watch::Watch(Monitor* monitor, int pid, std::string step_id, bool index_build, bool waiters)
    : m_monitor(monitor) {
  if (m_monitor) {
    m_monitor->begin(pid, std::move(step_id), index_build, waiters);
  }
}

Watch::~Watch() {
  finish();
}

std::vector<db::Backend> Watch::finish() {
  if (!m_monitor || m_done) {
    return {};
  }
  m_done = true;
  return m_monitor->end();
}

}  // namespace pgshift::exec
