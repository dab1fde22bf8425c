#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::add_check") {
  SUBCASE("without up: NOT VALID behind a guard, then VALIDATE; rollback drops it") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_check\"\ntable = \"users\"\nname = \"users_name_len\"\n"
        "check = \"length(name) < 100\"\n");
    const exec::Step* add = step(p.expand, ".1.add_check");
    REQUIRE(add);
    CHECK(has(add->sql, "IF NOT EXISTS (SELECT FROM pg_constraint"));
    CHECK(has(add->sql, "ADD CONSTRAINT users_name_len CHECK (length(name) < 100) NOT VALID"));
    CHECK_FALSE(has(add->sql, "TRIGGER"));
    const exec::Step* validate = step(p.expand, ".1.validate");
    REQUIRE(validate);
    CHECK(has(validate->sql, "VALIDATE CONSTRAINT users_name_len"));
    REQUIRE(validate->effects.locks.size() == 1);
    CHECK(validate->effects.locks[0].level == sql::LockLevel::share_update_exclusive);
    CHECK(step(p.expand, ".backfill") == nullptr);
    CHECK(step(p.contract, ".1.add_check") == nullptr);
    CHECK(has(all_sql(p.rollback), "DROP CONSTRAINT IF EXISTS users_name_len"));
  }
  SUBCASE("with up: a trigger fixes the old version's violating writes, a backfill the rows") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_check\"\ntable = \"users\"\nname = \"users_adult\"\n"
        "check = \"age >= 18 AND email IS NOT NULL\"\n"
        "up = { age = \"greatest(age, 18)\", email = \"coalesce(email, 'none')\" }\n");
    const exec::Step* add = step(p.expand, ".1.add_check");
    REQUIRE(add);
    CHECK(has(add->sql,
              "IF (NOT (age >= 18 AND email IS NOT NULL)) THEN\n      NEW.age := "
              "(greatest(age, 18))"));
    CHECK(has(add->sql, "NEW.email := (coalesce(email, 'none'))"));
    CHECK(has(add->sql, "BEFORE INSERT OR UPDATE ON public.users"));
    const exec::Step* fill = step(p.expand, ".1.backfill");
    REQUIRE(fill);
    REQUIRE(fill->batch);
    // The expressions read the physical columns, quoted.
    CHECK(fill->batch->target.set_sql ==
          "\"age\" = (greatest(\"age\", 18)), \"email\" = (coalesce(\"email\", 'none'))");
    CHECK(fill->batch->target.where_sql == "NOT (\"age\" >= 18 AND \"email\" IS NOT NULL)");
    CHECK(has(all_sql(p.contract), "DROP TRIGGER IF EXISTS _pgshift_12_1_check ON public.users"));
    const std::string rollback = all_sql(p.rollback);
    CHECK(has(rollback, "DROP TRIGGER IF EXISTS _pgshift_12_1_check"));
    CHECK(has(rollback, "DROP CONSTRAINT IF EXISTS users_adult"));
  }
  SUBCASE("a column an earlier operation added is checked under its temporary name") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"score\", type = \"integer\" }\n"
        "[[operations]]\nop = \"add_check\"\ntable = \"users\"\nname = \"users_score\"\n"
        "check = \"score > 0\"\n");
    CHECK(has(all_sql(p.expand), "CHECK (_pgshift_new_score > 0) NOT VALID"));
  }
  SUBCASE("a taken name, an unknown column in check or up, a malformed up are refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"add_check\"\ntable = \"users\"\n"
                         "name = \"users_age_check\"\ncheck = \"age > 0\"\n"),
              "constraint \"users_age_check\" already exists on table \"users\""));
    CHECK(has(plan_error("[[operations]]\nop = \"add_check\"\ntable = \"users\"\n"
                         "name = \"c1\"\ncheck = \"nope > 0\"\n"),
              "\"check\" names column \"nope\", which does not exist on table \"users\""));
    CHECK(has(plan_error("[[operations]]\nop = \"add_check\"\ntable = \"users\"\n"
                         "name = \"c1\"\ncheck = \"age > 0\"\nup = { nope = \"1\" }\n"),
              "column \"nope\" does not exist on table \"users\""));
    CHECK(has(read_error("[[operations]]\nop = \"add_check\"\ntable = \"users\"\n"
                         "name = \"c1\"\ncheck = \"age > 0\"\nup = { age = 1 }\n"),
              "\"up\" of \"age\" must be a string of SQL"));
    CHECK(has(read_error("[[operations]]\nop = \"add_check\"\ntable = \"users\"\n"
                         "name = \"c1\"\ncheck = \"age > 0)\"\n"),
              "m/12_change.toml:5:9: add_check: \"check\""));
  }
  SUBCASE("replaying tolerates the constraint its own expand created") {
    OpsFile f = read(
        "[[operations]]\nop = \"add_check\"\ntable = \"users\"\nname = \"users_age_check\"\n"
        "check = \"age > 0\"\n");
    Model m = sample_model();
    CHECK(replay(f, m));
    CHECK(m.table("users")->constraints.size() == 2);
  }
}
