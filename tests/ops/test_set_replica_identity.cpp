#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::set_replica_identity") {
  SUBCASE("expand sets it; rollback restores what the table had; contract has nothing to do") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"set_replica_identity\"\ntable = \"users\"\nidentity = "
        "\"full\"\n");
    const exec::Step* e = step(p.expand, ".1.replica_identity");
    REQUIRE(e);
    CHECK(e->sql == "ALTER TABLE \"public\".\"users\" REPLICA IDENTITY FULL");
    CHECK(e->lock_description() == "ACCESS EXCLUSIVE on public.users");
    CHECK(p.end.table("users")->replica_identity == "f");
    const exec::Step* r = step(p.rollback, ".1.replica_identity");
    REQUIRE(r);
    CHECK(r->sql == "ALTER TABLE \"public\".\"users\" REPLICA IDENTITY DEFAULT");
    CHECK(step(p.contract, ".1.replica_identity") == nullptr);
  }
  SUBCASE("a unique index of NOT NULL columns can be the identity") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"set_replica_identity\"\ntable = \"users\"\nidentity = "
        "\"index\"\nindex = \"users_pkey\"\n");
    CHECK(step(p.expand, ".1.replica_identity")->sql ==
          "ALTER TABLE \"public\".\"users\" REPLICA IDENTITY USING INDEX \"users_pkey\"");
    CHECK(p.end.table("users")->replica_index == "users_pkey");
  }
  SUBCASE("identity = \"index\" needs a unique index of the table, and only then an index") {
    const std::string base = "[[operations]]\nop = \"set_replica_identity\"\ntable = \"users\"\n";
    CHECK(has(read_error(base + "identity = \"index\"\n"), "needs \"index\""));
    CHECK(has(read_error(base + "identity = \"full\"\nindex = \"users_pkey\"\n"),
              "\"index\" is only for identity = \"index\""));
    CHECK(has(read_error(base + "identity = \"some\"\n"), "identity"));
    CHECK(has(read_error(base), "missing required field \"identity\""));
    CHECK(has(plan_error(base + "identity = \"index\"\nindex = \"users_email_idx\"\n"),
              "index \"users_email_idx\" is not unique"));
    CHECK(has(plan_error(base + "identity = \"index\"\nindex = \"orgs_pkey\"\n"),
              "index \"orgs_pkey\" does not exist on table \"users\""));
  }
}
