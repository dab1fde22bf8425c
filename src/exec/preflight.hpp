// Pre-flight check (docs/design.md §6.3): before asking for a lock that blocks reads or writes,
// look for sessions already holding a lock on that table in a long or idle transaction. Such a
// session would make the request queue (and all traffic behind it) until lock_timeout; it is
// reported before the first attempt, and with preflight_wait the executor waits (bounded) for
// it to finish instead of spending the ladder's attempts.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "db/session.hpp"
#include "exec/plan.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"

namespace pgshift::exec {

// What the pre-flight check learned across migrations of one run: until `quiet_until`, no
// other session can be in a transaction older than the threshold (the oldest one was young
// enough, and none sat idle in one), so per-migration lock look-ups are skipped.
struct PreflightState {
  std::chrono::steady_clock::time_point quiet_until{};
};

// The relations `steps` lock strongly enough to block reads or writes, each once, qualified.
std::vector<std::string> strongly_locked(const std::vector<const Step*>& steps);

// Reports long lock holders on those relations ("preflight" warning event, one per run of
// the check) and, when plan.preflight_wait > 0, waits up to that long for them to go away.
// Never fails the migration: a database error here is reported and ignored.
void preflight(db::Session& session, const Plan& plan, const std::vector<const Step*>& steps,
               const EventSink& sink, const CancelToken* cancel, PreflightState& state);

}  // namespace pgshift::exec
