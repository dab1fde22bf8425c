#include "core/layouts/support.hpp"

using namespace pgshift;
using namespace pgshift::core;
using pgshift::test::name_of;
using pgshift::test::read_as;
using pgshift::test::read_error;

TEST_CASE("layouts::dbmate names") {
  struct Row {
    const char* file;
    const char* version;
    const char* name;
  };
  const Row rows[] = {
      {"20211115181400_update-auth-permissions.sql", "20211115181400", "update-auth-permissions"},
      {"10000000000000_demote-postgres.sql", "10000000000000", "demote-postgres"},
      {"001.sql", "1", ""},
  };
  for (const Row& r : rows) {
    CAPTURE(r.file);
    auto m = name_of("dbmate", r.file);
    REQUIRE(m.is_ok());
    REQUIRE(m->has_value());
    CHECK((*m)->version == r.version);
    CHECK((*m)->name == r.name);
    CHECK((*m)->sniff);
  }
  CHECK_FALSE(name_of("dbmate", "schema.txt")->has_value());
  CHECK_FALSE(name_of("dbmate", "schema.sql").is_ok());
}

TEST_CASE("layouts::dbmate reads sections and transaction:false") {
  const std::string text =
      "-- migrate:up transaction:false\n"
      "CREATE INDEX CONCURRENTLY i ON t (id);\n"
      "\n"
      "--migrate:down\n"
      "DROP INDEX CONCURRENTLY i;\n";
  auto m = read_as("dbmate", "20200101_i.sql", text);
  INFO(m.status().message());
  REQUIRE(m.is_ok());
  CHECK(m->up->first_line == 2);
  CHECK(m->up->directives.file.no_transaction);
  REQUIRE(m->down.has_value());
  CHECK(m->down->text == "DROP INDEX CONCURRENTLY i;\n");
  CHECK_FALSE(m->down->directives.file.no_transaction);
  CHECK(m->down_hint == "a -- migrate:down section");
}

TEST_CASE("layouts::dbmate errors") {
  struct Row {
    const char* text;
    const char* message;
  };
  const Row rows[] = {
      {"-- migrate:up\nSELECT 1;\n-- migrate:sideways\n",
       "m/1_a.sql:3:4: unknown dbmate annotation \"migrate:sideways\" (known: migrate:up, "
       "migrate:down)"},
      {"-- migrate:up transaction:maybe\n",
       "m/1_a.sql:1:15: unknown dbmate option \"transaction:maybe\" (known: transaction:false)"},
      {"CREATE TYPE s AS ENUM ('a');\n-- migrate:up\n",
       "m/1_a.sql:1:1: only blank lines and -- comments may come before \"-- migrate:up\""},
      {"-- migrate:down\n-- migrate:up\n",
       "m/1_a.sql:1:1: \"-- migrate:down\" must come after \"-- migrate:up\""},
      // dbmate's newer multi-section files: pgshift reads one up and one down section.
      {"-- migrate:up\nSELECT 1;\n-- migrate:down\n-- migrate:up\nSELECT 2;\n",
       "m/1_a.sql:4:1: repeated \"-- migrate:up\" marker (first on line 1)"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(read_error("dbmate", "1_a.sql", r.text) == r.message);
  }
}

TEST_CASE("layouts::dbmate claims files by their annotations") {
  const Layout& d = pgshift::test::layout("dbmate");
  CHECK(d.claims("f.sql", "-- migrate:up\n"));
  CHECK(d.claims("f.sql", "--migrate:up\n"));
  CHECK_FALSE(d.claims("f.sql", "  -- migrate:up\n"));  // dbmate does not see it either
  CHECK_FALSE(d.claims("f.sql", "SELECT 'migrate:up';\n"));
}
