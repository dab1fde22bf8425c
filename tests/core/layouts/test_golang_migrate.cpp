#include "core/layouts/support.hpp"

using namespace pgshift;
using namespace pgshift::core;
using pgshift::test::name_of;

TEST_CASE("layouts::golang-migrate names") {
  struct Row {
    const char* file;
    const char* version;
    const char* name;
    Part part;
  };
  const Row rows[] = {
      {"30_add_magic_metadata.up.sql", "30", "add_magic_metadata", Part::up},
      {"30_drop_magic_metadata.down.sql", "30", "drop_magic_metadata", Part::down},
      {"0002_1.7.0_schema.up.sql", "2", "1.7.0_schema", Part::up},
      {"1_Mixed-Case.up.sql", "1", "Mixed-Case", Part::up},
  };
  for (const Row& r : rows) {
    CAPTURE(r.file);
    auto m = name_of("golang-migrate", r.file);
    REQUIRE(m.is_ok());
    REQUIRE(m->has_value());
    CHECK((*m)->version == r.version);
    CHECK((*m)->name == r.name);
    CHECK((*m)->part == r.part);
  }
  // Other names are not golang-migrate's; those pgshift's own layout finds malformed are
  // errors with its explanation, so that a typo never skips a migration.
  for (const char* file : {"1_a.sql", "1_a.toml", "README.md"}) {
    CAPTURE(file);
    auto m = name_of("golang-migrate", file);
    REQUIRE(m.is_ok());
    CHECK_FALSE(m->has_value());
  }
  for (const char* file : {"seed.sql", "1_.up.sql", "1_a.up.sql.bak"}) {
    CAPTURE(file);
    auto m = name_of("golang-migrate", file);
    REQUIRE_FALSE(m.is_ok());
    CHECK(m.status().message().rfind("malformed migration file name: ", 0) == 0);
  }
}
