#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::drop_index") {
  SUBCASE("nothing at expand, DROP INDEX CONCURRENTLY at contract, nothing at rollback") {
    MigrationPlan p = plan("[[operations]]\nop = \"drop_index\"\nname = \"users_email_idx\"\n");
    CHECK(step(p.expand, ".1.drop_index") == nullptr);
    const exec::Step* d = step(p.contract, ".1.drop_index");
    REQUIRE(d);
    CHECK(has(d->sql, "DROP INDEX CONCURRENTLY IF EXISTS public.users_email_idx"));
    CHECK(d->effects.concurrently);
    CHECK(step(p.rollback, ".1.drop_index") == nullptr);
    CHECK(p.end.table("users")->index("users_email_idx") == nullptr);
  }
  SUBCASE("a missing index, or one that backs a constraint, is refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"drop_index\"\nname = \"nope\"\n"),
              "index \"nope\" does not exist in schema \"public\""));
    CHECK(has(plan_error("[[operations]]\nop = \"drop_index\"\nname = \"users_pkey\"\n"),
              "backs the primary key constraint \"users_pkey\" of table \"users\": use "
              "drop_constraint"));
  }
}
