#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

namespace {

const char* k_fk =
    "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
    "column = { name = \"org_id\", type = \"bigint\" }\n"
    "[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\nname = \"users_org_fkey\"\n"
    "columns = [\"org_id\"]\nreferences = { table = \"orgs\", columns = [\"id\"] }\n"
    "on_delete = \"cascade\"\n";

}  // namespace

TEST_CASE("ops::add_foreign_key") {
  SUBCASE("NOT VALID with both tables locked briefly, then VALIDATE; physical column names") {
    MigrationPlan p = plan(k_fk);
    const exec::Step* add = step(p.expand, ".2.add_foreign_key");
    REQUIRE(add);
    CHECK(has(add->sql,
              "ADD CONSTRAINT users_org_fkey FOREIGN KEY (_pgshift_new_org_id) "
              "REFERENCES public.orgs (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT "
              "VALID"));
    CHECK(has(add->sql, "IF NOT EXISTS (SELECT FROM pg_constraint"));
    REQUIRE(add->effects.locks.size() == 2);
    CHECK(add->effects.locks[0].level == sql::LockLevel::share_row_exclusive);
    CHECK(add->effects.locks[1].name == "orgs");
    CHECK(add->effects.locks[1].level == sql::LockLevel::share_row_exclusive);
    const exec::Step* validate = step(p.expand, ".2.validate");
    REQUIRE(validate);
    CHECK(has(validate->sql, "VALIDATE CONSTRAINT users_org_fkey"));
    REQUIRE(validate->effects.locks.size() == 2);
    CHECK(validate->effects.locks[0].level == sql::LockLevel::share_update_exclusive);
    CHECK(validate->effects.locks[1].level == sql::LockLevel::row_share);
    CHECK(step(p.contract, ".2.add_foreign_key") == nullptr);
    CHECK(has(all_sql(p.rollback), "DROP CONSTRAINT IF EXISTS users_org_fkey"));
  }
  SUBCASE("multi-column") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_unique\"\ntable = \"orgs\"\nname = \"orgs_id_title\"\n"
        "columns = [\"id\", \"title\"]\n"
        "[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\nname = \"users_org2\"\n"
        "columns = [\"id\", \"name\"]\n"
        "references = { table = \"orgs\", columns = [\"id\", \"title\"] }\n");
    CHECK(has(all_sql(p.expand), "FOREIGN KEY (id, name) REFERENCES public.orgs (id, title)"));
  }
  SUBCASE("missing columns on either side, counts, unreferenceable columns, taken names") {
    CHECK(has(plan_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"f\"\ncolumns = [\"nope\"]\n"
                         "references = { table = \"orgs\", columns = [\"id\"] }\n"),
              "column \"nope\" does not exist on table \"users\""));
    CHECK(has(plan_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"f\"\ncolumns = [\"id\"]\n"
                         "references = { table = \"orgs\", columns = [\"nope\"] }\n"),
              "column \"nope\" does not exist on table \"orgs\""));
    CHECK(has(plan_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"f\"\ncolumns = [\"id\"]\n"
                         "references = { table = \"nope\", columns = [\"id\"] }\n"),
              "table \"nope\" does not exist"));
    CHECK(has(plan_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"f\"\ncolumns = [\"id\", \"age\"]\n"
                         "references = { table = \"orgs\", columns = [\"id\"] }\n"),
              "\"columns\" lists 2 column(s) but \"references\" lists 1"));
    CHECK(has(plan_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"f\"\ncolumns = [\"name\"]\n"
                         "references = { table = \"orgs\", columns = [\"title\"] }\n"),
              "no primary key or unique constraint"));
    CHECK(has(plan_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"users_age_check\"\ncolumns = [\"id\"]\n"
                         "references = { table = \"orgs\", columns = [\"id\"] }\n"),
              "constraint \"users_age_check\" already exists"));
    CHECK(has(read_error("[[operations]]\nop = \"add_foreign_key\"\ntable = \"users\"\n"
                         "name = \"f\"\ncolumns = [\"id\"]\n"
                         "references = { table = \"orgs\", columns = [\"id\"] }\n"
                         "on_delete = \"explode\"\n"),
              "\"on_delete\" must be one of"));
  }
}
