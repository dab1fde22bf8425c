#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::drop_table") {
  SUBCASE("the new version has no view of it; contract drops it; rollback has nothing to do") {
    MigrationPlan p = plan("[[operations]]\nop = \"drop_table\"\ntable = \"orgs\"\n");
    CHECK(step(p.expand, ".1.drop_table") == nullptr);
    CHECK(p.end.table("orgs") == nullptr);
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK_FALSE(has(views->sql, "orgs"));
    const exec::Step* c = step(p.contract, ".1.drop_table");
    REQUIRE(c);
    CHECK(c->sql == "DROP TABLE IF EXISTS \"public\".\"orgs\"");
    CHECK(c->lock_description() == "ACCESS EXCLUSIVE on public.orgs");
    CHECK(step(p.rollback, ".1.drop_table") == nullptr);
  }
  SUBCASE("a missing table is refused; so is another change to the dropped table") {
    CHECK(has(plan_error("[[operations]]\nop = \"drop_table\"\ntable = \"nope\"\n"),
              "drop_table: table \"nope\" does not exist in schema \"public\""));
    CHECK(has(read_error("[[operations]]\nop = \"drop_table\"\ntable = \"orgs\"\n"
                         "[[operations]]\nop = \"rename_column\"\ntable = \"orgs\"\n"
                         "from = \"title\"\nto = \"name\"\n"),
              "conflicting operations"));
  }
}
