// up / status / down round trips on a real server, with every file form.
#include <nlohmann/json.hpp>

#include <sstream>

#include "support/harness.hpp"

using namespace it;

namespace {

void write_app(const Project& p) {
  p.write("0001_create_users.up.sql",
          "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);\n"
          "CREATE INDEX users_name ON users (name);\n");
  p.write("0001_create_users.down.sql", "DROP TABLE users;\n");
  p.write("0002_add_email.sql",
          "-- pgshift:up\n-- pgshift:lock-timeout 2s\nALTER TABLE users ADD COLUMN email text;\n"
          "-- pgshift:down\nALTER TABLE users DROP COLUMN email;\n");
  p.write("10_orders.up.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
  p.write("10_orders.down.sql", "DROP TABLE orders;\n");
}

}  // namespace

TEST_CASE("up, status, down and up again") {
  TempDb db;
  Project p;
  write_app(p);

  auto st = run(p.root(), db.url(), {"status"});
  CHECK(st.exit_code == 0);
  CHECK(st.out.find("3 pending") != std::string::npos);
  CHECK(history_rows(db) == 0);  // status creates nothing
  CHECK(db.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'pgshift'") == "0");

  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  table_must_exist(db, "users");
  table_must_exist(db, "orders");
  column_must_exist(db, "users", "email");
  CHECK(history_rows(db) == 3);
  CHECK(history_state(db, "10") == "applied");
  CHECK(events_with(db, "up", "ok") == 3);

  SUBCASE("versions run in numeric order") {
    CHECK(db.scalar("SELECT string_agg(version::text, ',' ORDER BY started_at, version) FROM "
                    "pgshift.migrations") == "1,2,10");
  }
  SUBCASE("a second up does nothing") {
    auto again = run(p.root(), db.url(), {"up"});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("up to date") != std::string::npos);
    CHECK(events_with(db, "up", "ok") == 3);
  }
  SUBCASE("down reverts the newest, up re-applies it") {
    auto down = run(p.root(), db.url(), {"down"});
    REQUIRE_MESSAGE(down.exit_code == 0, down.all());
    table_must_not_exist(db, "orders");
    table_must_exist(db, "users");
    CHECK(history_rows(db) == 2);
    CHECK(events_with(db, "down", "ok") == 1);
    auto up2 = run(p.root(), db.url(), {"up"});
    CHECK(up2.exit_code == 0);
    table_must_exist(db, "orders");
  }
  SUBCASE("down --to keeps that version and older") {
    auto down = run(p.root(), db.url(), {"down", "--to", "0001"});
    REQUIRE_MESSAGE(down.exit_code == 0, down.all());
    table_must_exist(db, "users");
    CHECK(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                    "AND column_name = 'email'") == "0");
    CHECK(history_rows(db) == 1);
  }
  SUBCASE("down --all empties history and schema") {
    auto down = run(p.root(), db.url(), {"down", "--all"});
    REQUIRE_MESSAGE(down.exit_code == 0, down.all());
    table_must_not_exist(db, "users");
    CHECK(history_rows(db) == 0);
  }
  SUBCASE("status --json has one object per migration and a summary") {
    auto js = run(p.root(), db.url(), {"status", "--json"});
    REQUIRE(js.exit_code == 0);
    std::istringstream in(js.out);
    std::string line;
    int migrations = 0;
    bool summary = false;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);  // throws (fails) on a non-JSON line
      if (j["event"] == "migration") {
        ++migrations;
        CHECK(j["state"] == "applied");
      } else if (j["event"] == "summary") {
        summary = true;
        CHECK(j["applied"] == 3);
      }
    }
    CHECK(migrations == 3);
    CHECK(summary);
  }
}

