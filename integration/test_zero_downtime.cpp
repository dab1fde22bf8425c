// Zero-downtime execution (docs/design.md §6.3): the lock_timeout ladder behind a long reader,
// traffic that keeps flowing meanwhile, a bounded ladder, timeouts that never leak into later
// statements, the pre-flight report and wait, resuming an autocommit file after SIGKILL, and
// CONCURRENTLY refused inside a file's own BEGIN ... COMMIT.
#include <signal.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/harness.hpp"

using namespace it;

namespace {

// Runs `f` when the scope ends, also when a REQUIRE throws: ends blocker transactions so that
// a background statement waiting on them (and its thread) can finish.
class Finally {
 public:
  explicit Finally(std::function<void()> f) : m_f(std::move(f)) {}
  ~Finally() { m_f(); }
  Finally(const Finally&) = delete;
  Finally& operator=(const Finally&) = delete;

 private:
  std::function<void()> m_f;
};

std::size_t count_of(const std::string& text, const std::string& fragment) {
  std::size_t n = 0;
  for (auto at = text.find(fragment); at != std::string::npos;
       at = text.find(fragment, at + fragment.size())) {
    ++n;
  }
  return n;
}

// An application session in an open transaction that has read `table` and now sits idle in it,
// holding ACCESS SHARE on the table: the report or the forgotten console of production. The
// server ends it after a minute idle, far beyond any of these tests, so that a pgshift that
// waited for it without a lock_timeout would fail a test (by going on) rather than hang it.
std::unique_ptr<pgshift::db::Session> idle_reader(const TempDb& db, const std::string& table) {
  auto s = db.connect("report-job");
  must(s->exec("SET idle_in_transaction_session_timeout = '60s'"));
  must(s->exec("BEGIN; SELECT count(*) FROM " + table));
  return s;
}

void make_table_t(const TempDb& db) {
  db.exec(
      "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL DEFAULT 0);"
      "INSERT INTO t SELECT g, 0 FROM generate_series(1, 100) g");
}

}  // namespace

