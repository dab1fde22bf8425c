// RunnerLock: the session-level advisory lock that lets one pgshift run at a time on a
// history (docs/design.md §6).
//
// It lives on a dedicated connection, so migrations can open and close transactions freely on
// their own session. Waiting polls pg_try_advisory_lock with jittered backoff: a blocking
// pg_advisory_lock would hold a snapshot while it waits, and CREATE INDEX CONCURRENTLY in the
// running migration waits for every snapshot to go away: the two would deadlock. While
// waiting it reports who holds the lock. PostgreSQL releases the lock if the process dies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "db/activity.hpp"
#include "db/session.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"
#include "pgshift/options.hpp"

namespace pgshift::lock {

class RunnerLock {
 public:
  // Connects, then polls until the lock is taken or `wait` has passed. Reports
  // "lock_waiting" events naming the holder (at once, then every few seconds) and
  // "lock_acquired". Errors: lock_timeout (exit 4) naming the holder; interrupted when
  // `cancel` is requested; failed when the server cannot be reached.
  static Result<std::unique_ptr<RunnerLock>> acquire(const Options& options,
                                                     const std::string& schema,
                                                     const EventSink& sink,
                                                     const CancelToken* cancel);
  ~RunnerLock();  // releases the lock and closes the connection
  RunnerLock(const RunnerLock&) = delete;
  RunnerLock& operator=(const RunnerLock&) = delete;

  // Checks the lock connection is still alive (the lock is held only as long as it is).
  // Errors: failed, with the server's reason the connection ended.
  Status check();
  std::int64_t key() const { return m_key; }

 private:
  RunnerLock(std::unique_ptr<db::Session> session, std::int64_t key);
  std::unique_ptr<db::Session> m_session;
  std::int64_t m_key;
};

// The current holder of `key` on session's database, if any.
Result<std::optional<db::Backend>> find_holder(db::Session& session, std::int64_t key);

}  // namespace pgshift::lock
