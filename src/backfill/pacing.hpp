// How big the next batch is, how long to sleep after it, and when to pause: pure functions and
// small state machines over measured numbers, unit-tested without a database.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "pgshift/options.hpp"

namespace pgshift::backfill {

// Adapts the batch size so that a batch takes about target_batch_time: the rate of recent
// batches (rows scanned per millisecond, smoothed) times the target, within
// [min_batch_size, max_batch_size], and never more than double the last size in one step, so
// one fast batch over an empty key range does not make the next one huge.
class Sizer {
 public:
  explicit Sizer(const BackfillOptions& options);

  int next() const { return m_size; }
  // A batch of `scanned` keys took `took`.
  void observe(long long scanned, Millis took);
  // The batch hit statement_timeout and was rolled back: halve it, down to 1 row. False when
  // it already was 1 row (a single row that cannot be changed in time: give up).
  bool split();
  // Other sessions waited on the batch's row locks: halve, but not below min_batch_size.
  void shrink();

 private:
  BackfillOptions m_options;
  int m_size;
  double m_rate = 0;  // rows per millisecond, smoothed; 0 until the first observation
};

// The pause after a batch that took `took`: sleep + sleep_fraction x took, plus
// sleep_under_load x took when other sessions were busy during the batch.
Millis sleep_after(const BackfillOptions& options, Millis took, bool others_busy = false);

// What the throttle probes saw between two batches.
struct Conditions {
  std::optional<Millis> replication_lag;  // the worst standby's; nullopt: no standby
  std::string standby;                    // its application_name (for the message)
  bool autovacuum = false;                // an autovacuum worker is processing the table
  Millis autovacuum_paused{0};            // how long this autovacuum run paused us already
  Millis longest_lock_wait{0};            // the longest wait on the last batch's locks
};

// Why the backfill must pause now, or nullopt to go on: "replication lag", "autovacuum",
// "lock waiters". Lock waiters cause one pause of max_lock_wait; autovacuum pauses until it
// ends or max_autovacuum_pause has passed; replication lag until it clears.
struct PauseReason {
  std::string kind;     // replication_lag | autovacuum | lock_waiters
  std::string message;  // "standby \"s1\" replays 12s behind (max_replication_lag 10s)"
};
std::optional<PauseReason> pause_reason(const BackfillOptions& options, const Conditions& c);

// The replay lag of one standby as pgshift estimates it. pg_stat_replication's replay_lag is
// only updated when the standby replays something: a standby whose replay is stopped keeps
// showing its last (small) value. So a standby behind the primary (bytes_behind > 0) whose
// replay_lsn has not moved is counted as lagging for as long as it has not moved while behind.
// The other way round, replay_lag keeps its last (large) value after the standby has caught
// up, until it replays something newer: once the standby was seen caught up, nothing it has
// not replayed is older than that moment, so replay_lag counts at most the time since.
class LagTracker {
 public:
  using Clock = std::chrono::steady_clock;
  // One sample: replay position, bytes behind the primary, and replay_lag (nullopt: NULL).
  Millis observe(const std::string& replay_lsn, long long bytes_behind,
                 std::optional<Millis> replay_lag, Clock::time_point now);

 private:
  std::string m_lsn;
  Clock::time_point m_since{};  // since when replay_lsn is m_lsn and the standby is behind
  std::optional<Clock::time_point> m_caught_up;  // the last sample with bytes_behind <= 0
};

}  // namespace pgshift::backfill
