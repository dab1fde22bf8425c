#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::drop_not_null") {
  SUBCASE("expand drops NOT NULL; contract does nothing; rollback fills and restores it") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"drop_not_null\"\ntable = \"users\"\ncolumn = \"name\"\n"
        "down = \"'unknown'\"\n");
    CHECK(has(all_sql(p.expand), "ALTER TABLE public.users ALTER COLUMN name DROP NOT NULL"));
    CHECK(p.end.table("users")->column("name")->nullable);
    CHECK(step(p.contract, ".1.drop_not_null") == nullptr);
    const exec::Step* fill = step(p.rollback, ".1.backfill");
    REQUIRE(fill);
    CHECK(fill->batch->target.set_sql == "\"name\" = ('unknown')");
    CHECK(fill->batch->target.where_sql == "\"name\" IS NULL");
    const std::string rollback = all_sql(p.rollback);
    CHECK(has(rollback, "CHECK (name IS NOT NULL) NOT VALID"));
    CHECK(has(rollback, "VALIDATE CONSTRAINT _pgshift_12_1_not_null"));
    CHECK(has(rollback, "ALTER COLUMN name SET NOT NULL"));
    CHECK(has(rollback, "DROP CONSTRAINT IF EXISTS _pgshift_12_1_not_null"));
    // The backfill runs before the check is added.
    CHECK(rollback.find("UPDATE") < rollback.find("NOT VALID"));
  }
  SUBCASE("down in the new version's names reads the physical columns at rollback") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = \"email\"\n"
        "to = \"mail\"\n\n[[operations]]\nop = \"drop_not_null\"\ntable = \"users\"\n"
        "column = \"name\"\ndown = \"coalesce(mail, 'x')\"\n");
    const exec::Step* fill = step(p.rollback, ".2.backfill");
    REQUIRE(fill);
    CHECK(fill->batch->target.set_sql == "\"name\" = (coalesce(\"email\", 'x'))");
  }
  SUBCASE("without down: no backfill at rollback") {
    MigrationPlan p =
        plan("[[operations]]\nop = \"drop_not_null\"\ntable = \"users\"\ncolumn = \"name\"\n");
    CHECK(step(p.rollback, ".1.backfill") == nullptr);
  }
  SUBCASE("a nullable or primary key column is refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"drop_not_null\"\ntable = \"users\"\n"
                         "column = \"email\"\n"),
              "is already nullable"));
    CHECK(has(plan_error("[[operations]]\nop = \"drop_not_null\"\ntable = \"users\"\n"
                         "column = \"id\"\n"),
              "part of the primary key"));
  }
}
