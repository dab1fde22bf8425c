#include <doctest/doctest.h>

#include "db/error.hpp"
#include "exec/ladder.hpp"

using namespace pgshift;
using namespace pgshift::exec;

TEST_CASE("exec::ladder") {
  LadderConfig c;  // 50ms..250ms waits, 100ms..5s sleeps, x1.5, 40 retries
  SUBCASE("short waits first, growing to the cap") {
    CHECK(rung(c, 0).lock_timeout == Millis(50));
    CHECK(rung(c, 1).lock_timeout == Millis(75));
    CHECK(rung(c, 2).lock_timeout == Millis(113));
    CHECK(rung(c, 10).lock_timeout == Millis(250));
    CHECK(rung(c, 40).lock_timeout == Millis(250));
  }
  SUBCASE("no rung waits longer than the cap: the bound on how long traffic can queue") {
    for (const auto& r : ladder(c)) {
      CHECK(r.lock_timeout <= c.max_timeout);
      CHECK(r.sleep_after <= c.max_sleep);
    }
  }
  SUBCASE("one rung per attempt, and no sleep after the last") {
    auto all = ladder(c);
    REQUIRE(all.size() == 41);
    CHECK(all.back().sleep_after == Millis(0));
    CHECK(all.front().sleep_after == Millis(100));
  }
  SUBCASE("attempts past the end give the last rung") {
    CHECK(rung(c, 500).attempt == 40);
  }
  SUBCASE("retries 0 is a single attempt") {
    c.retries = 0;
    CHECK(ladder(c).size() == 1);
    CHECK(ladder_budget(c) == Millis(50));
  }
  SUBCASE("a first timeout above the cap is capped") {
    c.first_timeout = Millis(2000);
    CHECK(rung(c, 0).lock_timeout == Millis(250));
  }
  SUBCASE("the budget is bounded and adds every wait and sleep") {
    c.retries = 2;
    // waits 50 + 75 + 113, sleeps 100 + 150
    CHECK(ladder_budget(c) == Millis(488));
  }
}

TEST_CASE("exec::retryable") {
  SUBCASE("lock timeout is retried") {
    CHECK(retryable(Status::error(Code::failed, "x").with_sqlstate("55P03"), false));
  }
  SUBCASE("deadlock is retried") {
    CHECK(retryable(Status::error(Code::failed, "x").with_sqlstate("40P01"), false));
  }
  SUBCASE("other errors are final") {
    CHECK_FALSE(retryable(Status::error(Code::failed, "x").with_sqlstate("42P01"), false));
    CHECK_FALSE(retryable(Status::error(Code::failed, "x").with_sqlstate("57014"), false));
    CHECK_FALSE(retryable(Status::error(Code::failed, "x").with_sqlstate("40003"), false));
  }
  SUBCASE("nothing is retried after a cancel request") {
    CHECK_FALSE(retryable(Status::error(Code::failed, "x").with_sqlstate("55P03"), true));
  }
}

TEST_CASE("exec::jittered") {
  CHECK(jittered(Millis(1000), 0.0) == Millis(800));
  CHECK(jittered(Millis(1000), 0.5) == Millis(1000));
  CHECK(jittered(Millis(1000), 1.0) == Millis(1200));
}
