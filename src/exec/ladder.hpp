// The lock_timeout retry ladder (DESIGN §6.3): pure functions, unit-tested without a database.
//
// A DDL statement that waits for a lock also makes every later query on that table queue
// behind it. So pgshift never waits long: each attempt runs with a short lock_timeout (a
// "rung"); when it times out (55P03) or deadlocks (40P01), the transaction is rolled back,
// pgshift sleeps, and tries again with a slightly longer timeout. Many short waits come first,
// longer ones later, and both the timeout and the sleep are capped, so the whole ladder is
// bounded and the longest any application query can queue behind pgshift is the last rung's
// lock_timeout.
#pragma once

#include <vector>

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

}  // namespace pgshift::exec
