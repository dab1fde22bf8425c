#include <doctest/doctest.h>

#include "backfill/pacing.hpp"

using namespace pgshift;
using namespace pgshift::backfill;

namespace {

using Clock = LagTracker::Clock;
using std::chrono::milliseconds;

}  // namespace

TEST_CASE("backfill::LagTracker") {
  LagTracker t;
  const Clock::time_point t0 = Clock::now();

  SUBCASE("a standby whose replay stopped while behind lags for as long as it has not moved") {
    CHECK(t.observe("0/100", 5000, Millis(20), t0) == Millis(20));
    CHECK(t.observe("0/100", 9000, Millis(20), t0 + milliseconds(1500)) == Millis(1500));
    CHECK(t.observe("0/100", 12000, Millis(20), t0 + milliseconds(4000)) == Millis(4000));
    // Replay moves again: the stall is over.
    CHECK(t.observe("0/200", 3000, Millis(20), t0 + milliseconds(4500)) == Millis(20));
  }

  SUBCASE("a caught-up standby: 0, whatever replay_lag still shows") {
    CHECK(t.observe("0/100", 0, Millis(8000), t0) == Millis(0));
  }

  SUBCASE("time spent caught up at one position is no stall once the primary writes again") {
    // Idle and caught up at 0/100 for 30s (a pause for autovacuum, say) ...
    CHECK(t.observe("0/100", 0, std::nullopt, t0) == Millis(0));
    CHECK(t.observe("0/100", 0, std::nullopt, t0 + milliseconds(30000)) == Millis(0));
    // ... then a batch is written and not replayed yet: behind for 200ms, not 30s.
    CHECK(t.observe("0/100", 4000, std::nullopt, t0 + milliseconds(30200)) == Millis(200));
  }

  SUBCASE("replay_lag left over from before the standby caught up is capped") {
    // Replay was paused: 5s of backlog. After resuming it catches up; pg_stat_replication
    // keeps showing the backlog's 5s until the standby replays something newer.
    CHECK(t.observe("0/100", 9000, Millis(5000), t0) == Millis(5000));
    CHECK(t.observe("0/900", 0, Millis(5000), t0 + milliseconds(1000)) == Millis(0));
    // The next batch, written after the catch-up, cannot be 5s behind: at most 150ms.
    CHECK(t.observe("0/900", 3000, Millis(5000), t0 + milliseconds(1150)) == Millis(150));
    // Real lag after the catch-up still counts: replay stops again.
    CHECK(t.observe("0/900", 8000, Millis(5000), t0 + milliseconds(4000)) == Millis(3000));
  }

  SUBCASE("pause_reason: replication lag above max_replication_lag, not at it") {
    BackfillOptions o;
    o.max_replication_lag = Millis(1000);
    Conditions c;
    c.standby = "s1";
    c.replication_lag = Millis(1000);
    CHECK_FALSE(pause_reason(o, c).has_value());
    c.replication_lag = Millis(1001);
    auto r = pause_reason(o, c);
    REQUIRE(r.has_value());
    CHECK(r->kind == "replication_lag");
    o.max_replication_lag = Millis(0);  // off
    CHECK_FALSE(pause_reason(o, c).has_value());
  }
}
