#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::add_column") {
  SUBCASE(
      "a NOT NULL column with up: temporary name, NOT VALID check, trigger, backfill, "
      "validate; contract renames it") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"nick\", type = \"text\", nullable = false }\nup = \"lower(name)\"\n");
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "ADD COLUMN IF NOT EXISTS _pgshift_new_nick text"));
    CHECK(has(expand, "CHECK (_pgshift_new_nick IS NOT NULL) NOT VALID"));
    CHECK(has(expand, "NEW._pgshift_new_nick := (lower(name))"));
    const exec::Step* fill = step(p.expand, ".backfill");
    REQUIRE(fill);
    REQUIRE(fill->batch);
    CHECK(fill->batch->target.set_sql == "\"_pgshift_new_nick\" = (lower(name))");
    CHECK(fill->batch->target.where_sql == "\"_pgshift_new_nick\" IS NULL");
    CHECK(fill->id == "12_change.expand.1.backfill");
    CHECK(has(expand, "VALIDATE CONSTRAINT _pgshift_12_1_not_null"));
    const std::string contract = all_sql(p.contract);
    CHECK(has(contract, "ALTER COLUMN _pgshift_new_nick SET NOT NULL"));
    CHECK(has(contract, "RENAME COLUMN _pgshift_new_nick TO nick"));
    CHECK(has(all_sql(p.rollback), "DROP COLUMN IF EXISTS _pgshift_new_nick"));
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK(has(views->sql, "_pgshift_new_nick AS nick"));
  }
  SUBCASE("a constant default needs no backfill; a volatile one is filled in batches") {
    MigrationPlan constant = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"flag\", type = \"boolean\", default = \"false\", nullable = false "
        "}\n");
    CHECK(has(all_sql(constant.expand),
              "ADD COLUMN IF NOT EXISTS _pgshift_new_flag boolean DEFAULT (false)"));
    CHECK(step(constant.expand, ".backfill") == nullptr);
    MigrationPlan volatile_default = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"token\", type = \"uuid\", default = \"gen_random_uuid()\" }\n");
    CHECK(has(all_sql(volatile_default.expand), "SET DEFAULT (gen_random_uuid())"));
    CHECK(step(volatile_default.expand, ".backfill") != nullptr);
  }
  SUBCASE("with up, a constant default is for new rows only: existing rows are filled from up") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"tier\", type = \"text\", default = \"'basic'\" }\n"
        "up = \"CASE WHEN age > 60 THEN 'senior' ELSE 'basic' END\"\n");
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "ADD COLUMN IF NOT EXISTS _pgshift_new_tier text;"));
    CHECK(has(expand, "ALTER COLUMN _pgshift_new_tier SET DEFAULT ('basic')"));
    CHECK(step(p.expand, ".backfill") != nullptr);
  }
  SUBCASE("NOT NULL without up or default is refused; so is a taken name") {
    CHECK(has(plan_error("[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
                         "column = { name = \"nick\", type = \"text\", nullable = false }\n"),
              "is NOT NULL without a default"));
    CHECK(has(plan_error("[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
                         "column = { name = \"email\", type = \"text\" }\n"),
              "column \"email\" already exists on table \"users\""));
  }
}
