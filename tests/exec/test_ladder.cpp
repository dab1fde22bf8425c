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

namespace {

Status lock_timeout() {
  return Status::error(Code::failed, "canceling statement due to lock timeout")
      .with_sqlstate("55P03");
}

// run_ladder with its sleeps recorded instead of slept and a fixed jitter draw.
struct Recorder {
  std::vector<Millis> slept;
  std::vector<int> reported;  // attempt of each on_retry
  std::vector<Millis> reported_sleep;
  bool sleep_result = true;
  LadderHooks hooks(double unit) {
    LadderHooks h;
    h.on_retry = [this](int n, const Status& failure, Millis sleep) {
      CHECK(db::is_lock_timeout(failure));
      reported.push_back(n);
      reported_sleep.push_back(sleep);
    };
    h.sleep = [this](Millis d) {
      slept.push_back(d);
      return sleep_result;
    };
    h.unit_random = [unit] { return unit; };
    return h;
  }
};

}  // namespace

TEST_CASE("exec::run_ladder") {
  LadderConfig c;  // sleeps 100ms, 150ms, 225ms, ...
  c.retries = 3;
  Recorder rec;
  std::vector<int> tried;
  SUBCASE("a lock timeout is retried on the next rung until an attempt succeeds") {
    auto o = run_ladder(
        c, nullptr,
        [&](int n) {
          tried.push_back(n);
          return n < 2 ? lock_timeout() : Status::ok();
        },
        rec.hooks(0.5));
    CHECK(o.status.is_ok());
    CHECK(o.attempts == 3);
    CHECK_FALSE(o.interrupted);
    CHECK(tried == std::vector<int>{0, 1, 2});
    CHECK(rec.reported == std::vector<int>{0, 1});
    CHECK(rec.slept == std::vector<Millis>{Millis(100), Millis(150)});
    CHECK(rec.reported_sleep == rec.slept);  // the report names the sleep that follows
  }
  SUBCASE("every sleep is jittered: racing runners do not retry in step") {
    run_ladder(
        c, nullptr, [&](int n) { return n < 2 ? lock_timeout() : Status::ok(); }, rec.hooks(0.0));
    CHECK(rec.slept == std::vector<Millis>{Millis(80), Millis(120)});
    Recorder high;
    run_ladder(
        c, nullptr, [&](int n) { return n < 1 ? lock_timeout() : Status::ok(); }, high.hooks(0.99));
    CHECK(high.slept == std::vector<Millis>{Millis(119)});
  }
  SUBCASE("the last attempt's failure is returned when the ladder runs out, without a sleep") {
    auto o = run_ladder(
        c, nullptr,
        [&](int n) {
          tried.push_back(n);
          return lock_timeout();
        },
        rec.hooks(0.5));
    CHECK(db::is_lock_timeout(o.status));
    CHECK(o.attempts == 4);
    CHECK(tried == std::vector<int>{0, 1, 2, 3});
    CHECK(rec.slept.size() == 3);
  }
  SUBCASE("an error that is not a lock timeout or deadlock ends the ladder at once") {
    auto o = run_ladder(
        c, nullptr, [&](int) { return Status::error(Code::failed, "x").with_sqlstate("42P01"); },
        rec.hooks(0.5));
    CHECK(o.attempts == 1);
    CHECK(o.status.sqlstate() == "42P01");
    CHECK(rec.slept.empty());
    CHECK(rec.reported.empty());
  }
  SUBCASE("a cancel request during the sleep ends the ladder as interrupted") {
    rec.sleep_result = false;
    auto o = run_ladder(
        c, nullptr,
        [&](int n) {
          tried.push_back(n);
          return lock_timeout();
        },
        rec.hooks(0.5));
    CHECK(o.interrupted);
    CHECK(o.attempts == 1);
    CHECK(tried == std::vector<int>{0});
  }
  SUBCASE("after a cancel request a lock timeout is not retried") {
    CancelToken token;
    token.request();
    auto o = run_ladder(
        c, &token, [&](int) { return lock_timeout(); }, rec.hooks(0.5));
    CHECK(o.attempts == 1);
    CHECK_FALSE(o.interrupted);
    CHECK(rec.slept.empty());
  }
  SUBCASE("by default it sleeps for real (1ms here) and goes on") {
    c.first_sleep = Millis(1);
    auto o = run_ladder(c, nullptr, [&](int n) { return n < 1 ? lock_timeout() : Status::ok(); });
    CHECK(o.status.is_ok());
    CHECK(o.attempts == 2);
  }
}
