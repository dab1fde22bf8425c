// Adopting databases migrated for real by dbmate, node-pg-migrate and sql-migrate, the tools
// installed by scripts/deps (dbmate and node-pg-migrate from npm into build/tools, found through
// PGSHIFT_TOOLS_BIN, which scripts/test sets; sql-migrate from Debian, on PATH). Each tool runs
// its own migration files (its own format, in a folder of its own); the pgshift project holds
// the same migrations as pgshift files with the same versions, plus a new one. Sqitch is not
// adopted (docs/adopting.md).
#include <cstdlib>
#include <filesystem>

#include "support/adoption.hpp"

using namespace it;

namespace {

std::string tools_bin(const std::string& tool) {
  const char* dir = std::getenv("PGSHIFT_TOOLS_BIN");
  REQUIRE_MESSAGE(dir != nullptr,
                  "PGSHIFT_TOOLS_BIN is not set: run the tests through scripts/test, which sets "
                  "it to the tools scripts/deps installs");
  const std::string path = std::string(dir) + "/" + tool;
  REQUIRE_MESSAGE(std::filesystem::exists(path), path << " is missing: run scripts/deps");
  return path;
}

// The database's URL for a Go tool built on lib/pq, which asks for TLS unless told otherwise.
std::string without_tls(const TempDb& db) {
  return db.url() + (db.url().find('?') == std::string::npos ? "?" : "&") + "sslmode=disable";
}

void must_run(const Outcome& o, const std::string& what) {
  REQUIRE_MESSAGE(o.exit_code == 0, what << " failed: " << o.all());
}

}  // namespace

TEST_CASE("a database dbmate migrated is adopted") {
  TempDb db;
  Project p;
  write_shop(p, {"20200101000000", "20200102000000", "20200103000000"});
  // dbmate's own files: -- migrate:up / -- migrate:down in one file per migration.
  const std::vector<std::string> versions{"20200101000000", "20200102000000"};
  for (int i = 0; i < 2; ++i) {
    p.write("dbmate/" + versions[static_cast<std::size_t>(i)] + "_" + shop_name(i) + ".sql",
            "-- migrate:up\n" + shop_up(i) + "\n-- migrate:down\n" + shop_down(i));
  }
  must_run(run_program(p.root(), tools_bin("dbmate"),
                       {"--migrations-dir", "dbmate", "--no-dump-schema", "up"},
                       {{"DATABASE_URL", without_tls(db)}}),
           "dbmate up");
  REQUIRE(table_rows(db, "schema_migrations") == "2:(20200101000000);(20200102000000)");
  adoption_must_work(db, p, "dbmate", "schema_migrations", "20200102000000",
                     {"20200101000000", "20200102000000"}, {"20200103000000"});
  column_must_exist(db, "customers", "email");
}

TEST_CASE("a database node-pg-migrate migrated is adopted, its names' hyphens and all") {
  TempDb db;
  Project p;
  write_shop(p, {"1700000000000", "1700000000001", "1700000000002"});
  // node-pg-migrate's own SQL files: -- Up Migration / -- Down Migration, names with hyphens.
  p.write("npm/1700000000000_create-customers.sql",
          "-- Up Migration\n" + shop_up(0) + "\n-- Down Migration\n" + shop_down(0));
  p.write("npm/1700000000001_create-orders.sql",
          "-- Up Migration\n" + shop_up(1) + "\n-- Down Migration\n" + shop_down(1));
  must_run(run_program(p.root(), tools_bin("node-pg-migrate"), {"up", "-m", "npm"},
                       {{"DATABASE_URL", db.url()}}),
           "node-pg-migrate up");
  REQUIRE(db.scalar("SELECT string_agg(name, ',' ORDER BY id) FROM pgmigrations") ==
          "1700000000000_create-customers,1700000000001_create-orders");
  adoption_must_work(db, p, "node-pg-migrate", "pgmigrations", "1700000000001",
                     {"1700000000000", "1700000000001"}, {"1700000000002"});
  column_must_exist(db, "customers", "email");
}

TEST_CASE("a database sql-migrate migrated is adopted, after one of its migrations went down") {
  TempDb db;
  Project p;
  write_shop(p, {"1", "2", "3"});
  // sql-migrate's own files (-- +migrate Up / Down) and its dbconfig.yml.
  for (int i = 0; i < 3; ++i) {
    p.write("sm/migrations/" + std::to_string(i + 1) + "_" + shop_name(i) + ".sql",
            "-- +migrate Up\n" + shop_up(i) + "\n-- +migrate Down\n" + shop_down(i));
  }
  p.write("sm/dbconfig.yml", "development:\n  dialect: postgres\n  datasource: " + without_tls(db) +
                                 "\n  dir: migrations\n");
  must_run(run_program(p.root() + "/sm", "sql-migrate", {"up"}), "sql-migrate up");
  must_run(run_program(p.root() + "/sm", "sql-migrate", {"down"}), "sql-migrate down");
  REQUIRE(db.scalar("SELECT string_agg(id, ',' ORDER BY id) FROM gorp_migrations") ==
          "1_create_customers.sql,2_create_orders.sql");
  adoption_must_work(db, p, "sql-migrate", "gorp_migrations", "2", {"1", "2"}, {"3"});
  column_must_exist(db, "customers", "email");
}
