#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::drop_constraint") {
  SUBCASE("nothing at expand (still enforced), DROP CONSTRAINT at contract, nothing at rollback") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"drop_constraint\"\ntable = \"users\"\n"
        "name = \"users_age_check\"\n");
    CHECK(step(p.expand, ".1.drop_constraint") == nullptr);
    const exec::Step* drop = step(p.contract, ".1.drop_constraint");
    REQUIRE(drop);
    CHECK(has(drop->sql, "ALTER TABLE public.users DROP CONSTRAINT IF EXISTS users_age_check"));
    CHECK(step(p.rollback, ".1.drop_constraint") == nullptr);
    CHECK(p.end.table("users")->constraint("users_age_check") == nullptr);
  }
  SUBCASE("a unique constraint takes its index out of the model") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_unique\"\ntable = \"users\"\nname = \"u\"\n"
        "columns = [\"email\"]\n"
        "[[operations]]\nop = \"drop_constraint\"\ntable = \"users\"\nname = \"u\"\n");
    CHECK(p.end.table("users")->index("u") == nullptr);
  }
  SUBCASE("the primary key and a missing constraint are refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"drop_constraint\"\ntable = \"users\"\n"
                         "name = \"users_pkey\"\n"),
              "is the primary key of table \"users\""));
    CHECK(has(plan_error("[[operations]]\nop = \"drop_constraint\"\ntable = \"users\"\n"
                         "name = \"nope\"\n"),
              "constraint \"nope\" does not exist on table \"users\" (it has: users_pkey, "
              "users_age_check)"));
  }
}
