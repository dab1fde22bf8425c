#include <doctest/doctest.h>

#include "sql/parse.hpp"

using namespace pgshift;
using namespace pgshift::sql;

namespace {

std::optional<BatchTarget> target_of(const std::string& text) {
  core::Section s;
  s.path = "m.sql";
  s.text = text;
  s.first_line = 1;
  auto r = parse_section(s);
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 1);
  const auto& batch = r->front().batch;
  return batch ? std::optional<BatchTarget>(*batch) : std::nullopt;
}

}  // namespace

TEST_CASE("sql::BatchTarget of UPDATE and DELETE") {
  SUBCASE("SET list and WHERE clause as written, table and alias from the tree") {
    auto t = target_of(
        "UPDATE app.users AS u SET a = 1, b = (SELECT max(x) FROM y WHERE y.id = "
        "u.id)\n  WHERE u.a IS NULL -- trailing comment\n;");
    REQUIRE(t);
    CHECK(t->schema == "app");
    CHECK(t->table == "users");
    CHECK(t->alias == "u");
    CHECK(t->set_sql == "a = 1, b = (SELECT max(x) FROM y WHERE y.id = u.id)");
    CHECK(t->where_sql == "u.a IS NULL");
    CHECK_FALSE(t->remove);
    CHECK(t->unsupported.empty());
  }
  SUBCASE("comments between SET list and WHERE belong to neither") {
    auto t = target_of("UPDATE t SET n = n + 1 -- bump\n/* note */ WHERE flag -- f\n");
    REQUIRE(t);
    CHECK(t->set_sql == "n = n + 1");
    CHECK(t->where_sql == "flag");
  }
  SUBCASE("no WHERE: every row") {
    auto t = target_of("update Users set flag = true");
    REQUIRE(t);
    CHECK(t->table == "users");
    CHECK(t->set_sql == "flag = true");
    CHECK(t->where_sql.empty());
  }
  SUBCASE("a table, schema or alias named \"set\" is not taken for the SET of the SET list") {
    // Found by fuzz/batch_target: the SET list began at the first SET token, so the batch
    // statement had "v SET v = 1" as its SET list and did not parse.
    auto t = target_of("UPDATE set v SET v = 1");
    REQUIRE(t);
    CHECK(t->table == "set");
    CHECK(t->alias == "v");
    CHECK(t->set_sql == "v = 1");
    t = target_of("UPDATE set.set AS set SET set = (1), \"set\" = 2 WHERE set.set > 0");
    REQUIRE(t);
    CHECK(t->schema == "set");
    CHECK(t->alias == "set");
    CHECK(t->set_sql == "set = (1), \"set\" = 2");
    CHECK(t->where_sql == "set.set > 0");
    t = target_of("UPDATE set SET (a, b) = (b, a)");
    REQUIRE(t);
    CHECK(t->set_sql == "(a, b) = (b, a)");
  }
  SUBCASE("DELETE") {
    auto t = target_of("DELETE FROM \"Logs\" WHERE at < now() - interval '90 days'");
    REQUIRE(t);
    CHECK(t->remove);
    CHECK(t->table == "Logs");
    CHECK(t->where_sql == "at < now() - interval '90 days'");
  }
  SUBCASE("statements that cannot be cut into batches say why") {
    CHECK(target_of("UPDATE a SET x = b.x FROM b WHERE a.id = b.id")->unsupported ==
          "it has a FROM clause (batches change one table, joined to nothing)");
    CHECK(target_of("DELETE FROM a USING b WHERE a.id = b.id")->unsupported ==
          "it has a USING clause (batches change one table, joined to nothing)");
    CHECK(target_of("UPDATE a SET x = 1 RETURNING id")->unsupported ==
          "it has a RETURNING clause (nobody reads the rows of a batched statement)");
    CHECK(target_of("WITH s AS (SELECT 1) UPDATE a SET x = 1")->unsupported ==
          "it has a WITH clause");
  }
  SUBCASE("other statements have none") {
    CHECK_FALSE(target_of("INSERT INTO a VALUES (1)"));
    CHECK_FALSE(target_of("SELECT 1"));
  }
}