TEST_CASE("an ALTER behind an idle reader retries along the ladder while app traffic flows") {
  TempDb db;
  make_table_t(db);
  Project p;
  p.write("1_add_c.up.sql", "ALTER TABLE t ADD COLUMN c int;\n");
  auto blocker = idle_reader(db, "t");
  const int blocker_pid = blocker->backend_pid();

  Background up(p.root(), db.url(), {"up", "--json"});
  REQUIRE_MESSAGE(eventually([&] { return !events_of(up.output_so_far(), "lock_retry").empty(); }),
                  up.output_so_far());

  // The application: short statements that give up after 2s waiting for a lock, far above the
  // ladder's longest rung (250ms) and far below this test's duration. Had pgshift's ALTER sat
  // in the lock queue behind the reader, every one of them would queue behind the ALTER and
  // fail with 55P03 (the baseline test below shows it).
  auto app = db.connect("app");
  must(app->exec("SET lock_timeout = '2s'"));
  const std::size_t retries_at_start = events_of(up.output_so_far(), "lock_retry").size();
  int iterations = 0;
  for (;;) {
    const std::size_t retries_now = events_of(up.output_so_far(), "lock_retry").size();
    if (iterations >= 20 && retries_now >= retries_at_start + 3) {
      break;
    }
    REQUIRE_MESSAGE(iterations < 3000, "pgshift stopped retrying: " << up.output_so_far());
    const std::string id = std::to_string(iterations % 100 + 1);
    auto r = app->query("SELECT v FROM t WHERE id = $1::int", {id});
    REQUIRE_MESSAGE(r.is_ok(), "SELECT of iteration " << iterations << ": " << r.status().message()
                                                      << " [" << r.status().sqlstate() << "]");
    auto u = app->exec("UPDATE t SET v = v + 1 WHERE id = " + id);
    REQUIRE_MESSAGE(u.is_ok(), "UPDATE of iteration " << iterations << ": " << u.message() << " ["
                                                      << u.sqlstate() << "]");
    ++iterations;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(db.scalar("SELECT sum(v) FROM t") == std::to_string(iterations));
  column_must_not_exist(db, "t", "c");  // still behind the reader

  // Every failed attempt is one event; those that saw their blocker name the reader.
  const auto retries = events_of(up.output_so_far(), "lock_retry");
  int naming_the_reader = 0;
  for (const auto& e : retries) {
    CAPTURE(e.dump());
    CHECK(e.value("level", "") == "warning");
    CHECK(e.value("step", "") == "1_add_c.up.1");
    CHECK(e.value("sqlstate", "") == "55P03");
    CHECK(e.value("message", "").find("waiting for ACCESS EXCLUSIVE on t;") != std::string::npos);
    if (e.contains("blocker_pid")) {
      CHECK(e["blocker_pid"].get<int>() == blocker_pid);
      CHECK(e.value("message", "").find("blocked by pid " + std::to_string(blocker_pid)) !=
            std::string::npos);
      ++naming_the_reader;
    }
  }
  CHECK(naming_the_reader > 0);
  CHECK(retries.front()["attempt"].get<int>() == 1);
  CHECK(retries.front()["attempts"].get<int>() == 41);  // default: 40 retries after the first
  CHECK(retries.front()["lock_timeout_ms"].get<int>() == 50);
  CHECK(retries.at(1)["lock_timeout_ms"].get<int>() == 75);

  must(blocker->exec("COMMIT"));
  auto o = up.wait();
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  column_must_exist(db, "t", "c");
  CHECK(history_state(db, "1") == "applied");
  const auto applied = events_of(o.out, "migration_applied");
  REQUIRE(applied.size() == 1);
  CHECK(applied[0]["attempts"].get<std::size_t>() == events_of(o.out, "lock_retry").size() + 1);
}

TEST_CASE("baseline: an ALTER without lock_timeout behind an idle reader stalls app statements") {
  // What the previous test guards against, shown with the same application statement: a plain
  // ALTER waits in the lock queue for the reader's whole transaction, and everything on the
  // table queues behind it.
  TempDb db;
  make_table_t(db);
  auto blocker = idle_reader(db, "t");
  auto ddl = db.connect("plain-ddl");
  const std::string ddl_pid = std::to_string(ddl->backend_pid());
  pgshift::Status ddl_status;
  std::thread alter([&] { ddl_status = ddl->exec("ALTER TABLE t ADD COLUMN c int"); });
  Finally release([&] {
    (void)blocker->exec("COMMIT");
    alter.join();
  });
  REQUIRE(eventually([&] {
    return db.scalar("SELECT count(*) FROM pg_locks WHERE NOT granted AND pid = " + ddl_pid) == "1";
  }));
  auto app = db.connect("app");
  must(app->exec("SET lock_timeout = '2s'"));
  auto r = app->query("SELECT v FROM t WHERE id = 1");
  CHECK_FALSE(r.is_ok());
  CHECK(r.status().sqlstate() == "55P03");
}

TEST_CASE("an exhausted ladder fails naming the blocker, applies nothing, and ends no session") {
  TempDb db;
  make_table_t(db);
  Project p;
  auto blocker = idle_reader(db, "t");
  const std::string blocker_pid = std::to_string(blocker->backend_pid());
  const std::string body = "CREATE TABLE side (id int);\nALTER TABLE t ADD COLUMN c int;\n";
  std::string attempts;
  std::string first_rung;

  SUBCASE("[ddl] retries in pgshift.toml") {
    p.write("./pgshift.toml", "[ddl]\nretries = 3\n");
    p.write("1_add_c.up.sql", body);
    attempts = "4";
    first_rung = "50ms";
  }
  SUBCASE("the file's directives win over pgshift.toml") {
    p.write("./pgshift.toml", "[ddl]\nretries = 3\n");
    p.write("1_add_c.up.sql", "-- pgshift:retries 1\n-- pgshift:lock-timeout 300ms\n" + body);
    attempts = "2";
    first_rung = "300ms";
  }

  auto o = run(p.root(), db.url(), {"up"});
  CAPTURE(o.all());
  CHECK(o.exit_code == 1);
  CHECK(o.err.find("pgshift: error: migration 1 \"add_c\" failed at statement 2") !=
        std::string::npos);
  CHECK(o.err.find("gave up after " + attempts + " attempts waiting for ACCESS EXCLUSIVE on t") !=
        std::string::npos);
  CHECK(o.err.find("blocked by pid " + blocker_pid + " (application \"report-job\"") !=
        std::string::npos);
  CHECK(o.err.find("SQLSTATE 55P03") != std::string::npos);
  // One warning per failed attempt but the last, each with its rung's lock_timeout.
  const int retried = std::stoi(attempts) - 1;
  CHECK(count_of(o.err, " timed out after ") == static_cast<std::size_t>(retried));
  CHECK(o.err.find("1_add_c.up.2: attempt 1 of " + attempts + " timed out after " + first_rung +
                   " waiting for ACCESS EXCLUSIVE on t;") != std::string::npos);
  CHECK(o.err.find("attempt " + attempts + " of " + attempts) == std::string::npos);

  // The whole transaction was retried and rolled back: nothing of it remains.
  column_must_not_exist(db, "t", "c");
  table_must_not_exist(db, "side");
  CHECK(history_rows(db) == 0);
  CHECK(events_with(db, "up", "failed") == 1);
  CHECK(events_with(db, "up", "ok") == 0);
  // The blocker is the application's: pgshift never terminates it.
  CHECK(db.scalar("SELECT state FROM pg_stat_activity WHERE pid = " + blocker_pid) ==
        "idle in transaction");
}

TEST_CASE("lock_timeout and statement_timeout are per statement and never leak into later ones") {
  TempDb db;
  make_table_t(db);
  const std::string server_st = db.scalar("SHOW statement_timeout");
  const std::string server_lt = db.scalar("SHOW lock_timeout");
  // The values the files set must differ from the server's, or a leak would go unnoticed.
  REQUIRE(server_st != "1s");
  REQUIRE(server_lt != "50ms");
  REQUIRE(server_lt != "3s");
  const std::string record =
      "INSERT INTO seen SELECT '{}', current_setting('lock_timeout'), "
      "current_setting('statement_timeout');\n";
  auto record_as = [&](const std::string& tag) {
    std::string s = record;
    s.replace(s.find("{}"), 2, tag);
    return s;
  };
  Project p;
  // Autocommit (the CONCURRENTLY statement), with a statement_timeout directive: every
  // statement gets the ladder's lock_timeout and the directive's statement_timeout.
  p.write("1_autocommit.up.sql",
          "-- pgshift:statement-timeout 1s\n"
          "CREATE TABLE seen (file text, lt text, st text);\n"
          "CREATE INDEX CONCURRENTLY t_v ON t (v);\n" +
              record_as("1"));
  // Transactional, no directive: SET LOCAL lock_timeout only; 1's statement_timeout is gone.
  p.write("2_transaction.up.sql", record_as("2") + "SELECT pg_sleep(1.5);\n");
  // Autocommit with a lock-timeout directive: every rung is 3s.
  p.write("3_autocommit.up.sql",
          "-- pgshift:lock-timeout 3s\n"
          "CREATE INDEX CONCURRENTLY t_id_v ON t (id, v);\n" +
              record_as("3"));
  // Autocommit, no directive: 3's lock_timeout is gone, the ladder's first rung is back.
  p.write("4_autocommit.up.sql", "CREATE INDEX CONCURRENTLY t_v_id ON t (v, id);\n" +
                                     record_as("4") + "SELECT pg_sleep(1.5);\n");
  // Transactional again after autocommit files.
  p.write("5_transaction.up.sql", record_as("5"));

  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(db.scalar("SELECT string_agg(file || ' ' || lt || ' ' || st, ', ' ORDER BY file) FROM "
                  "seen") == "1 50ms 1s, 2 50ms " + server_st + ", 3 3s " + server_st +
                                 ", 4 50ms " + server_st + ", 5 50ms " + server_st);
  CHECK(history_rows(db) == 5);
}

TEST_CASE("pre-flight: a long lock holder on the table is reported before the first attempt") {
  TempDb db;
  make_table_t(db);
  Project p;
  p.write("1_add_c.up.sql", "ALTER TABLE t ADD COLUMN c int;\n");

  SUBCASE("an idle-in-transaction reader is named, then the ladder retries around it") {
    p.write("./pgshift.toml", "[ddl]\npreflight_threshold = \"100ms\"\n");
    auto blocker = idle_reader(db, "t");
    const int blocker_pid = blocker->backend_pid();
    Background up(p.root(), db.url(), {"up", "--json"});
    REQUIRE_MESSAGE(
        eventually([&] { return !events_of(up.output_so_far(), "lock_retry").empty(); }),
        up.output_so_far());
    const std::string out = up.output_so_far();
    const auto warnings = events_of(out, "preflight");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].value("level", "") == "warning");
    CHECK(warnings[0]["holder_pid"].get<int>() == blocker_pid);
    CHECK(warnings[0].value("holder_state", "") == "idle in transaction");
    CHECK(warnings[0].value("relations", "") == "t");
    CHECK(warnings[0].value("message", "").find("pid " + std::to_string(blocker_pid)) !=
          std::string::npos);
    CHECK(out.find("\"event\":\"preflight\"") < out.find("\"event\":\"lock_retry\""));
    must(blocker->exec("COMMIT"));
    auto o = up.wait();
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    column_must_exist(db, "t", "c");
  }

  SUBCASE("a running transaction older than preflight_threshold is named") {
    p.write("./pgshift.toml", "[ddl]\npreflight_threshold = \"100ms\"\n");
    auto busy = db.connect("batch-job");
    auto admin = db.connect("admin");
    const std::string busy_pid = std::to_string(busy->backend_pid());
    std::thread job(
        [&] { (void)busy->exec("BEGIN; SELECT count(*) FROM t; SELECT pg_sleep(60)"); });
    auto end_job = [&] {
      if (job.joinable()) {
        (void)admin->exec("SELECT pg_cancel_backend(" + busy_pid + ")");
        job.join();
        (void)busy->exec("ROLLBACK");
      }
    };
    Finally ensure_ended(end_job);
    // Older than the threshold by the server's clock, and still running.
    REQUIRE(eventually([&] {
      return db.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = " + busy_pid +
                       " AND state = 'active' AND xact_start < now() - interval '200ms'") == "1";
    }));
    Background up(p.root(), db.url(), {"up", "--json"});
    REQUIRE_MESSAGE(
        eventually([&] { return !events_of(up.output_so_far(), "lock_retry").empty(); }),
        up.output_so_far());
    const auto warnings = events_of(up.output_so_far(), "preflight");
    REQUIRE(warnings.size() == 1);
    CHECK(std::to_string(warnings[0]["holder_pid"].get<int>()) == busy_pid);
    CHECK(warnings[0].value("holder_state", "") == "active");
    end_job();
    auto o = up.wait();
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    column_must_exist(db, "t", "c");
  }

  SUBCASE("with preflight_wait, pgshift waits for the holder instead of queueing behind it") {
    p.write("./pgshift.toml", "[ddl]\npreflight_threshold = \"100ms\"\npreflight_wait = \"30s\"\n");
    auto blocker = idle_reader(db, "t");
    const int blocker_pid = blocker->backend_pid();
    Background up(p.root(), db.url(), {"up", "--json"});
    REQUIRE_MESSAGE(eventually([&] { return !events_of(up.output_so_far(), "preflight").empty(); }),
                    up.output_so_far());
    const auto warnings = events_of(up.output_so_far(), "preflight");
    CHECK(warnings[0]["holder_pid"].get<int>() == blocker_pid);
    CHECK(warnings[0].value("message", "").find("waiting up to 30s") != std::string::npos);
    // Waiting: no attempt was made, nothing waits in the lock queue of t, t is unchanged.
    CHECK(events_of(up.output_so_far(), "lock_retry").empty());
    CHECK(db.scalar("SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid "
                    "FROM pg_database WHERE datname = current_database()) AND relation = "
                    "'t'::regclass") == "0");
    column_must_not_exist(db, "t", "c");

    must(blocker->exec("COMMIT"));
    auto o = up.wait();
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    column_must_exist(db, "t", "c");
    // It started only once the holder was gone, so its first attempt got the lock.
    CHECK(events_of(o.out, "lock_retry").empty());
    bool finished_reported = false;
    for (const auto& e : events_of(o.out, "preflight")) {
      finished_reported =
          finished_reported || e.value("message", "").find("have finished") != std::string::npos;
    }
    CHECK(finished_reported);
  }

  SUBCASE("the pre-flight wait is bounded: then the ladder runs (and here gives up)") {
    p.write("./pgshift.toml",
            "[ddl]\npreflight_threshold = \"100ms\"\npreflight_wait = "
            "\"1s\"\nretries = 1\n");
    auto blocker = idle_reader(db, "t");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK(o.exit_code == 1);
    CHECK_MESSAGE(o.err.find("waiting up to 1s") != std::string::npos, o.all());
    CHECK_MESSAGE(o.err.find("gave up after 2 attempts") != std::string::npos, o.all());
    column_must_not_exist(db, "t", "c");
  }
}

