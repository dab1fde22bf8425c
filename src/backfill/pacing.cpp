#include "backfill/pacing.hpp"

#include <algorithm>
#include <cmath>

#include "core/duration.hpp"

namespace pgshift::backfill {

namespace {
constexpr double k_smoothing = 0.3;  // weight of the newest batch in the smoothed rate
}

Sizer::Sizer(const BackfillOptions& options)
    : m_options(options),
      m_size(std::clamp(options.batch_size, std::max(1, options.min_batch_size),
                        std::max(options.min_batch_size, options.max_batch_size))) {}

void Sizer::observe(long long scanned, Millis took) {
  if (scanned <= 0) {
    return;
  }
  const double ms = std::max<double>(1.0, static_cast<double>(took.count()));
  const double rate = static_cast<double>(scanned) / ms;
  m_rate = m_rate == 0 ? rate : k_smoothing * rate + (1 - k_smoothing) * m_rate;
  const double wanted = m_rate * static_cast<double>(m_options.target_batch_time.count());
  const double capped = std::min(wanted, 2.0 * m_size);
  const int lo = std::max(1, m_options.min_batch_size);
  const int hi = std::max(lo, m_options.max_batch_size);
  m_size = std::clamp(static_cast<int>(std::lround(capped)), lo, hi);
}

bool Sizer::split() {
  if (m_size <= 1) {
    return false;
  }
  m_size = std::max(1, m_size / 2);
  m_rate = 0;  // the old rate promised this size would fit: start measuring afresh
  return true;
}

void Sizer::shrink() {
  m_size = std::max(std::max(1, m_options.min_batch_size), m_size / 2);
  m_rate = 0;
}

Millis sleep_after(const BackfillOptions& options, Millis took, bool others_busy) {
  const double fraction = options.sleep_fraction + (others_busy ? options.sleep_under_load : 0.0);
  return options.sleep + Millis(std::llround(fraction * static_cast<double>(took.count())));
}

std::optional<PauseReason> pause_reason(const BackfillOptions& options, const Conditions& c) {
  if (options.max_replication_lag.count() > 0 && c.replication_lag &&
      *c.replication_lag > options.max_replication_lag) {
    return PauseReason{"replication_lag", "standby \"" + c.standby + "\" replays " +
                                              core::format_duration(*c.replication_lag) +
                                              " behind (max_replication_lag " +
                                              core::format_duration(options.max_replication_lag) +
                                              ")"};
  }
  if (options.pause_on_autovacuum && c.autovacuum &&
      c.autovacuum_paused < options.max_autovacuum_pause) {
    return PauseReason{"autovacuum", "autovacuum is processing the table"};
  }
  if (c.longest_lock_wait > options.max_lock_wait) {
    return PauseReason{"lock_waiters", "other sessions waited " +
                                           core::format_duration(c.longest_lock_wait) +
                                           " on the batch's row locks (max_lock_wait " +
                                           core::format_duration(options.max_lock_wait) + ")"};
  }
  return std::nullopt;
}

Millis LagTracker::observe(const std::string& replay_lsn, long long bytes_behind,
                           std::optional<Millis> replay_lag, Clock::time_point now) {
  if (replay_lsn != m_lsn || bytes_behind <= 0) {
    // Replay moved, or has nothing to do: a stall (if any) starts now, not when this position
    // was first seen (an idle standby's position may be old when the next batch is written).
    m_lsn = replay_lsn;
    m_since = now;
  }
  if (bytes_behind <= 0) {
    m_caught_up = now;
    return Millis{0};
  }
  const Millis stalled = std::chrono::duration_cast<Millis>(now - m_since);
  Millis reported = replay_lag.value_or(Millis{0});
  if (m_caught_up) {
    reported = std::min(reported, std::chrono::duration_cast<Millis>(now - *m_caught_up));
  }
  return std::max(reported, stalled);
}

}  // namespace pgshift::backfill
