#include <doctest/doctest.h>

#include "backfill/pacing.hpp"

using namespace pgshift;
using namespace pgshift::backfill;
using namespace std::chrono_literals;

TEST_CASE("backfill::Sizer") {
  BackfillOptions o;
  o.batch_size = 1000;
  o.min_batch_size = 100;
  o.max_batch_size = 50000;
  o.target_batch_time = Millis(200);

  SUBCASE("a fast batch grows the next one, at most doubling it") {
    Sizer s(o);
    s.observe(1000, Millis(10));  // 100 rows/ms: 20000 would fit the target
    CHECK(s.next() == 2000);
  }
  SUBCASE("a slow batch shrinks the next one towards the target duration") {
    Sizer s(o);
    s.observe(1000, Millis(1000));  // 1 row/ms
    CHECK(s.next() == 200);
  }
  SUBCASE("sizes stay within the bounds") {
    Sizer s(o);
    s.observe(1000, Millis(100000));
    CHECK(s.next() == 100);
    for (int i = 0; i < 20; ++i) {
      s.observe(s.next(), Millis(1));
    }
    CHECK(s.next() == 50000);
  }
  SUBCASE("the rate is smoothed: one odd batch does not swing the size") {
    Sizer s(o);
    for (int i = 0; i < 10; ++i) {
      s.observe(s.next(), Millis(s.next() / 10));  // steady 10 rows/ms: 2000 fits
    }
    CHECK(s.next() == 2000);
    s.observe(2000, Millis(2000));  // one batch ten times slower
    CHECK(s.next() > 1000);
    CHECK(s.next() < 2000);
  }
  SUBCASE("a statement timeout halves the batch down to one row, then gives up") {
    Sizer s(o);
    int splits = 0;
    while (s.split()) {
      ++splits;
    }
    CHECK(s.next() == 1);
    CHECK(splits == 9);  // 500 250 125 62 31 15 7 3 1
  }
  SUBCASE("lock waiters halve the batch but not below the minimum") {
    Sizer s(o);
    s.shrink();
    CHECK(s.next() == 500);
    for (int i = 0; i < 10; ++i) {
      s.shrink();
    }
    CHECK(s.next() == 100);
  }
}

TEST_CASE("backfill::sleep_after") {
  BackfillOptions o;
  CHECK(sleep_after(o, Millis(300)) == Millis(0));
  o.sleep = Millis(50);
  CHECK(sleep_after(o, Millis(300)) == Millis(50));
  o.sleep_fraction = 0.5;
  CHECK(sleep_after(o, Millis(300)) == Millis(200));
  // other sessions were busy during the batch: yield twice as long as the batch took
  CHECK(sleep_after(o, Millis(300), true) == Millis(800));
  o.sleep_under_load = 0;
  CHECK(sleep_after(o, Millis(300), true) == Millis(200));
}

TEST_CASE("backfill::pause_reason") {
  BackfillOptions o;
  o.max_replication_lag = Millis(1000);
  o.max_lock_wait = Millis(100);
  Conditions c;
  SUBCASE("nothing to wait for") {
    CHECK_FALSE(pause_reason(o, c));
    c.replication_lag = Millis(999);
    CHECK_FALSE(pause_reason(o, c));
  }
  SUBCASE("a lagging standby is named") {
    c.replication_lag = Millis(1500);
    c.standby = "replica1";
    auto r = pause_reason(o, c);
    REQUIRE(r);
    CHECK(r->kind == "replication_lag");
    CHECK(r->message == "standby \"replica1\" replays 1500ms behind (max_replication_lag 1s)");
  }
  SUBCASE("a zero max_replication_lag turns the check off") {
    o.max_replication_lag = Millis(0);
    c.replication_lag = Millis(100000);
    CHECK_FALSE(pause_reason(o, c));
  }
  SUBCASE("autovacuum on the table, for at most max_autovacuum_pause, unless turned off") {
    c.autovacuum = true;
    CHECK(pause_reason(o, c)->kind == "autovacuum");
    c.autovacuum_paused = o.max_autovacuum_pause;
    CHECK_FALSE(pause_reason(o, c));
    c.autovacuum_paused = Millis(0);
    o.pause_on_autovacuum = false;
    CHECK_FALSE(pause_reason(o, c));
  }
  SUBCASE("sessions that waited on the batch's locks") {
    c.longest_lock_wait = Millis(100);
    CHECK_FALSE(pause_reason(o, c));
    c.longest_lock_wait = Millis(101);
    CHECK(pause_reason(o, c)->kind == "lock_waiters");
  }
}

TEST_CASE("backfill::LagTracker") {
  LagTracker t;
  const auto t0 = LagTracker::Clock::now();
  SUBCASE("a standby that has caught up has no lag, whatever replay_lag still says") {
    CHECK(t.observe("0/100", 0, Millis(5000), t0) == Millis(0));
  }
  SUBCASE("a standby whose replay stands still while behind lags for as long as it stands") {
    CHECK(t.observe("0/100", 4096, Millis(20), t0) == Millis(20));
    CHECK(t.observe("0/100", 8192, Millis(20), t0 + 3s) == Millis(3000));
    // replay moves again: the measured replay_lag counts from then on
    CHECK(t.observe("0/200", 4096, Millis(700), t0 + 4s) == Millis(700));
  }
}
