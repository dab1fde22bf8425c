#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::set_not_null") {
  SUBCASE(
      "with up: NOT VALID check, a trigger for the old version's NULLs, backfill, "
      "validate; contract sets NOT NULL") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"set_not_null\"\ntable = \"users\"\ncolumn = \"email\"\n"
        "up = \"name || '@example.com'\"\n");
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "ADD CONSTRAINT _pgshift_12_1_not_null CHECK (email IS NOT NULL) NOT VALID"));
    CHECK(has(expand, "IF NEW.email IS NULL THEN\n      NEW.email := (name || '@example.com')"));
    CHECK(has(expand, "ADD COLUMN") == false);
    const exec::Step* fill = step(p.expand, ".1.backfill");
    REQUIRE(fill);
    CHECK(fill->batch->target.where_sql == "\"email\" IS NULL");
    CHECK(step(p.expand, ".validate_not_null") != nullptr);
    CHECK_FALSE(p.end.table("users")->column("email")->nullable);
    const std::string contract = all_sql(p.contract);
    CHECK(has(contract, "DROP TRIGGER IF EXISTS _pgshift_12_1_email"));
    CHECK(has(contract, "ALTER COLUMN email SET NOT NULL"));
    CHECK(has(contract, "DROP CONSTRAINT IF EXISTS _pgshift_12_1_not_null"));
    const std::string rollback = all_sql(p.rollback);
    CHECK(has(rollback, "DROP TRIGGER IF EXISTS _pgshift_12_1_email"));
    CHECK(has(rollback, "DROP CONSTRAINT IF EXISTS _pgshift_12_1_not_null"));
  }
  SUBCASE("without up: no trigger, no backfill") {
    MigrationPlan p =
        plan("[[operations]]\nop = \"set_not_null\"\ntable = \"users\"\ncolumn = \"email\"\n");
    CHECK_FALSE(has(all_sql(p.expand), "CREATE OR REPLACE TRIGGER _pgshift_12_1"));
    CHECK(step(p.expand, ".1.backfill") == nullptr);
    CHECK_FALSE(has(all_sql(p.contract), "DROP TRIGGER"));
  }
  SUBCASE("a NOT NULL column is refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"set_not_null\"\ntable = \"users\"\n"
                         "column = \"name\"\n"),
              "column \"name\" of table \"users\" is already NOT NULL"));
    CHECK(has(plan_error("[[operations]]\nop = \"set_not_null\"\ntable = \"users\"\n"
                         "column = \"nope\"\n"),
              "column \"nope\" does not exist on table \"users\""));
  }
}
