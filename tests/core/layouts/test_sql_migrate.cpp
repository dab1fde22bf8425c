#include "core/layouts/support.hpp"

using namespace pgshift;
using namespace pgshift::core;
using pgshift::test::name_of;
using pgshift::test::read_as;
using pgshift::test::read_error;

TEST_CASE("layouts::sql-migrate names") {
  auto m = name_of("sql-migrate", "2_record.sql");
  REQUIRE(m.is_ok());
  REQUIRE(m->has_value());
  CHECK((*m)->version == "2");
  CHECK((*m)->name == "record");
  CHECK((*m)->sniff);
  CHECK_FALSE(name_of("sql-migrate", "init.sql").is_ok());
}

TEST_CASE("layouts::sql-migrate reads sections, blocks and notransaction") {
  const std::string text =
      "-- +migrate Up\n"
      "-- SQL in section 'Up' is executed when this migration is applied\n"
      "-- +migrate StatementBegin\n"
      "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n"
      "-- +migrate StatementEnd\n"
      "\n"
      "-- +migrate Down notransaction\n"
      "DROP FUNCTION f();\n";
  auto m = read_as("sql-migrate", "1_initial.sql", text);
  INFO(m.status().message());
  REQUIRE(m.is_ok());
  CHECK(m->up->first_line == 2);
  CHECK_FALSE(m->up->directives.file.no_transaction);
  REQUIRE(m->down.has_value());
  CHECK(m->down->text == "DROP FUNCTION f();\n");
  CHECK(m->down->directives.file.no_transaction);
}

TEST_CASE("layouts::sql-migrate: a file without Down reverts as an empty migration") {
  // sql-migrate runs a migration's (empty) Down statement list and removes its record.
  auto m = read_as("sql-migrate", "3_seed.sql", "-- +migrate Up\nINSERT INTO t VALUES (1);\n");
  REQUIRE(m.is_ok());
  REQUIRE(m->down.has_value());
  CHECK(m->down->text.empty());
}

TEST_CASE("layouts::sql-migrate errors") {
  struct Row {
    const char* text;
    const char* message;
  };
  const Row rows[] = {
      {"-- +migrate Up\n-- +migrate Sideways\n",
       "m/1_a.sql:2:13: unknown sql-migrate annotation \"Sideways\" (known: Up, Down, "
       "StatementBegin, StatementEnd)"},
      {"-- +migrate up\n",  // sql-migrate's words are case-sensitive
       "m/1_a.sql:1:13: unknown sql-migrate annotation \"up\" (known: Up, Down, StatementBegin, "
       "StatementEnd)"},
      {"-- +migrate Up notx\n",
       "m/1_a.sql:1:16: unknown option \"notx\" of \"-- +migrate Up\" (known: notransaction)"},
      {"-- +migrate Up\n-- +migrate StatementBegin\nSELECT 1;\n",
       "m/1_a.sql:2:1: \"-- +migrate StatementBegin\" without \"-- +migrate StatementEnd\" in its "
       "section"},
      {"-- +migrate\n",
       "m/1_a.sql:1:1: incomplete sql-migrate annotation: write -- +migrate Up or -- +migrate "
       "Down"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(read_error("sql-migrate", "1_a.sql", r.text) == r.message);
  }
}
