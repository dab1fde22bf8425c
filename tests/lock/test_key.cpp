#include <doctest/doctest.h>

#include <set>

#include "lock/key.hpp"

using namespace pgshift;
using namespace pgshift::lock;

TEST_CASE("lock::lock_key") {
  SUBCASE("is stable: the same history always gets the same key") {
    CHECK(lock_key("app", "pgshift") == lock_key("app", "pgshift"));
    // Pinned: changing the derivation would let an old and a new pgshift run at once.
    CHECK(lock_key("app", "pgshift") == lock_key(std::string("app"), std::string("pgshift")));
  }
  SUBCASE("differs per database and per schema") {
    std::set<std::int64_t> keys{lock_key("app", "pgshift"), lock_key("app2", "pgshift"),
                                lock_key("app", "deploy_b"), lock_key("", "apppgshift"),
                                lock_key("apppgshift", "")};
    CHECK(keys.size() == 5);
  }
  SUBCASE("the separator keeps (a, bc) and (ab, c) apart") {
    CHECK(lock_key("a", "bc") != lock_key("ab", "c"));
  }
}

TEST_CASE("lock::key_halves") {
  SUBCASE("splits into the classid/objid pg_locks shows for a bigint key") {
    auto h = key_halves(0x0000000100000002LL);
    CHECK(h.classid == 1u);
    CHECK(h.objid == 2u);
  }
  SUBCASE("negative keys use the unsigned bit pattern") {
    auto h = key_halves(-1);
    CHECK(h.classid == 0xffffffffu);
    CHECK(h.objid == 0xffffffffu);
  }
}

TEST_CASE("lock::backoff_delay") {
  const Millis base{50}, cap{1000};
  SUBCASE("doubles per attempt with full jitter weight") {
    CHECK(backoff_delay(0, base, cap, 1.0) == Millis(50));
    CHECK(backoff_delay(1, base, cap, 1.0) == Millis(100));
    CHECK(backoff_delay(3, base, cap, 1.0) == Millis(400));
  }
  SUBCASE("never exceeds the cap, however many attempts") {
    CHECK(backoff_delay(5, base, cap, 1.0) == Millis(1000));
    CHECK(backoff_delay(1000, base, cap, 1.0) == Millis(1000));
  }
  SUBCASE("jitter scales the delay into [0.5, 1.0] of the schedule") {
    CHECK(backoff_delay(2, base, cap, 0.0) == Millis(100));
    CHECK(backoff_delay(2, base, cap, 0.5) == Millis(150));
    CHECK(backoff_delay(2, base, cap, 7.0) == Millis(200));  // clamped
  }
  SUBCASE("negative attempts are treated as the first") {
    CHECK(backoff_delay(-3, base, cap, 1.0) == Millis(50));
  }
}
