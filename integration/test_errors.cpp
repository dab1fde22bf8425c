// Clear, right errors (docs/reliability.md, "Secrets and error messages"): a message quoting a
// file stays one short line, numbers and durations mean what they say or are refused (exit 2),
// a name too long for a file name is input (exit 2), and a lost connection says why the server
// ended it, also when it was the runner lock's connection during the last migration (exit 1).
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>

#include "lock/key.hpp"
#include "support/harness.hpp"

using namespace it;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    out.push_back(line);
  }
  return out;
}

// stderr is one line "pgshift: error: <message>"; returns the message.
std::string one_error(const Outcome& o) {
  INFO("stderr: " << o.err.substr(0, 2000));
  REQUIRE(lines_of(o.err).size() == 1);
  REQUIRE(o.err.rfind("pgshift: error: ", 0) == 0);
  return lines_of(o.err)[0].substr(16);
}

// Terminates the backends of this test's database that `where` selects from pg_stat_activity
// `a` (joined with pg_locks `l` for lock holders); returns how many.
int terminate(const TempDb& db, const std::string& from_where) {
  return std::stoi(db.scalar(
      "SELECT count(pg_terminate_backend(pid)) FROM (SELECT DISTINCT a.pid " + from_where + ") x"));
}

// The FROM ... WHERE of the runner lock's holder (backfills take advisory locks of their own).
std::string runner_lock_holder(const TempDb& db) {
  const auto halves = pgshift::lock::key_halves(pgshift::lock::lock_key(db.name(), "pgshift"));
  return "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
         "AND l.granted AND a.datname = current_database() AND l.objsubid = 1 AND l.classid = " +
         std::to_string(halves.classid) + " AND l.objid = " + std::to_string(halves.objid);
}

}  // namespace

TEST_CASE("an unterminated quote is reported on one short line, not with the rest of the file") {
  TempDb db;
  Project p;
  std::string text = "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), ('2);\n";
  for (int i = 0; i < 20000; ++i) {
    text += "INSERT INTO a VALUES (" + std::to_string(i) + "); -- \"quoted\"\n";
  }
  p.write("1_a.up.sql", text);

  auto o = run(p.root(), db.url(), {"up"});
  CHECK(o.exit_code == 2);
  const std::string message = one_error(o);
  CHECK(message.rfind("migrations/1_a.up.sql:2:", 0) == 0);
  CHECK(contains(message, "unterminated quoted string at or near \"'2); INSERT INTO a"));
  CHECK(message.size() < 200);

  auto j = run(p.root(), db.url(), {"up", "--json"});
  CHECK(j.exit_code == 2);
  CHECK(j.out.size() < 1000);
  REQUIRE_FALSE(lines_of(j.out).empty());
  auto last = nlohmann::json::parse(lines_of(j.out).back());
  CHECK(last["message"].get<std::string>() == message);
  CHECK(history_rows(db) == 0);
}

TEST_CASE("--steps is a decimal number: 010 and 0x3 are refused, nothing is reverted") {
  TempDb db;
  Project p;
  for (int v = 1; v <= 10; ++v) {
    p.write(std::to_string(v) + "_t.up.sql", "CREATE TABLE t" + std::to_string(v) + " (id int);\n");
    p.write(std::to_string(v) + "_t.down.sql", "DROP TABLE t" + std::to_string(v) + ";\n");
  }
  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  for (const char* steps : {"010", "0x3", "-1", "3.0", "1e1"}) {
    CAPTURE(steps);
    auto o = run(p.root(), db.url(), {"down", "--steps", steps});
    CHECK(o.exit_code == 2);
    const std::string message = one_error(o);
    CHECK(message.rfind("--steps: ", 0) == 0);
    CHECK(history_rows(db) == 10);
  }
  auto three = run(p.root(), db.url(), {"down", "--steps", "3"});
  CHECK_MESSAGE(three.exit_code == 0, three.all());
  CHECK(history_rows(db) == 7);
}

