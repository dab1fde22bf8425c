#include "exec/preflight.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/duration.hpp"
#include "db/activity.hpp"

namespace pgshift::exec {

namespace {

constexpr Millis k_poll{250};

std::string list(const std::vector<std::string>& relations) {
  std::string out;
  for (const auto& r : relations) {
    out += (out.empty() ? "" : ", ") + r;
  }
  return out;
}

}  // namespace

std::vector<std::string> strongly_locked(const std::vector<const Step*>& steps) {
  std::vector<std::string> out;
  for (const Step* s : steps) {
    for (const auto& l : s->effects.locks) {
      if (!sql::blocks_reads(l.level) && !sql::blocks_writes(l.level)) {
        continue;
      }
      std::string q = l.qualified();
      if (std::find(out.begin(), out.end(), q) == out.end()) {
        out.push_back(q);
      }
    }
  }
  return out;
}

namespace {

// True when no other session can hold a qualifying lock yet, learned from one cheap look at
// pg_stat_activity (the per-relation check reads pg_locks, which copies the whole lock table).
bool quiet(db::Session& session, const Plan& plan, PreflightState& state) {
  const auto now = std::chrono::steady_clock::now();
  if (now < state.quiet_until) {
    return true;
  }
  auto r = session.query(
      "SELECT coalesce((extract(epoch FROM max(now() - xact_start)) * 1000)::bigint, 0) AS "
      "oldest_ms, count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS idle "
      "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND xact_start IS NOT NULL");
  if (!r || r->integer(0, "idle") > 0) {
    return false;
  }
  const long long left = plan.preflight_threshold.count() - r->integer(0, "oldest_ms");
  if (left <= 0) {
    return false;
  }
  state.quiet_until = now + Millis(left);
  return true;
}

}  // namespace

void preflight(db::Session& session, const Plan& plan, const std::vector<const Step*>& steps,
               const EventSink& sink, const CancelToken* cancel, PreflightState& state) {
  const auto relations = strongly_locked(steps);
  if (relations.empty() || quiet(session, plan, state)) {
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  bool reported = false;
  for (;;) {
    auto holders = db::long_lock_holders(session, relations, plan.preflight_threshold.count());
    if (!holders) {
      if (sink) {
        sink(Event{"preflight",
                   Level::debug,
                   "pre-flight check skipped: " + holders.status().message(),
                   {}});
      }
      return;
    }
    if (holders->empty()) {
      if (reported && sink) {
        sink(Event{"preflight",
                   Level::info,
                   fmt::format("the long transactions on {} have finished", list(relations)),
                   {}});
      }
      return;
    }
    const auto waited =
        std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start);
    const bool keep_waiting = waited < plan.preflight_wait && !(cancel && cancel->requested());
    if (!reported && sink) {
      reported = true;
      Event e{
          "preflight",
          Level::warning,
          fmt::format(
              "{} hold{} a lock on {} in a long or idle transaction; {}: {}",
              holders->size() == 1 ? "a session" : std::to_string(holders->size()) + " sessions",
              holders->size() == 1 ? "s" : "", list(relations),
              keep_waiting ? "waiting up to " + core::format_duration(plan.preflight_wait) +
                                 " for it to finish"
                           : "the lock_timeout ladder will retry around it",
              db::describe_all(*holders)),
          {}};
      e.with("relations", list(relations))
          .with("holder_lock_mode", holders->front().lock_mode)
          .with("sessions", static_cast<std::int64_t>(holders->size()));
      holders->front().add_fields(e, "holder_");
      sink(e);
    }
    if (!keep_waiting) {
      return;
    }
    std::this_thread::sleep_for(std::min(k_poll, plan.preflight_wait - waited));
  }
}

}  // namespace pgshift::exec
