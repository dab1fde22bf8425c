#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::create_index") {
  SUBCASE("concurrently at expand, with method, include and where; dropped at rollback") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"create_index\"\nname = \"users_name_idx\"\ntable = \"users\"\n"
        "columns = [\"name\"]\ninclude = [\"email\"]\nwhere = \"age > 18\"\n");
    const exec::Step* c = step(p.expand, ".1.create_index");
    REQUIRE(c);
    CHECK(c->sql ==
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"users_name_idx\" ON "
          "\"public\".\"users\" USING btree (\"name\") INCLUDE (\"email\") WHERE "
          "(\"age\" > 18)");
    CHECK(c->effects.concurrently);
    CHECK(step(p.contract, ".1.create_index") == nullptr);
    const exec::Step* r = step(p.rollback, ".1.create_index");
    REQUIRE(r);
    CHECK(has(r->sql, "DROP INDEX CONCURRENTLY IF EXISTS public.users_name_idx"));
    CHECK(p.end.table("users")->index("users_name_idx") != nullptr);
  }
  SUBCASE("unique, another method; a new column under its temporary name, also in where") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\n"
        "column = { name = \"tags\", type = \"text[]\" }\n"
        "[[operations]]\nop = \"create_index\"\nname = \"users_tags_idx\"\ntable = \"users\"\n"
        "columns = [\"tags\"]\nmethod = \"gin\"\nwhere = \"tags IS NOT NULL\"\n"
        "[[operations]]\nop = \"create_index\"\nname = \"users_name_key\"\ntable = \"users\"\n"
        "columns = [\"name\"]\nunique = true\n");
    const std::string expand = all_sql(p.expand);
    CHECK(has(expand, "USING gin (_pgshift_new_tags) WHERE (_pgshift_new_tags IS NOT NULL)"));
    CHECK(has(expand, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_name_key"));
  }
  SUBCASE("a taken name, a missing column, a unique non-btree index are refused") {
    CHECK(has(plan_error("[[operations]]\nop = \"create_index\"\nname = \"users_email_idx\"\n"
                         "table = \"users\"\ncolumns = [\"email\"]\n"),
              "named \"users_email_idx\" already exists"));
    CHECK(has(plan_error("[[operations]]\nop = \"create_index\"\nname = \"i\"\n"
                         "table = \"users\"\ncolumns = [\"nope\"]\n"),
              "column \"nope\" does not exist on table \"users\""));
    CHECK(has(plan_error("[[operations]]\nop = \"create_index\"\nname = \"i\"\n"
                         "table = \"users\"\ncolumns = [\"age\"]\nwhere = \"nope > 1\"\n"),
              "\"where\" names column \"nope\""));
    CHECK(has(read_error("[[operations]]\nop = \"create_index\"\nname = \"i\"\n"
                         "table = \"users\"\ncolumns = [\"age\"]\nunique = true\n"
                         "method = \"hash\"\n"),
              "a unique index must use method \"btree\""));
    CHECK(has(read_error("[[operations]]\nop = \"create_index\"\nname = \"i\"\n"
                         "table = \"users\"\ncolumns = [\"age\"]\nmethod = \"bitmap\"\n"),
              "\"method\" must be one of"));
  }
}
