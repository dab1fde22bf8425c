#include "core/layouts/support.hpp"

using namespace pgshift;
using namespace pgshift::core;
using pgshift::test::name_of;
using pgshift::test::read_as;
using pgshift::test::read_error;

TEST_CASE("layouts::goose names") {
  auto m = name_of("goose", "00001_create_users_table.sql");
  REQUIRE(m.is_ok());
  REQUIRE(m->has_value());
  CHECK((*m)->version == "1");
  CHECK((*m)->name == "create_users_table");
  CHECK((*m)->part == Part::both);
  CHECK((*m)->sniff);
  CHECK_FALSE(name_of("goose", "README.md")->has_value());
  CHECK(name_of("goose", "00002_seed.go").status().message() ==
        "goose Go migrations are not supported: pgshift runs SQL migrations");
  CHECK(name_of("goose", "seed.sql").status().message().find("malformed migration file name") == 0);
}

TEST_CASE("layouts::goose reads sections, blocks and NO TRANSACTION") {
  SUBCASE("up and down sections, annotations in any case, blocks kept as written") {
    const std::string text =
        "-- +goose up\n"              // 1
        "-- +goose statementbegin\n"  // 2
        "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n"
        "-- +goose StatementEnd\n"    // 4
        "CREATE TABLE t (id int);\n"  // 5
        "\n"
        "-- +goose Down\n"  // 7
        "DROP TABLE t;\n";
    auto m = read_as("goose", "1_a.sql", text);
    INFO(m.status().message());
    REQUIRE(m.is_ok());
    CHECK(m->form == FileForm::single);
    REQUIRE(m->up.has_value());
    CHECK(m->up->first_line == 2);
    CHECK(m->up->text.find("CREATE FUNCTION") != std::string::npos);
    CHECK(m->up->text.find("CREATE TABLE t") != std::string::npos);
    CHECK(m->up->text.find("DROP") == std::string::npos);
    CHECK_FALSE(m->up->directives.file.no_transaction);
    REQUIRE(m->down.has_value());
    CHECK(m->down->first_line == 8);
    CHECK(m->down->text == "DROP TABLE t;\n");
    CHECK(m->down_hint == "a -- +goose Down section");
  }

  SUBCASE("NO TRANSACTION, before or after Up, makes both sections autocommit") {
    for (const char* text : {"-- +goose NO TRANSACTION\n\n-- +goose Up\nSELECT 1;\n"
                             "-- +goose Down\nSELECT 2;\n",
                             "-- +goose Up\n-- +goose NO TRANSACTION\nSELECT 1;\n"
                             "-- +goose Down\nSELECT 2;\n"}) {
      CAPTURE(text);
      auto m = read_as("goose", "5_no_tx.sql", text);
      REQUIRE(m.is_ok());
      CHECK(m->up->directives.file.no_transaction);
      CHECK(m->down->directives.file.no_transaction);
    }
  }

  SUBCASE(
      "an Up section alone reverts as an empty migration, as goose does; ENVSUB OFF "
      "changes nothing") {
    // pressly/goose's own test folder has such a file (00004_empty.sql): goose versions it
    // both ways and runs nothing.
    auto m = read_as("goose", "4_empty.sql", "-- +goose ENVSUB OFF\n-- +goose Up\n");
    REQUIRE(m.is_ok());
    CHECK(m->up->text.empty());
    REQUIRE(m->down.has_value());
    CHECK(m->down->text.empty());
    CHECK(m->down->path == m->path);
    CHECK(m->down_error.is_ok());
  }
}

TEST_CASE("layouts::goose errors") {
  struct Row {
    const char* text;
    const char* message;
  };
  const Row rows[] = {
      {"-- +goose Up\nSELECT 1;\n-- +goose Upp\n",
       "m/1_a.sql:3:11: unknown goose annotation \"Upp\" (known: Up, Down, StatementBegin, "
       "StatementEnd, NO TRANSACTION, ENVSUB OFF)"},
      {"-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\nSELECT 2;\n",
       "m/1_a.sql:2:1: \"-- +goose StatementBegin\" without \"-- +goose StatementEnd\" in its "
       "section"},
      {"-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n",
       "m/1_a.sql:2:1: \"-- +goose StatementBegin\" without \"-- +goose StatementEnd\" in its "
       "section"},
      {"-- +goose Up\n-- +goose StatementEnd\n",
       "m/1_a.sql:2:1: \"-- +goose StatementEnd\" without \"-- +goose StatementBegin\""},
      {"-- +goose StatementBegin\n-- +goose Up\n",
       "m/1_a.sql:1:1: \"-- +goose StatementBegin\" must be inside a section, below \"-- +goose "
       "Up\""},
      {"  -- +goose Up\nSELECT 1;\n",
       "m/1_a.sql:1:1: a goose annotation must start at the beginning of the line"},
      {"-- +goose ENVSUB ON\n-- +goose Up\n",
       "m/1_a.sql:1:11: \"-- +goose ENVSUB ON\" is not supported: pgshift runs the SQL as "
       "written, without substituting environment variables"},
      {"-- +goose Down\nSELECT 1;\n-- +goose Up\n",
       "m/1_a.sql:1:1: \"-- +goose Down\" must come after \"-- +goose Up\""},
      {"-- +goose Up\n-- +goose Up\n",
       "m/1_a.sql:2:1: repeated \"-- +goose Up\" marker (first on line 1)"},
      {"CREATE TABLE t (id int);\n-- +goose Up\n",
       "m/1_a.sql:1:1: only blank lines and -- comments may come before \"-- +goose Up\""},
      {"SELECT 1;\n",
       "m/1_a.sql:1:1: missing \"-- +goose Up\" marker: a goose migration puts its SQL below "
       "\"-- +goose Up\" and its down SQL, if any, below \"-- +goose Down\""},
      {"-- +goose\n",
       "m/1_a.sql:1:4: empty goose annotation (known: Up, Down, StatementBegin, "
       "StatementEnd, NO TRANSACTION)"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    CHECK(read_error("goose", "1_a.sql", r.text) == r.message);
  }
}

TEST_CASE("layouts::goose trouble below Down only spoils the down SQL") {
  for (const char* text : {"-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose Dwn\n",
                           "-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose StatementBegin\n"}) {
    CAPTURE(text);
    auto m = read_as("goose", "1_a.sql", text);
    REQUIRE(m.is_ok());
    CHECK(m->up.has_value());
    CHECK_FALSE(m->down.has_value());
    CHECK(m->down_error.message().rfind("m/1_a.sql:4:", 0) == 0);
  }
}

TEST_CASE("layouts::goose claims files by their annotations") {
  const Layout& g = pgshift::test::layout("goose");
  CHECK(g.claims("f.sql", "-- +goose Up\nSELECT 1;\n"));
  CHECK(g.claims("f.sql", "SELECT 1;\n--+goose up\n"));
  CHECK_FALSE(g.claims("f.sql", "SELECT '+goose';\n"));
  CHECK_FALSE(g.claims("f.sql", "-- pgshift:up\nSELECT 1;\n"));
}
