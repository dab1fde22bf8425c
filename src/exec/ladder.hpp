// The lock_timeout retry ladder (docs/design.md §6.3): pure functions, unit-tested without a
// database.
//
// A DDL statement that waits for a lock also makes every later query on that table queue
// behind it. So pgshift never waits long: each attempt runs with a short lock_timeout (a
// "rung"); when it times out (55P03) or deadlocks (40P01), the transaction is rolled back,
// pgshift sleeps, and tries again with a slightly longer timeout. Many short waits come first,
// longer ones later, and both the timeout and the sleep are capped, so the whole ladder is
// bounded and the longest any application query can queue behind pgshift is the last rung's
// lock_timeout.
#pragma once

#include <functional>
#include <vector>

#include "pgshift/cancel.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::exec {

struct LadderConfig {
  Millis first_timeout{50};  // lock_timeout of the first attempt
  Millis max_timeout{250};   // no attempt waits longer than this for a lock
  Millis first_sleep{100};   // pause after the first failed attempt
  Millis max_sleep{5000};    // no pause is longer than this
  double growth = 1.5;       // each rung's timeout and sleep grow by this factor
  int retries = 40;          // attempts after the first (0: no retry)
};

struct Rung {
  int attempt = 0;  // 0-based
  Millis lock_timeout{0};
  Millis sleep_after{0};  // before the next attempt (0 after the last)
};

// The ladder configured by [ddl] (before any file's directives).
LadderConfig ladder_config(const DdlOptions& ddl);

// The rung of attempt n (0-based); n past the last attempt gives the last rung.
Rung rung(const LadderConfig& config, int attempt);

// Every rung, in order: 1 + retries of them.
std::vector<Rung> ladder(const LadderConfig& config);

// The time the whole ladder can spend waiting for locks and sleeping, before jitter (which
// scales each sleep by 0.8 to 1.2, so the real bound is at most 20% more of the sleeps).
Millis ladder_budget(const LadderConfig& config);

// Whether a failed attempt is worth the next rung: only a lock timeout or a deadlock, and
// never after a cancel request. Everything else (including a commit whose outcome is unknown)
// is final.
bool retryable(const Status& failure, bool cancel_requested);

// Scales a sleep by a jitter factor drawn in [0.8, 1.2) (`unit` in [0, 1)), so racing
// runners do not retry in step.
Millis jittered(Millis sleep, double unit);

// What run_ladder calls besides the attempts. Only on_retry is for callers; sleep and
// unit_random are there for tests (the defaults sleep for real and draw at random).
struct LadderHooks {
  // After failed attempt `attempt` (0-based) that will be retried, before sleeping `sleep`
  // (already jittered): the one-line report of the failed attempt.
  std::function<void(int attempt, const Status& failure, Millis sleep)> on_retry;
  // Sleeps; false when a cancel request cut the sleep short. Default:
  // core::sleep_unless_cancelled on run_ladder's token.
  std::function<bool(Millis)> sleep;
  // A number in [0, 1) for the jitter. Default: a random engine per thread.
  std::function<double()> unit_random;
};

struct LadderOutcome {
  Status status;             // of the last attempt (ok when one succeeded)
  int attempts = 0;          // attempts made, >= 1
  bool interrupted = false;  // a cancel request ended the sleep before the next attempt
};

// Runs attempt(n) for n = 0, 1, ... until one succeeds, one fails with a status that is not
// retryable(), a cancel request came, or the ladder's last attempt failed. Between two attempts
// it sleeps the rung's sleep_after, jittered, waking early on a cancel request. attempt(n) sets
// up rung n itself (its lock_timeout): it knows whether and how the timeout applies.
// The one ladder of the executor (transactions and autocommit steps) and the backfill batches.
LadderOutcome run_ladder(const LadderConfig& config, const CancelToken* cancel,
                         const std::function<Status(int attempt)>& attempt,
                         const LadderHooks& hooks = {});

}  // namespace pgshift::exec
