#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::add_unique") {
  SUBCASE("a concurrent unique index, then ADD CONSTRAINT USING INDEX; rollback drops both") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_unique\"\ntable = \"users\"\nname = \"users_name_email\"\n"
        "columns = [\"name\", \"email\"]\n");
    const exec::Step* idx = step(p.expand, ".1.unique_index");
    REQUIRE(idx);
    CHECK(idx->sql ==
          "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"users_name_email\" ON "
          "\"public\".\"users\" (\"name\", \"email\")");
    CHECK(idx->effects.concurrently);
    REQUIRE(idx->concurrent_index);
    CHECK(idx->concurrent_index->unique);
    const exec::Step* add = step(p.expand, ".1.add_unique");
    REQUIRE(add);
    CHECK(has(add->sql, "ADD CONSTRAINT users_name_email UNIQUE USING INDEX users_name_email"));
    CHECK(has(add->sql, "IF NOT EXISTS (SELECT FROM pg_constraint"));
    CHECK(add->effects.locks[0].level == sql::LockLevel::access_exclusive);
    CHECK(p.contract.size() == 1);  // the version schema's functions only
    REQUIRE(step(p.rollback, ".1.add_unique"));
    CHECK(
        has(step(p.rollback, ".1.add_unique")->sql, "DROP CONSTRAINT IF EXISTS users_name_email"));
    const exec::Step* drop = step(p.rollback, ".1.unique_index");
    REQUIRE(drop);
    CHECK(has(drop->sql, "DROP INDEX CONCURRENTLY IF EXISTS public.users_name_email"));
  }
  SUBCASE("a column an earlier operation added is indexed under its temporary name") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"handle\", type = \"text\" }\n"
        "[[operations]]\nop = \"add_unique\"\ntable = \"users\"\nname = \"users_handle_key\"\n"
        "columns = [\"handle\"]\n");
    CHECK(has(all_sql(p.expand), "ON public.users (_pgshift_new_handle)"));
  }
  SUBCASE("a taken name or a missing column is refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"add_unique\"\ntable = \"users\"\n"
                         "name = \"users_email_idx\"\ncolumns = [\"email\"]\n"),
              "named \"users_email_idx\" already exists"));
    CHECK(has(plan_error("[[operations]]\nop = \"add_unique\"\ntable = \"users\"\n"
                         "name = \"u\"\ncolumns = [\"nope\"]\n"),
              "column \"nope\" does not exist on table \"users\""));
    CHECK(has(read_error("[[operations]]\nop = \"add_unique\"\ntable = \"users\"\n"
                         "name = \"u\"\ncolumns = []\n"),
              "\"columns\" must not be empty"));
  }
}
