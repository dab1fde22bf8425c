// Monitor: watches the migration's own backend from a second connection while a step runs.
//
// A statement waiting for a lock cannot say who it waits for, and once lock_timeout fires the
// wait is over; so while a step runs, the monitor samples pg_blocking_pids() of the migration
// session every few milliseconds and keeps the last non-empty answer, which the executor
// prints when the attempt fails. For CONCURRENTLY index builds it also reports progress from
// pg_stat_progress_create_index. Its thread only queries while a watch is active.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/activity.hpp"
#include "db/session.hpp"
#include "pgshift/events.hpp"
#include "pgshift/options.hpp"

namespace pgshift::exec {

class Monitor {
 public:
  // Opens the monitor's own connection and starts its (idle) thread.
  static Result<std::unique_ptr<Monitor>> open(const Options& options, EventSink sink);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Starts watching backend `pid` running step `step_id`; `index_build` adds progress events;
  // `waiters` also measures how long other sessions wait on pid's locks, and whether other
  // sessions are busy (backfill batches).
  void begin(int pid, std::string step_id, bool index_build, bool waiters = false);
  // Stops watching and returns the blockers seen last (empty when none were seen).
  std::vector<db::Backend> end();
  // With `waiters`: the longest wait on the watched backend's locks seen during the last watch,
  // and whether other sessions were running statements meanwhile (application traffic).
  Millis longest_wait();
  bool others_active();

 private:
  Monitor(std::unique_ptr<db::Session> session, EventSink sink);
  void loop();
  void sample_progress();

  std::unique_ptr<db::Session> m_session;  // used by the thread only
  EventSink m_sink;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stop = false;
  bool m_active = false;
  unsigned m_generation = 0;  // one per begin(): the thread restarts its schedule on a new watch
  int m_pid = 0;
  std::string m_step;
  bool m_index_build = false;
  bool m_waiters = false;
  Millis m_longest_wait{0};
  bool m_others_active = false;
  std::vector<db::Backend> m_blockers;
  std::thread m_thread;
};

// RAII: watches for the lifetime of the guard (no-op without a monitor).
class Watch {
 public:
  Watch(Monitor* monitor, int pid, std::string step_id, bool index_build, bool waiters = false);
  ~Watch();
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;
  // Stops watching early and returns the blockers seen.
  std::vector<db::Backend> finish();

 private:
  Monitor* m_monitor;
  bool m_done = false;
};

}  // namespace pgshift::exec
