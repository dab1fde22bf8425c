#include <filesystem>

#include "core/layouts/support.hpp"
#include "core/temp_dir.hpp"

using namespace pgshift;
using namespace pgshift::core;
using pgshift::test::name_of;

TEST_CASE("layouts::folders names") {
  struct Row {
    const char* name;
    const char* version;
    const char* folder_name;
  };
  const Row rows[] = {
      {"20230404095503_initial_migration", "20230404095503", "initial_migration"},
      {"2019-01-01-000000_create_users", "20190101000000", "create_users"},
      {"00000000000000_diesel_initial_setup", "0", "diesel_initial_setup"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.name);
    auto m = name_of("folders", r.name);
    REQUIRE(m.is_ok());
    REQUIRE(m->has_value());
    CHECK((*m)->version == r.version);
    CHECK((*m)->name == r.folder_name);
    CHECK((*m)->folder);
    CHECK((*m)->sniff);
  }
  auto lock = name_of("folders", "migration_lock.toml");
  REQUIRE(lock.is_ok());
  REQUIRE(lock->has_value());
  CHECK((*lock)->part == Part::other);
  CHECK_FALSE(name_of("folders", "notes")->has_value());
  CHECK_FALSE(name_of("folders", "init.sql").is_ok());
}

TEST_CASE("layouts::folders reads a folder's files") {
  pgshift::test::TempDir tmp;
  const Layout& f = pgshift::test::layout("folders");
  auto read = [&](const std::string& folder) {
    auto m = f.match(folder);
    REQUIRE(m.is_ok());
    REQUIRE(m->has_value());
    return f.read(Entry{tmp / folder, **m, {}});
  };

  SUBCASE("Prisma: migration.sql, no down SQL") {
    tmp.write("20230101000000_init/migration.sql", "-- CreateTable\nCREATE TABLE t (id int);\n");
    CHECK(f.claims(tmp / "20230101000000_init", ""));
    auto m = read("20230101000000_init");
    REQUIRE(m.is_ok());
    CHECK(m->path == tmp / "20230101000000_init/migration.sql");
    CHECK(m->up->text.find("CREATE TABLE t") != std::string::npos);
    CHECK_FALSE(m->down.has_value());
    CHECK(m->down_hint == "a down.sql file in its folder");
  }

  SUBCASE("up.sql and down.sql") {
    tmp.write("2_a/up.sql", "CREATE TABLE t (id int);\n");
    tmp.write("2_a/down.sql", "DROP TABLE t;\n");
    tmp.write("2_a/metadata.toml", "run_in_transaction = true\n");
    auto m = read("2_a");
    REQUIRE(m.is_ok());
    CHECK(m->down_path == tmp / "2_a/down.sql");
    REQUIRE(m->down.has_value());
    CHECK(m->down->text == "DROP TABLE t;\n");
  }

  SUBCASE("a bad down.sql only spoils the down SQL") {
    tmp.write("2_a/up.sql", "CREATE TABLE t (id int);\n");
    tmp.write("2_a/down.sql", "-- pgshift:nope\n");
    auto m = read("2_a");
    REQUIRE(m.is_ok());
    CHECK(m->down_error.message().rfind(tmp / "2_a/down.sql:1:12: unknown directive", 0) == 0);
  }

  SUBCASE("errors name the folder or the file") {
    tmp.write("3_a/migration.sql", "SELECT 1;\n");
    tmp.write("3_a/up.sql", "SELECT 1;\n");
    CHECK(read("3_a").status().message() ==
          tmp / "3_a: holds both migration.sql and up.sql: keep one");
    tmp.write("4_a/notes.txt", "x");
    CHECK_FALSE(f.claims(tmp / "4_a", ""));
    CHECK(read("4_a").status().message() ==
          tmp / "4_a: migration folder without migration.sql or up.sql");
    std::filesystem::create_directories(tmp / "5_a/up.sql");
    CHECK(read("5_a").status().message() ==
          "\"" + (tmp / "5_a/up.sql") + "\" is not a regular file");
  }
}
