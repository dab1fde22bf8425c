// Layouts (docs/file-formats.md#layouts): directories written for golang-migrate, goose,
// dbmate, sql-migrate, Flyway and folder-per-migration tools run unchanged; broken down SQL
// only stops `down`; entries named like migrations that cannot be read are refused.
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <map>

#include "support/harness.hpp"

using namespace it;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string versions(const TempDb& db) {
  return db.scalar(
      "SELECT string_agg(version, ',' ORDER BY started_at, version) FROM pgshift.migrations");
}

}  // namespace

TEST_CASE("an up and a down file of one version pair whatever their names") {
  TempDb db;
  Project p;
  p.write("29_create_files.up.sql", "CREATE TABLE files (id bigint PRIMARY KEY);\n");
  p.write("29_create_files.down.sql", "DROP TABLE files;\n");
  p.write("30_add_magic_metadata.up.sql", "ALTER TABLE files ADD COLUMN magic text;\n");
  p.write("30_drop_magic_metadata.down.sql", "ALTER TABLE files DROP COLUMN magic;\n");
  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  column_must_exist(db, "files", "magic");
  auto st = run(p.root(), db.url(), {"status"});
  CHECK(contains(st.out, "layout golang-migrate"));
  CHECK(contains(st.out, "add_magic_metadata"));
  auto down = run(p.root(), db.url(), {"down"});
  REQUIRE_MESSAGE(down.exit_code == 0, down.all());
  column_must_not_exist(db, "files", "magic");
  CHECK(history_state(db, "30").empty());
}

