#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::set_default") {
  SUBCASE("the new version's view gets the default; the table at contract") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"set_default\"\ntable = \"users\"\ncolumn = \"email\"\n"
        "default = \"'none'\"\n");
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK(has(views->sql,
              "ALTER VIEW public_12_change.users ALTER COLUMN email SET DEFAULT ('none')"));
    CHECK(has(all_sql(p.contract),
              "ALTER TABLE public.users ALTER COLUMN email SET DEFAULT ('none')"));
    CHECK_FALSE(has(all_sql(p.rollback), "email"));
  }
  SUBCASE("drop_default: a NULL the view keeps (a bare NULL default is not stored)") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"set_default\"\ntable = \"users\"\ncolumn = \"age\"\n"
        "drop_default = true\n");
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK(has(views->sql, "ALTER COLUMN age SET DEFAULT (CASE WHEN false THEN NULL::integer END)"));
    CHECK(has(all_sql(p.contract), "ALTER COLUMN age DROP DEFAULT"));
  }
  SUBCASE("exactly one of default and drop_default") {
    CHECK(has(read_error("[[operations]]\nop = \"set_default\"\ntable = \"users\"\n"
                         "column = \"age\"\n"),
              "give exactly one of \"default\" and \"drop_default = true\""));
    CHECK(has(read_error("[[operations]]\nop = \"set_default\"\ntable = \"users\"\n"
                         "column = \"age\"\ndefault = \"1\"\ndrop_default = true\n"),
              "give exactly one"));
  }
}