TEST_CASE("a --lock-wait too large to keep is refused, not turned into 50ms") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  for (const char* wait : {"2562048h", "597h", "9223372036854775807ms"}) {
    CAPTURE(wait);
    auto o = run(p.root(), db.url(), {"up", "--lock-wait", wait});
    CHECK(o.exit_code == 2);
    CHECK(one_error(o) == std::string("--lock-wait: invalid duration \"") + wait +
                              "\": too large, the longest is 2147483647ms (about 596h)");
  }
  table_must_not_exist(db, "a");
}

TEST_CASE("new with a name too long for a file name is bad input (exit 2), not an internal error") {
  Project p;
  const std::string name(300, 'a');
  for (const char* form : {"", "--single", "--ops"}) {
    CAPTURE(form);
    std::vector<std::string> args = {"new", name};
    if (*form != '\0') {
      args.emplace_back(form);
    }
    auto o = run(p.root(), "", args);
    CHECK(o.exit_code == 2);
    const std::string message = one_error(o);
    CHECK(message.rfind("name: too long (300 characters)", 0) == 0);
    CHECK(message.size() < 300);
    CHECK(std::filesystem::is_empty(p.dir()));
  }
  auto fits = run(p.root(), "", {"new", std::string(200, 'b')});
  CHECK_MESSAGE(fits.exit_code == 0, fits.all());
}

TEST_CASE("a work session terminated by an administrator says so") {
  TempDb db;
  Project p;
  p.write("1_slow.up.sql", "SELECT pg_sleep(60);\n");
  Background up(p.root(), db.url(), {"up"});
  wait_until_running(db, "SELECT pg_sleep(60)");
  CHECK(terminate(db,
                  "FROM pg_stat_activity a WHERE a.datname = current_database() AND "
                  "a.application_name = 'pgshift' AND position('pg_sleep(60)' in a.query) > 0") ==
        1);
  auto o = up.wait();
  INFO("output: " << o.all());
  CHECK(o.exit_code == 1);
  CHECK(contains(o.err, "connection lost: terminating connection due to administrator command"));
  CHECK_FALSE(contains(o.all(), "client encoding"));
  CHECK(history_state(db, "1") == "");
}

TEST_CASE("the runner lock lost during the last migration's backfill is reported, exit 1") {
  TempDb db;
  Project p;
  db.exec("CREATE TABLE t (id int PRIMARY KEY, v int)");
  db.exec("INSERT INTO t SELECT g, 0 FROM generate_series(1, 100) g");
  p.write("./pgshift.toml", "[ddl]\nretry_sleep_max = \"100ms\"\nretries = 1000\n");
  p.write("1_fill.sql",
          "-- pgshift:up\n-- pgshift:batch\nUPDATE t SET v = 1;\n-- pgshift:down\nSELECT 1;\n");
  // A row lock holds the backfill mid-way, so the lock connection is lost while it runs.
  auto row_holder = db.connect("row-holder");
  must(row_holder->exec("BEGIN"));
  must(row_holder->exec("SELECT * FROM t WHERE id = 100 FOR UPDATE"));

  Background up(p.root(), db.url(), {"up", "--json"});
  REQUIRE(eventually([&] {
    return db.scalar(
               "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
               "AND application_name = 'pgshift' AND wait_event_type = 'Lock'") != "0";
  }));
  CHECK(terminate(db, runner_lock_holder(db)) == 1);
  REQUIRE(
      eventually([&] { return db.scalar("SELECT count(*) " + runner_lock_holder(db)) == "0"; }));
  must(row_holder->exec("ROLLBACK"));

  auto o = up.wait();
  INFO("output: " << o.all());
  CHECK(o.exit_code == 1);
  CHECK(contains(o.err,
                 "after migration 1 \"fill\": the runner lock was lost with its connection "
                 "(terminating connection due to administrator command)"));
  // The migration itself finished: it ran on its own session.
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v = 1") == "100");
  CHECK(history_state(db, "1") == "applied");
}
