#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "pgshift/cancel.hpp"

using namespace pgshift;

namespace {

// What a cancel callback refers to: the executor's callback calls Session::cancel() on a
// session that is destroyed right after the callback is removed.
struct Target {
  std::atomic<int> cancels{0};
  void cancel() { cancels.fetch_add(1); }
};

void spin_until(const std::atomic<bool>& flag) {
  while (!flag.load()) {
    std::this_thread::yield();
  }
}

}  // namespace

TEST_CASE("core::CancelToken") {
  SUBCASE("request runs every callback once; a later request runs none again") {
    CancelToken token;
    int a = 0;
    int b = 0;
    token.on_cancel([&] { ++a; });
    token.on_cancel([&] { ++b; });
    token.request();
    token.request();
    CHECK(token.requested());
    CHECK(a == 1);
    CHECK(b == 1);
  }
  SUBCASE("a callback registered after the request runs at once") {
    CancelToken token;
    token.request();
    int a = 0;
    CHECK(token.on_cancel([&] { ++a; }) == 0);
    CHECK(a == 1);
    token.remove(0);  // nothing to remove, and no wait
  }
  SUBCASE("a removed callback does not run") {
    CancelToken token;
    int a = 0;
    token.remove(token.on_cancel([&] { ++a; }));
    token.request();
    CHECK(a == 0);
  }
  SUBCASE("a callback may remove itself without waiting for itself") {
    CancelToken token;
    int id = 0;
    bool ran = false;
    id = token.on_cancel([&] {
      token.remove(id);
      ran = true;
    });
    token.request();
    CHECK(ran);
  }
  SUBCASE("remove waits for the callback that request() is running on another thread") {
    CancelToken token;
    std::atomic<bool> started{false};
    std::atomic<bool> finished{false};
    const int id = token.on_cancel([&] {
      started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      finished = true;
    });
    std::thread signal_thread([&] { token.request(); });
    spin_until(started);
    token.remove(id);
    // The owner may now destroy what the callback uses: the callback must be over.
    CHECK(finished.load());
    signal_thread.join();
  }
}

// A late SIGTERM racing the end of a step: the signal thread's request() against the owner
// removing its callback and destroying the target. Before remove() waited, the callback could
// run on a destroyed target (a heap-use-after-free under AddressSanitizer, a data race under
// ThreadSanitizer: scripts/test --sanitize, --tsan).
TEST_CASE("core::CancelToken: request racing remove and destruction") {
  for (int round = 0; round < 300; ++round) {
    CAPTURE(round);
    CancelToken token;
    auto target = std::make_unique<Target>();
    Target* raw = target.get();
    // Like Session::cancel(), the callback takes a moment (a round trip to the server).
    const int id = token.on_cancel([raw] {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      raw->cancel();
    });
    std::atomic<bool> ready{false};
    std::atomic<bool> go{false};
    std::thread signal_thread([&] {
      ready = true;
      spin_until(go);
      token.request();
    });
    spin_until(ready);
    go = true;
    // A different head start each round, so that the rounds sweep the window in which the
    // callback has been taken but not yet run.
    std::this_thread::sleep_for(std::chrono::microseconds((round % 20) * 10));
    token.remove(id);
    const int seen = target->cancels.load();
    CHECK(seen <= 1);
    target.reset();  // what ~CancelGuard then ~Session do
    signal_thread.join();
  }
}