TEST_CASE("a broken down file is a warning for up and status, an error for validate and down") {
  TempDb db;
  Project p;
  p.write("1_create_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("1_create_a.down.sql", "BEGIN;\nDROP TABLE a;\nCOMMIT:\n");  // a typo kept for years
  p.write("2_create_b.up.sql", "CREATE TABLE b (id int);\n");
  p.write("2_create_b.down.sql", "-- pgshift:no-transacton\nDROP TABLE b;\n");
  p.write("3_create_c.up.sql", "CREATE TABLE c (id int);\n");
  p.write("3_create_c.down.sql", "DROP TABLE c;\n");

  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  table_must_exist(db, "a");
  table_must_exist(db, "b");
  CHECK(contains(up.err,
                 "pgshift: warning: the down SQL of migration 1 \"create_a\" cannot be "
                 "used (migrations/1_create_a.down.sql:3:"));
  CHECK(contains(up.err,
                 "migrations/2_create_b.down.sql:1:12: unknown directive "
                 "\"no-transacton\""));

  auto st = run(p.root(), db.url(), {"status"});
  CHECK(st.exit_code == 0);
  CHECK(contains(st.err, "migrations/1_create_a.down.sql:3:"));
  CHECK(contains(st.out, "3 applied"));

  auto validate = run(p.root(), db.url(), {"validate"});
  CHECK(validate.exit_code == 2);
  CHECK(contains(validate.all(), "migrations/1_create_a.down.sql:3:"));

  // down reverts 3 (its down file is fine), then refuses 2 before running anything.
  const std::string before = schema_fingerprint(db);
  auto down = run(p.root(), db.url(), {"down", "--steps", "2"});
  CHECK(down.exit_code == 2);
  CHECK(contains(down.err,
                 "pgshift: error: migrations/2_create_b.down.sql:1:12: unknown "
                 "directive \"no-transacton\""));
  CHECK(schema_fingerprint(db) == before);
  CHECK(history_rows(db) == 3);
  auto one = run(p.root(), db.url(), {"down", "--steps", "1"});
  REQUIRE_MESSAGE(one.exit_code == 0, one.all());
  table_must_not_exist(db, "c");
}

TEST_CASE("goose, dbmate and sql-migrate files run and revert as their tools run them") {
  struct Case {
    const char* layout;
    std::map<std::string, std::string> files;
  };
  const Case cases[] = {
      {"goose",
       {{"00001_create_owners.sql",
         "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE owners (id bigint PRIMARY KEY);\n"
         "CREATE FUNCTION owner_count() RETURNS bigint AS $$\nBEGIN\n  RETURN (SELECT count(*) "
         "FROM owners);\nEND;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n\n-- +goose Down\n"
         "-- +goose StatementBegin\nDROP FUNCTION owner_count();\nDROP TABLE owners;\n"
         "-- +goose StatementEnd\n"},
        {"00002_index_owners.sql",
         "-- +goose NO TRANSACTION\n-- +goose up\nCREATE INDEX CONCURRENTLY owners_idx ON owners "
         "(id);\n\n-- +goose down\nDROP INDEX CONCURRENTLY owners_idx;\n"},
        {"00003_empty.sql", "-- +goose Up\n-- +goose Down\n"}}},
      {"dbmate",
       {{"20211115181400_create-owners.sql",
         "-- migrate:up\nCREATE TABLE owners (id bigint PRIMARY KEY);\n\n-- migrate:down\n"
         "DROP TABLE owners;\n"},
        {"20211118015519_index-owners.sql",
         "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY owners_idx ON owners (id);\n"
         "-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY owners_idx;\n"}}},
      {"sql-migrate",
       {{"1_initial.sql",
         "-- +migrate Up\n-- SQL in section 'Up' is executed when this migration is applied\n"
         "CREATE TABLE owners (id bigint PRIMARY KEY);\n\n-- +migrate Down\nDROP TABLE owners;\n"},
        {"2_index.sql",
         "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY owners_idx ON owners (id);\n"
         "-- +migrate Down\nDROP INDEX owners_idx;\n"}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.layout);
    TempDb fresh;
    Project proj;
    for (const auto& [name, text] : c.files) {
      proj.write(name, text);
    }
    auto st = run(proj.root(), fresh.url(), {"status"});
    REQUIRE_MESSAGE(st.exit_code == 0, st.all());
    CHECK(contains(st.out, std::string("layout ") + c.layout));
    auto up = run(proj.root(), fresh.url(), {"up"});
    REQUIRE_MESSAGE(up.exit_code == 0, up.all());
    table_must_exist(fresh, "owners");
    CHECK(fresh.scalar(
              "SELECT indisvalid FROM pg_index WHERE indexrelid = 'owners_idx'::regclass") == "t");
    auto again = run(proj.root(), fresh.url(), {"up"});
    CHECK(contains(again.out, "up to date"));
    auto down = run(proj.root(), fresh.url(), {"down", "--all"});
    REQUIRE_MESSAGE(down.exit_code == 0, down.all());
    table_must_not_exist(fresh, "owners");
    CHECK(history_rows(fresh) == 0);
  }
}

TEST_CASE("Flyway: dotted versions in version order, undo files, repeatable migrations") {
  TempDb db;
  Project p;
  p.write("V1__Init.sql", "CREATE TABLE t (id int, n int);\n");
  p.write("V1_1__add_a.sql", "ALTER TABLE t ADD COLUMN a int;\n");
  p.write("V1.9__add_b.sql", "ALTER TABLE t ADD COLUMN b int;\n");
  p.write("V1.10__add_c.sql", "ALTER TABLE t ADD COLUMN c int;\n");
  p.write("U1.10__drop_c.sql", "ALTER TABLE t DROP COLUMN c;\n");
  p.write("R__t_view.sql", "CREATE OR REPLACE VIEW t_view AS SELECT id FROM t;\n");

  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  CHECK(versions(db) == "1,1.1,1.9,1.10,R__t_view");
  CHECK(history_state(db, "R__t_view") == "applied");
  CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't_view'") ==
        "1");
  auto st = run(p.root(), db.url(), {"status"});
  CHECK(contains(st.out, "layout flyway"));
  CHECK(contains(st.out, "5 applied"));

  SUBCASE("an edited repeatable migration runs again, an unchanged one does not") {
    auto same = run(p.root(), db.url(), {"up"});
    CHECK(contains(same.out, "up to date"));
    p.write("R__t_view.sql", "CREATE OR REPLACE VIEW t_view AS SELECT id, n FROM t;\n");
    auto pending = run(p.root(), db.url(), {"status"});
    CHECK(contains(pending.out, "1 pending"));
    CHECK(contains(pending.out, "changed since it last ran"));
    auto again = run(p.root(), db.url(), {"up"});
    REQUIRE_MESSAGE(again.exit_code == 0, again.all());
    CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                    "'t_view'") == "2");
    CHECK(events_with(db, "up", "ok") == 6);
    CHECK(history_rows(db) == 5);
  }
  SUBCASE("down reverts 1.10 with its undo file and leaves the repeatable alone") {
    auto down = run(p.root(), db.url(), {"down"});
    REQUIRE_MESSAGE(down.exit_code == 0, down.all());
    column_must_not_exist(db, "t", "c");
    CHECK(history_state(db, "1.10").empty());
    CHECK(history_state(db, "R__t_view") == "applied");
  }
  SUBCASE("--to takes a dotted version") {
    auto down = run(p.root(), db.url(), {"down", "--to", "1.9"});
    REQUIRE_MESSAGE(down.exit_code == 0, down.all());
    column_must_exist(db, "t", "b");
    column_must_not_exist(db, "t", "c");
  }
}

