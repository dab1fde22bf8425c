#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::rename_constraint") {
  SUBCASE("a guarded RENAME CONSTRAINT at contract; the model has the new name") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"rename_constraint\"\ntable = \"users\"\n"
        "from = \"users_age_check\"\nto = \"users_age_positive\"\n");
    CHECK(step(p.expand, ".1.rename_constraint") == nullptr);
    const exec::Step* r = step(p.contract, ".1.rename_constraint");
    REQUIRE(r);
    CHECK(has(r->sql, "conname = 'users_age_check'"));
    CHECK(has(r->sql, "RENAME CONSTRAINT users_age_check TO users_age_positive"));
    CHECK(p.end.table("users")->constraint("users_age_positive") != nullptr);
    CHECK(p.end.table("users")->constraint("users_age_check") == nullptr);
  }
  SUBCASE("a unique constraint renames its index in the model") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"rename_constraint\"\ntable = \"users\"\n"
        "from = \"users_pkey\"\nto = \"users_pk\"\n");
    CHECK(p.end.table("users")->index("users_pk") != nullptr);
  }
  SUBCASE("a missing constraint or a taken name is refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"rename_constraint\"\ntable = \"users\"\n"
                         "from = \"nope\"\nto = \"x\"\n"),
              "constraint \"nope\" does not exist on table \"users\" (it has: users_pkey, "
              "users_age_check)"));
    CHECK(has(plan_error("[[operations]]\nop = \"rename_constraint\"\ntable = \"users\"\n"
                         "from = \"users_age_check\"\nto = \"users_pkey\"\n"),
              "the name \"users_pkey\" is already taken"));
    CHECK(has(plan_error("[[operations]]\nop = \"rename_constraint\"\ntable = \"users\"\n"
                         "from = \"users_pkey\"\nto = \"orgs_pkey\"\n"),
              "the name \"orgs_pkey\" is already taken"));
  }
}
