#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::rename_table") {
  SUBCASE("the view has the new name over the old table; contract renames it, guarded") {
    MigrationPlan p =
        plan("[[operations]]\nop = \"rename_table\"\nfrom = \"orgs\"\nto = \"teams\"\n");
    CHECK(step(p.expand, ".1.rename_table") == nullptr);
    const Table* t = p.end.table("teams");
    REQUIRE(t);
    CHECK(t->physical == "orgs");
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK(has(views->sql,
              "CREATE VIEW public_12_change.teams WITH (security_invoker = true) AS "
              "SELECT id, title FROM public.orgs"));
    const exec::Step* c = step(p.contract, ".1.rename_table");
    REQUIRE(c);
    CHECK(has(c->sql, "IF to_regclass('public.orgs') IS NOT NULL THEN"));
    CHECK(has(c->sql, "ALTER TABLE public.orgs RENAME TO teams"));
    CHECK(c->lock_description() == "ACCESS EXCLUSIVE on public.orgs");
    CHECK(step(p.rollback, ".1.rename_table") == nullptr);
  }
  SUBCASE("a foreign key of a table created later in the file names the old table until contract") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"rename_table\"\nfrom = \"orgs\"\nto = \"teams\"\n"
        "[[operations]]\nop = \"create_table\"\ntable = \"seats\"\n"
        "columns = [{ name = \"team\", type = \"bigint\", references = { table = \"teams\", "
        "column = \"id\" } }]\n");
    CHECK(has(all_sql(p.expand), "REFERENCES public.orgs (id)"));
  }
  SUBCASE("a taken name, a missing table and the same name twice are refused") {
    CHECK(
        has(plan_error("[[operations]]\nop = \"rename_table\"\nfrom = \"orgs\"\nto = \"users\"\n"),
            "rename_table: a table, index or constraint named \"users\" already exists"));
    CHECK(has(plan_error("[[operations]]\nop = \"rename_table\"\nfrom = \"nope\"\nto = \"x\"\n"),
              "table \"nope\" does not exist"));
    CHECK(has(read_error("[[operations]]\nop = \"rename_table\"\nfrom = \"orgs\"\nto = \"orgs\"\n"),
              "\"from\" and \"to\" are the same name"));
    CHECK(has(read_error("[[operations]]\nop = \"rename_table\"\nfrom = \"orgs\"\nto = \"teams\"\n"
                         "[[operations]]\nop = \"add_column\"\ntable = \"teams\"\n"
                         "column = { name = \"x\", type = \"int\" }\n"),
              "conflicting operations"));
  }
}