TEST_CASE("folder-per-migration layouts: Prisma's migration.sql, Diesel's up.sql and down.sql") {
  TempDb db;
  Project p;
  p.write("migration_lock.toml", "provider = \"postgresql\"\n");
  p.write("migrations/20230404095503_initial_migration/migration.sql",
          "-- CreateTable\nCREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT "
          "\"User_pkey\" PRIMARY KEY (\"id\"));\n");
  p.write("migrations/2023-04-05-000000_add_email/up.sql",
          "ALTER TABLE \"User\" ADD COLUMN email text;\n");
  p.write("migrations/2023-04-05-000000_add_email/down.sql",
          "ALTER TABLE \"User\" DROP COLUMN email;\n");
  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  column_must_exist(db, "User", "email");
  CHECK(versions(db) == "20230404095503,20230405000000");
  auto st = run(p.root(), db.url(), {"status"});
  CHECK(contains(st.out, "layout folders"));
  auto down = run(p.root(), db.url(), {"down"});
  REQUIRE_MESSAGE(down.exit_code == 0, down.all());
  column_must_not_exist(db, "User", "email");
  auto refused = run(p.root(), db.url(), {"down"});
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "a down.sql file in its folder"));
}

TEST_CASE("the layout can be forced, and a mixed directory is refused") {
  TempDb db;
  Project p;
  p.write("1_a.sql", "-- +goose Up\nCREATE TABLE a (id int);\n");

  SUBCASE("by flag, by environment, by pgshift.toml") {
    auto flag = run(p.root(), db.url(), {"status", "--layout", "goose"});
    CHECK(contains(flag.out, "layout goose"));
    auto lint = run(p.root(), "", {"lint", "--layout", "dbmate"});
    CHECK(lint.exit_code == 2);
    CHECK(contains(lint.err, "migrations/1_a.sql:1:1: missing \"-- migrate:up\" marker"));
    auto env = run(p.root(), db.url(), {"up"}, {{"PGSHIFT_LAYOUT", "dbmate"}});
    CHECK(env.exit_code == 2);
    CHECK(contains(env.err, "migrations/1_a.sql:1:1: missing \"-- migrate:up\" marker"));
    p.write("./pgshift.toml", "layout = \"gose\"\n");
    auto toml = run(p.root(), db.url(), {"up"});
    CHECK(toml.exit_code == 2);
    CHECK(contains(toml.err, "pgshift.toml:1:10: layout: unknown layout \"gose\" (known: auto, "));
    CHECK(history_rows(db) == 0);
  }
  SUBCASE("two layouts in one directory") {
    p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
    auto up = run(p.root(), db.url(), {"up"});
    CHECK(up.exit_code == 2);
    CHECK(contains(up.err,
                   "mixes layouts: \"migrations/2_b.up.sql\" is in golang-migrate layout "
                   "and \"migrations/1_a.sql\" in goose layout"));
    table_must_not_exist(db, "a");
    CHECK(history_rows(db) == 0);
  }
  SUBCASE("bad annotations are input errors with their position") {
    p.write("2_b.sql", "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE b (id int);\n");
    auto up = run(p.root(), db.url(), {"up"});
    CHECK(up.exit_code == 2);
    CHECK(up.err ==
          "pgshift: error: migrations/2_b.sql:2:1: \"-- +goose StatementBegin\" without "
          "\"-- +goose StatementEnd\" in its section\n");
    p.write("2_b.sql", "-- +goose Up\nCREATE TABLE b (id int);\n-- +goose Dwon\n");
    auto unknown = run(p.root(), db.url(), {"up"});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "migrations/2_b.sql:3:11: unknown goose annotation \"Dwon\""));
    table_must_not_exist(db, "a");
  }
}

