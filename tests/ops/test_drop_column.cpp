#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::drop_column") {
  SUBCASE(
      "with down: a trigger fills the column on the new version's writes; contract drops "
      "it") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"drop_column\"\ntable = \"users\"\ncolumn = \"name\"\n"
        "down = \"coalesce(email, 'unknown')\"\n");
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "NEW.name := (coalesce(email, 'unknown'))"));
    const Table& users = *p.end.table("users");
    CHECK(users.column("name") == nullptr);
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK_FALSE(has(views->sql, "name"));
    const std::string contract = all_sql(p.contract);
    CHECK(has(contract, "DROP TRIGGER IF EXISTS _pgshift_12_1_name"));
    CHECK(has(contract, "ALTER TABLE public.users DROP COLUMN IF EXISTS name"));
    CHECK(has(all_sql(p.rollback), "DROP TRIGGER IF EXISTS _pgshift_12_1_name"));
  }
  SUBCASE("a nullable column needs no down; its index leaves the model") {
    MigrationPlan p =
        plan("[[operations]]\nop = \"drop_column\"\ntable = \"users\"\ncolumn = \"email\"\n");
    CHECK_FALSE(has(all_sql(p.expand), "_pgshift_12_1_email"));
    CHECK(p.end.table("users")->index("users_email_idx") == nullptr);
    CHECK_FALSE(has(all_sql(p.rollback), "email"));
  }
  SUBCASE("NOT NULL without default or down, and primary key columns, are refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"drop_column\"\ntable = \"users\"\n"
                         "column = \"name\"\n"),
              "the new version's inserts would fail; give \"down\""));
    CHECK(has(plan_error("[[operations]]\nop = \"drop_column\"\ntable = \"users\"\n"
                         "column = \"id\"\n"),
              "part of the primary key"));
  }
}
