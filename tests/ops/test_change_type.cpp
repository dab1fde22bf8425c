#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

namespace {

const std::string k_age =
    "[[operations]]\nop = \"change_type\"\ntable = \"users\"\ncolumn = \"age\"\n"
    "type = \"bigint\"\nup = \"age::bigint\"\ndown = \"least(age, 2147483647)::integer\"\n";

// sample_model() without the check constraint on age, which change_type refuses.
MigrationPlan plan_age(const std::string& toml) {
  Model m = sample_model();
  m.table("users")->constraints.pop_back();
  auto p = plan_migration(read(toml), m, 150000);
  REQUIRE_MESSAGE(p, p.status().message());
  return std::move(p).value();
}

}  // namespace

TEST_CASE("ops::change_type") {
  SUBCASE(
      "expand: temporary column of the new type, its default for new rows, trigger, "
      "backfill; contract swaps the columns; rollback drops the temporary one") {
    MigrationPlan p = plan_age(k_age);
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "ADD COLUMN IF NOT EXISTS _pgshift_new_age bigint;"));
    // Not ADD COLUMN ... DEFAULT: existing rows must stay NULL for the backfill to fill them.
    CHECK(has(expand, "ALTER COLUMN _pgshift_new_age SET DEFAULT 0"));
    CHECK(has(expand,
              "IF (TG_OP = 'INSERT' OR NEW.age IS DISTINCT FROM OLD.age OR NEW._pgshift_new_age "
              "IS NULL) THEN\n      NEW._pgshift_new_age := (age::bigint);"));
    CHECK(has(expand,
              "IF (TG_OP = 'INSERT' OR NEW._pgshift_new_age IS DISTINCT FROM OLD._pgshift_new_age "
              "OR NEW.age IS NULL) THEN\n      NEW.age := (least(age, 2147483647)::integer);"));
    CHECK_FALSE(has(expand, "not_null"));  // age is nullable
    const exec::Step* fill = step(p.expand, ".1.backfill");
    REQUIRE(fill);
    REQUIRE(fill->batch);
    CHECK(fill->batch->target.set_sql == "\"_pgshift_new_age\" = (age::bigint)");
    CHECK(fill->batch->target.where_sql == "\"_pgshift_new_age\" IS NULL");
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK(has(views->sql, "_pgshift_new_age AS age"));
    const std::string contract = all_sql(p.contract);
    CHECK(has(contract, "DROP TRIGGER IF EXISTS _pgshift_12_1_age"));
    CHECK(has(contract, "DROP COLUMN IF EXISTS age"));
    CHECK(has(contract, "RENAME COLUMN _pgshift_new_age TO age"));
    CHECK_FALSE(has(contract, "SET NOT NULL"));
    const std::string rollback = all_sql(p.rollback);
    CHECK(has(rollback, "DROP TRIGGER IF EXISTS _pgshift_12_1_age"));
    CHECK(has(rollback, "DROP COLUMN IF EXISTS _pgshift_new_age"));
    const Column* age = p.end.table("users")->column("age");
    REQUIRE(age);
    CHECK(age->type == "bigint");
    CHECK(age->physical == "_pgshift_new_age");
  }
  SUBCASE(
      "a NOT NULL column: NOT VALID check, VALIDATE after the backfill, SET NOT NULL at "
      "contract") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"change_type\"\ntable = \"users\"\ncolumn = \"name\"\n"
        "type = \"varchar(100)\"\nup = \"left(name, 100)\"\ndown = \"name\"\n"
        "default = \"'anonymous'\"\n");
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "CHECK (_pgshift_new_name IS NOT NULL) NOT VALID"));
    CHECK(has(expand, "SET DEFAULT ('anonymous')"));
    const exec::Step* validate = step(p.expand, ".validate_not_null");
    REQUIRE(validate);
    CHECK(validate->effects.scans);
    CHECK(has(all_sql(p.contract), "ALTER COLUMN _pgshift_new_name SET NOT NULL"));
    CHECK(has(all_sql(p.contract), "DROP CONSTRAINT IF EXISTS _pgshift_12_1_not_null"));
  }
  SUBCASE("columns that indexes, constraints or the primary key use are refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"change_type\"\ntable = \"users\"\n"
                         "column = \"id\"\ntype = \"integer\"\nup = \"id\"\ndown = \"id\"\n"),
              "part of the primary key"));
    CHECK(has(plan_error("[[operations]]\nop = \"change_type\"\ntable = \"users\"\n"
                         "column = \"email\"\ntype = \"citext\"\nup = \"email\"\n"
                         "down = \"email\"\n"),
              "column \"email\" is in index \"users_email_idx\": drop it in an earlier migration"));
    CHECK(has(plan_error(k_age), "column \"age\" is in constraint \"users_age_check\""));
    CHECK(has(read_error("[[operations]]\nop = \"change_type\"\ntable = \"users\"\n"
                         "column = \"age\"\ntype = \"bigint\"\nup = \"age\"\n"),
              "missing required field \"down\""));
  }
}