TEST_CASE("entries named like migrations that are not regular files are refused") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  const std::string dir = p.dir();
  struct Case {
    const char* what;
    std::function<void()> make;
    const char* says;
  };
  const Case cases[] = {
      {"dangling symbolic link",
       [&] { std::filesystem::create_symlink(p.root() + "/gone.sql", dir + "/2_x.up.sql"); },
       "\"migrations/2_x.up.sql\" is a dangling symbolic link"},
      {"symbolic link loop",
       [&] { std::filesystem::create_symlink(dir + "/2_x.up.sql", dir + "/2_x.up.sql"); },
       "\"migrations/2_x.up.sql\" is a symbolic link loop"},
      {"FIFO", [&] { REQUIRE(mkfifo((dir + "/2_x.up.sql").c_str(), 0600) == 0); },
       "\"migrations/2_x.up.sql\" is a FIFO, not a regular file"},
      {"directory", [&] { std::filesystem::create_directories(dir + "/2_x.up.sql"); },
       "\"migrations/2_x.up.sql\" is a directory, not a migration file"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    c.make();
    auto up = run(p.root(), db.url(), {"up"});
    CHECK(up.exit_code == 2);
    CHECK(up.err == std::string("pgshift: error: ") + c.says +
                        (std::string(c.what) == "dangling symbolic link"
                             ? " (its target does not exist)\n"
                             : "\n"));
    CHECK_FALSE(contains(up.out, "up to date"));
    table_must_not_exist(db, "a");
    std::filesystem::remove_all(dir + "/2_x.up.sql");
  }
  SUBCASE("a symbolic link to a regular file is followed") {
    p.write("elsewhere/b.sql", "CREATE TABLE b (id int);\n");
    std::filesystem::create_symlink(p.root() + "/elsewhere/b.sql", dir + "/2_b.up.sql");
    auto up = run(p.root(), db.url(), {"up"});
    REQUIRE_MESSAGE(up.exit_code == 0, up.all());
    table_must_exist(db, "b");
  }
}

TEST_CASE("a layout-2 history is upgraded: versions become text and keep their rows") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
  auto up = run(p.root(), db.url(), {"up", "--to", "1"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  // Back to layout 2 as an older pgshift left it: numeric versions.
  db.exec(
      "ALTER TABLE pgshift.migrations ALTER COLUMN version TYPE numeric USING version::numeric;"
      "ALTER TABLE pgshift.events ALTER COLUMN version TYPE numeric USING version::numeric;"
      "UPDATE pgshift.meta SET value = '2' WHERE key = 'schema_version'");
  auto st = run(p.root(), db.url(), {"status"});  // reads layout 2 as it is
  REQUIRE_MESSAGE(st.exit_code == 0, st.all());
  CHECK(contains(st.out, "1 applied, 1 pending"));
  auto rest = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(rest.exit_code == 0, rest.all());
  CHECK(db.scalar("SELECT value FROM pgshift.meta WHERE key = 'schema_version'") == "3");
  CHECK(db.scalar("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                  "'pgshift' AND table_name = 'migrations' AND column_name = 'version'") == "text");
  CHECK(versions(db) == "1,2");
  CHECK(events_with(db, "up", "ok") == 2);
}

TEST_CASE("a history layout version that is not a number refuses with exit 5, naming it") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
  auto up = run(p.root(), db.url(), {"up", "--to", "1"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  const std::string bad[] = {"three", "99999999999999999999"};
  for (const std::string& value : bad) {
    CAPTURE(value);
    db.exec("UPDATE pgshift.meta SET value = '" + value + "' WHERE key = 'schema_version'");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK(o.exit_code == 5);
    CHECK_MESSAGE(contains(o.err, std::string("pgshift: error: history schema \"pgshift\" "
                                              "layout version: \"") +
                                      value + "\" is "),
                  o.all());
    table_must_not_exist(db, "b");
  }
}

TEST_CASE("pgshift new writes pgshift's files, and refuses in another tool's layout") {
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  auto ok = run(p.root(), "", {"new", "b", "--sequential"});
  REQUIRE_MESSAGE(ok.exit_code == 0, ok.all());
  CHECK(std::filesystem::exists(p.dir() + "/2_b.up.sql"));

  Project g;
  g.write("1_a.sql", "-- +goose Up\nCREATE TABLE a (id int);\n");
  auto refused = run(g.root(), "", {"new", "b"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err ==
        "pgshift: error: \"migrations\" is in goose layout: pgshift new writes "
        "pgshift's own files; write the new migration as goose expects it\n");
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(g.dir())) {
    ++files;
  }
  CHECK(files == 1);
}