TEST_CASE("SIGKILL in an autocommit file: the re-run resumes after the last statement done") {
  TempDb db;
  make_table_t(db);
  Project p;
  // No directive: the CONCURRENTLY statement alone makes the file run statement by statement.
  const std::string head =
      "CREATE TABLE counter (n int);\n"
      "INSERT INTO counter VALUES (1);\n"
      "CREATE INDEX CONCURRENTLY t_v ON t (v);\n";
  p.write("1_steps.up.sql", head + "SELECT pg_sleep(60);\nCREATE TABLE after_sleep (id int);\n");
  Background up(p.root(), db.url(), {"up"});
  wait_until_running(db, "pg_sleep(60)");
  up.signal(SIGKILL);
  auto killed = up.wait();
  CHECK(killed.exit_code == 128 + SIGKILL);
  CHECK(history_state(db, "1") == "partial");
  CHECK(db.scalar("SELECT statements_done FROM pgshift.migrations WHERE version = '1'") == "3");
  table_must_not_exist(db, "after_sleep");
  // (The killed session's backend may still be sleeping: nothing below depends on it.)

  SUBCASE("editing a statement that already ran refuses the run with exit 5") {
    p.write("1_steps.up.sql",
            "CREATE TABLE counter (n int);\nINSERT INTO counter VALUES (2);\n"
            "CREATE INDEX CONCURRENTLY t_v ON t (v);\nSELECT pg_sleep(0);\n"
            "CREATE TABLE after_sleep (id int);\n");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK(o.exit_code == 5);
    CHECK_MESSAGE(o.err.find("statement 2 that already ran has been edited") != std::string::npos,
                  o.all());
    table_must_not_exist(db, "after_sleep");
    CHECK(db.scalar("SELECT string_agg(n::text, ',') FROM counter") == "1");
    CHECK(history_state(db, "1") == "partial");
  }
  SUBCASE("the interrupted statement may be edited; done ones are not re-run") {
    p.write("1_steps.up.sql", head + "SELECT pg_sleep(0);\nCREATE TABLE after_sleep (id int);\n");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    CHECK(o.out.find("resuming 1 steps at statement 4 of 5") != std::string::npos);
    CHECK(db.scalar("SELECT string_agg(n::text, ',') FROM counter") == "1");
    table_must_exist(db, "after_sleep");
    CHECK(db.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass") == "t");
    CHECK(history_state(db, "1") == "applied");
    CHECK(db.scalar("SELECT statements_done FROM pgshift.migrations WHERE version = '1'") == "5");
  }
}

TEST_CASE("CREATE INDEX CONCURRENTLY inside the file's own BEGIN ... COMMIT is refused") {
  TempDb db;
  Project p;
  p.write("1_ok.up.sql", "CREATE TABLE ok (id int);\n");
  p.write("2_wrapped.up.sql",
          "BEGIN;\nCREATE TABLE wrapped (id int);\nCREATE INDEX CONCURRENTLY wrapped_id ON "
          "wrapped (id);\nCOMMIT;\n");
  const std::string before = schema_fingerprint(db);
  auto o = run(p.root(), db.url(), {"up"});
  CAPTURE(o.all());
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("2_wrapped.up.sql:3:1") != std::string::npos);
  CHECK(o.err.find("cannot run inside a transaction block") != std::string::npos);
  CHECK(o.err.find("BEGIN ... COMMIT") != std::string::npos);
  // Refused before anything ran: not even the earlier, valid migration or the history schema.
  table_must_not_exist(db, "ok");
  table_must_not_exist(db, "wrapped");
  CHECK(history_rows(db) == 0);
  CHECK(schema_fingerprint(db) == before);
}