TEST_CASE("up --to and --dry-run") {
  TempDb db;
  Project p;
  write_app(p);
  auto dry = run(p.root(), db.url(), {"up", "--dry-run"});
  REQUIRE(dry.exit_code == 0);
  CHECK(dry.out.find("would apply 1 create_users (one transaction;") != std::string::npos);
  CHECK(dry.out.find("CREATE INDEX users_name") != std::string::npos);
  CHECK(history_rows(db) == 0);
  table_must_not_exist(db, "users");

  auto to = run(p.root(), db.url(), {"up", "--to", "2"});
  REQUIRE(to.exit_code == 0);
  CHECK(history_rows(db) == 2);
  table_must_not_exist(db, "orders");

  auto bad = run(p.root(), db.url(), {"up", "--to", "7"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no migration has version 7") != std::string::npos);
}

TEST_CASE("down refuses a migration without down SQL, before running anything") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("1_a.down.sql", "DROP TABLE a;\n");
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
  REQUIRE(run(p.root(), db.url(), {"up"}).exit_code == 0);
  auto down = run(p.root(), db.url(), {"down", "--all"});
  CHECK(down.exit_code == 2);
  CHECK(down.err.find("has no down SQL") != std::string::npos);
  table_must_exist(db, "a");
  table_must_exist(db, "b");
  CHECK(history_rows(db) == 2);
}

TEST_CASE("golang-migrate files that wrap themselves in BEGIN/COMMIT") {
  TempDb db;
  Project p;
  p.write("1_init.up.sql", "BEGIN;\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCOMMIT;\n");
  p.write("1_init.down.sql", "BEGIN;\nDROP TABLE b;\nDROP TABLE a;\nCOMMIT;\n");
  p.write("2_broken.up.sql",
          "BEGIN;\nCREATE TABLE c (id int);\nINSERT INTO nope VALUES (1);\nCOMMIT;\n");
  auto up = run(p.root(), db.url(), {"up"});
  CHECK(up.exit_code == 1);
  table_must_exist(db, "a");
  // The wrapper is the migration's own transaction: the failed file left nothing behind.
  table_must_not_exist(db, "c");
  CHECK(history_rows(db) == 1);
  auto down = run(p.root(), db.url(), {"down"});
  CHECK(down.exit_code == 0);
  table_must_not_exist(db, "a");
}

TEST_CASE("baseline records an existing schema without running it") {
  TempDb db;
  Project p;
  db.exec("CREATE TABLE users (id bigint PRIMARY KEY)");  // built before pgshift
  p.write("1_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");
  p.write("2_more.up.sql", "CREATE TABLE more (id int);\n");
  auto b = run(p.root(), db.url(), {"baseline", "1"});
  REQUIRE_MESSAGE(b.exit_code == 0, b.all());
  CHECK(history_state(db, "1") == "applied");
  CHECK(db.scalar("SELECT baseline FROM pgshift.migrations WHERE version = '1'") == "t");
  CHECK(events_with(db, "baseline", "ok") >= 1);
  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());  // 1 is not run again (it would fail)
  table_must_exist(db, "more");
  auto again = run(p.root(), db.url(), {"baseline", "2"});
  CHECK(again.exit_code == 5);
}

TEST_CASE("a history schema named like the connecting role is refused before anything is created") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  const std::string role = db.scalar("SELECT current_user");
  const std::string before = schema_fingerprint(db);
  auto o = run(p.root(), db.url(), {"up", "--history-schema", role});
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("has the name of the connecting role") != std::string::npos);
  CHECK(schema_fingerprint(db) == before);
  table_must_not_exist(db, "a");
}

TEST_CASE("plan shows transactions and the lock of every statement, changing nothing") {
  TempDb db;
  Project p;
  p.write("1_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  p.write("2_email.up.sql",
          "ALTER TABLE users ADD COLUMN verified boolean;\n"
          "CREATE INDEX CONCURRENTLY users_email ON users (email);\n");
  p.write("2_email.down.sql", "DROP INDEX CONCURRENTLY IF EXISTS users_email;\n");
  REQUIRE(run(p.root(), db.url(), {"up", "--to", "1"}).exit_code == 0);

  auto o = run(p.root(), db.url(), {"plan", "--json"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  std::istringstream lines(o.out);
  std::string line;
  int plans = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] != "plan") {
      continue;
    }
    ++plans;
    CHECK(j["version"] == "2");  // only what up would run
    CHECK(j["transactional"] == false);
    REQUIRE(j["steps"].size() == 2);
    CHECK(j["steps"][0]["lock"] == "ACCESS EXCLUSIVE on users");
    CHECK(j["steps"][0]["blocks_reads"] == true);
    CHECK(j["steps"][0]["lock_timeout"] == "50ms..250ms");
    CHECK(j["steps"][1]["lock"] == "SHARE UPDATE EXCLUSIVE on users");
    CHECK(j["steps"][1]["blocks_writes"] == false);
    CHECK(j["steps"][1]["lock_timeout"] == "none");
  }
  CHECK(plans == 1);
  CHECK(history_rows(db) == 1);
  column_must_exist(db, "users", "email");

  SUBCASE("plan V reads one file and needs no database") {
    auto v = run(p.root(), "", {"plan", "2"});
    REQUIRE_MESSAGE(v.exit_code == 0, v.all());
    CHECK(v.out.find("would apply 2 email") != std::string::npos);
    CHECK(v.out.find("would revert 2 email") != std::string::npos);
    CHECK(v.out.find("ACCESS EXCLUSIVE on users: blocks reads and writes") != std::string::npos);
  }
}
