#include "core/layouts/support.hpp"

using namespace pgshift;
using namespace pgshift::core;
using pgshift::test::name_of;
using pgshift::test::read_as;

TEST_CASE("layouts::flyway names") {
  struct Row {
    const char* file;
    const char* version;
    const char* raw;
    const char* name;
    Part part;
  };
  const Row rows[] = {
      {"V1__initial_schema.sql", "1", "1", "initial_schema", Part::up},
      {"V13.1__workflow_index_columns.sql", "13.1", "13.1", "workflow_index_columns", Part::up},
      {"V1_1__Fix.sql", "1.1", "1_1", "Fix", Part::up},
      {"V2__1009_Fix_PostgresExecutionDAO_Index.sql", "2", "2",
       "1009_Fix_PostgresExecutionDAO_Index", Part::up},
      {"V1.0__Init.sql", "1", "1.0", "Init", Part::up},
      {"U13.1__undo.sql", "13.1", "13.1", "undo", Part::down},
      {"R__views.sql", "R__views", "", "views", Part::repeatable},
  };
  for (const Row& r : rows) {
    CAPTURE(r.file);
    auto m = name_of("flyway", r.file);
    INFO(m.status().message());
    REQUIRE(m.is_ok());
    REQUIRE(m->has_value());
    CHECK((*m)->version == r.version);
    CHECK((*m)->raw_version == r.raw);
    CHECK((*m)->name == r.name);
    CHECK((*m)->part == r.part);
    CHECK_FALSE((*m)->sniff);
  }

  struct Bad {
    const char* file;
    const char* message;
  };
  const Bad bad[] = {
      {"V1_init.sql",
       "malformed migration file name: it does not start with V<version>__, "
       "U<version>__ or R__"},
      {"afterMigrate.sql",
       "malformed migration file name: it does not start with V<version>__, "
       "U<version>__ or R__"},
      {"V1.x__a.sql", "malformed migration file name: \"1.x\" is not a version"},
      {"V1__.sql", "malformed migration file name: the description after \"__\" is empty"},
      {"R1__a.sql", "malformed migration file name: a repeatable migration (R__) has no version"},
      {"B5__base.sql",
       "Flyway baseline migrations (B<version>__) are not supported: record the "
       "state of an existing database with pgshift baseline"},
      {"V1__a.sql.conf",
       "Flyway script configuration files are not supported: pgshift decides "
       "from the SQL whether a migration runs in a transaction"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.file);
    auto m = name_of("flyway", b.file);
    REQUIRE_FALSE(m.is_ok());
    CHECK(m.status().message().rfind(b.message, 0) == 0);
  }
  CHECK_FALSE(name_of("flyway", "README.md")->has_value());
}

TEST_CASE("layouts::flyway reads whole files") {
  auto v = read_as("flyway", "V1__a.sql", "-- pgshift:lock-timeout 2s\nCREATE TABLE t (id int);");
  REQUIRE(v.is_ok());
  CHECK(v->form == FileForm::pair);
  REQUIRE(v->up.has_value());
  CHECK(v->up->directives.file.lock_timeout.has_value());
  CHECK(v->down_hint == "an undo file U<version>__<description>.sql");
  auto u = read_as("flyway", "U1__a.sql", "DROP TABLE t;");
  REQUIRE(u.is_ok());
  CHECK(u->down_path == "m/U1__a.sql");
  REQUIRE(u->down.has_value());
  CHECK(u->down->text == "DROP TABLE t;");
}
