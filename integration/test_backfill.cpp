// Batched backfills against a real server: exactly-once under SIGKILL at random moments,
// concurrent writers, every kind of primary key, SIGTERM, pause/resume/cancel, bad input.
#include <signal.h>

#include <atomic>
#include <random>
#include <thread>

#include "support/harness.hpp"

using namespace it;

namespace {

// Small batches with a pause between them: a backfill of a few thousand rows takes long
// enough to be interrupted, paused or watched.
const char* k_slow_config =
    "[backfill]\nbatch_size = 100\nmin_batch_size = 50\nmax_batch_size = 200\nsleep = \"10ms\"\n";

void make_table(const TempDb& db, int rows) {
  db.exec(
      "CREATE TABLE t (id bigint PRIMARY KEY, a int NOT NULL, b int, v int NOT NULL "
      "DEFAULT 0, c int NOT NULL DEFAULT 0);"
      "INSERT INTO t (id, a) SELECT g, g % 97 FROM generate_series(1, " +
      std::to_string(rows) + ") g; ANALYZE t;");
}

// Rows changed so far by backfill `name` (0 before its row exists).
long long rows_done(const TempDb& db, const std::string& name) {
  if (db.scalar("SELECT to_regclass('pgshift.backfills') IS NULL") == "t") {
    return 0;
  }
  return std::stoll(
      db.scalar("SELECT coalesce((SELECT rows_done FROM pgshift.backfills WHERE "
                "name = '" +
                name + "'), 0)"));
}

void every_row_has_v(const TempDb& db, int v) {
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v <> " + std::to_string(v)) == "0");
}

}  // namespace

TEST_CASE("SIGKILL at random moments, 20 times: every row is changed exactly once") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", k_slow_config);
  make_table(db, 6000);
  const unsigned seed = test_seed("SIGKILL at random moments");
  CAPTURE(seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(0, 600);
  for (int trial = 1; trial <= 20; ++trial) {
    CAPTURE(trial);
    // Odd trials go through a migration's -- pgshift:batch, even ones through the CLI.
    std::vector<std::string> args;
    if (trial % 2 == 1) {
      p.write(std::to_string(trial) + "_fill.sql",
              "-- pgshift:up\n-- pgshift:batch\nUPDATE t SET v = v + 1;\n"
              "-- pgshift:down\nSELECT 1;\n");
      args = {"up"};
    } else {
      args = {"backfill", "run",       "--table", "t",
              "--set",    "v = v + 1", "--name",  "trial_" + std::to_string(trial)};
    }
    {
      Background bg(p.root(), db.url(), args);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      bg.signal(SIGKILL);
      auto killed = bg.wait();
      CHECK((killed.exit_code == 128 + SIGKILL || killed.exit_code == 0));
    }
    auto again = run(p.root(), db.url(), args);
    REQUIRE_MESSAGE(again.exit_code == 0, again.all());
    every_row_has_v(db, trial);
  }
  CHECK(db.scalar("SELECT count(*) FROM t") == "6000");
  CHECK(db.scalar("SELECT count(*) FROM pgshift.backfills WHERE state = 'done'") == "20");
}

TEST_CASE("concurrent inserts, updates and deletes are neither lost nor overwritten") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", k_slow_config);
  make_table(db, 5000);
  std::atomic<bool> stop{false};
  std::atomic<int> increments{0};
  std::thread writer([&] {
    auto s = db.connect("writer");
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> id(1, 4000);
    int next = 100000;
    while (!stop) {
      // c belongs to the application: the backfill sets b and must keep every increment.
      if (s->query("UPDATE t SET c = c + 1 WHERE id = $1::bigint", {std::to_string(id(rng))})
              .is_ok()) {
        ++increments;
      }
      must(s->exec("INSERT INTO t (id, a) VALUES (" + std::to_string(next++) + ", 5)"));
      must(s->exec("DELETE FROM t WHERE id = " + std::to_string(4000 + next % 1000)));
    }
  });
  auto o = run(p.root(), db.url(), {"backfill", "run", "--table", "t", "--set", "b = a * 2"});
  stop = true;
  writer.join();
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  CHECK(db.scalar("SELECT sum(c) FROM t") == std::to_string(increments.load()));
  CHECK(db.scalar("SELECT count(*) FROM t WHERE id <= 4000 AND b IS DISTINCT FROM a * 2") == "0");
  // Rows inserted while it ran, beyond the key range done so far, were visited too.
  CHECK(db.scalar("SELECT count(*) FROM t WHERE id >= 100000 AND b IS NULL") ==
        db.scalar("SELECT count(*) FROM t WHERE id >= 100000 AND b IS NULL AND id > (SELECT "
                  "(cursor[1])::bigint FROM pgshift.backfills)"));
}

TEST_CASE("sessions waiting on a batch's row locks make the backfill pause and shrink") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml",
          "[backfill]\nbatch_size = 100\nmin_batch_size = 20\nmax_batch_size = 100\n"
          "max_lock_wait = \"100ms\"\n");
  make_table(db, 1000);
  std::atomic<bool> stop{false};
  std::atomic<int> increments{0};
  std::thread writer([&] {
    auto s = db.connect("writer");
    int id = 0;
    while (!stop) {
      id = id % 1000 + 1;
      if (s->query("UPDATE t SET c = c + 1 WHERE id = $1::bigint", {std::to_string(id)}).is_ok()) {
        ++increments;
      }
    }
  });
  // Each batch sleeps half a second in its middle row while holding the locks of the rows
  // before it, so the writer, cycling through every row, soon waits on one of them.
  auto o = run(p.root(), db.url(),
               {"backfill", "run", "--json", "--table", "t", "--set",
                "v = v + 1 + (SELECT 0 FROM pg_sleep(CASE WHEN id % 100 = 50 THEN 0.5 ELSE 0 "
                "END))"});
  stop = true;
  writer.join();
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  bool lock_waiters = false;
  for (const auto& e : events_of(o.out, "backfill_throttled")) {
    lock_waiters = lock_waiters || e["reason"] == "lock_waiters";
  }
  CHECK_MESSAGE(lock_waiters, o.out);
  every_row_has_v(db, 1);
  CHECK(db.scalar("SELECT sum(c) FROM t") == std::to_string(increments.load()));
}

TEST_CASE("primary keys of any type; empty tables; ranges where nothing matches") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", "[backfill]\nbatch_size = 300\nmax_batch_size = 300\n");
  db.exec(
      "CREATE TABLE k_uuid (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), v int DEFAULT 0);"
      "INSERT INTO k_uuid (v) SELECT 0 FROM generate_series(1, 1000);"
      "CREATE TABLE k_text (id text COLLATE \"C\" PRIMARY KEY, v int DEFAULT 0);"
      "INSERT INTO k_text SELECT 'key ' || g || ' ''quoted''', 0 FROM generate_series(1, 1000) g;"
      "CREATE TABLE k_comp (tenant text, n int, v int DEFAULT 0, PRIMARY KEY (tenant, n));"
      "INSERT INTO k_comp SELECT 't' || (g % 7), g, 0 FROM generate_series(1, 1000) g;"
      "CREATE TABLE k_empty (id bigint PRIMARY KEY, v int DEFAULT 0);"
      "CREATE TABLE k_sparse (id bigint PRIMARY KEY, v int DEFAULT 0);"
      "INSERT INTO k_sparse SELECT g, 0 FROM generate_series(1, 3000) g;");
  for (std::string table : {"k_uuid", "k_text", "k_comp"}) {
    CAPTURE(table);
    auto o = run(p.root(), db.url(), {"backfill", "run", "--table", table, "--set", "v = v + 1"});
    REQUIRE_MESSAGE(o.exit_code == 0, o.all());
    CHECK(db.scalar("SELECT count(*) FILTER (WHERE v = 1) || '/' || count(*) FROM " + table) ==
          "1000/1000");
  }
  auto empty = run(p.root(), db.url(), {"backfill", "run", "--table", "k_empty", "--set", "v = 1"});
  CHECK_MESSAGE(empty.exit_code == 0, empty.all());
  // Only the last rows match: the first batches change nothing, yet the cursor moves on.
  auto sparse = run(p.root(), db.url(),
                    {"backfill", "run", "--json", "--table", "k_sparse", "--set", "v = 1",
                     "--where", "id > 2900 OR id = 7"});
  REQUIRE_MESSAGE(sparse.exit_code == 0, sparse.all());
  CHECK(db.scalar("SELECT count(*) FROM k_sparse WHERE v = 1") == "101");
  auto done = events_of(sparse.out, "backfill_done");
  REQUIRE(done.size() == 1);
  CHECK(done[0]["rows_done"] == 101);
  CHECK(done[0]["batches"] == 10);
}

TEST_CASE("SIGTERM lets the running batch commit, exits 130, and the same command resumes") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", k_slow_config);
  make_table(db, 5000);
  const std::vector<std::string> args = {"backfill", "run",       "--table", "t",
                                         "--set",    "v = v + 1", "--name",  "fill_v"};
  Background bg(p.root(), db.url(), args);
  REQUIRE(eventually([&] { return rows_done(db, "fill_v") > 300; }));
  bg.signal(SIGTERM);
  auto o = bg.wait();
  CHECK_MESSAGE(o.exit_code == 130, o.all());
  const std::string done = db.scalar("SELECT rows_done FROM pgshift.backfills");
  // What was saved is exactly what was changed: the last batch committed with its cursor.
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v = 1") == done);
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v = 0") != "0");
  auto status = run(p.root(), db.url(), {"status"});
  CHECK(status.out.find("interrupted") != std::string::npos);

  auto again = run(p.root(), db.url(), args);
  REQUIRE_MESSAGE(again.exit_code == 0, again.all());
  every_row_has_v(db, 1);
}

TEST_CASE("pause, resume and cancel from another process") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", k_slow_config);
  make_table(db, 5000);
  {
    Background bg(p.root(), db.url(),
                  {"backfill", "run", "--table", "t", "--set", "v = v + 1", "--name", "fill"});
    REQUIRE(eventually([&] { return rows_done(db, "fill") > 0; }));
    auto paused = run(p.root(), db.url(), {"backfill", "pause", "fill"});
    CHECK_MESSAGE(paused.exit_code == 0, paused.all());
    auto o = bg.wait();
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    CHECK(o.out.find("paused") != std::string::npos);
  }
  CHECK(db.scalar("SELECT state FROM pgshift.backfills") == "paused");
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v = 1") ==
        db.scalar("SELECT rows_done FROM pgshift.backfills"));
  auto listed = run(p.root(), db.url(), {"backfill", "status", "--json"});
  auto rows = events_of(listed.out, "backfill");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["state"] == "paused");

  auto resumed = run(p.root(), db.url(), {"backfill", "resume", "fill"});
  REQUIRE_MESSAGE(resumed.exit_code == 0, resumed.all());
  every_row_has_v(db, 1);

  {
    Background bg(p.root(), db.url(),
                  {"backfill", "run", "--table", "t", "--set", "v = v + 10", "--name", "undo"});
    REQUIRE(eventually([&] { return rows_done(db, "undo") > 0; }));
    CHECK(run(p.root(), db.url(), {"backfill", "cancel", "undo"}).exit_code == 0);
    CHECK(bg.wait().exit_code == 0);
  }
  CHECK(db.scalar("SELECT state FROM pgshift.backfills WHERE name = 'undo'") == "cancelled");
  auto refused = run(p.root(), db.url(),
                     {"backfill", "run", "--table", "t", "--set", "v = v + 10", "--name", "undo"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("was cancelled; --restart") != std::string::npos);
}

TEST_CASE("bad input is refused before any batch, with a clear error") {
  TempDb db;
  Project p;
  make_table(db, 100);
  db.exec("CREATE TABLE nokey (a int); INSERT INTO nokey VALUES (1);");
  const std::string before = db.scalar("SELECT sum(v) || '/' || count(*) FROM t");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--table", "missing", "--set", "v = 1"}, "table \"missing\" does not exist"},
      {{"--table", "nokey", "--set", "a = 1"}, "table \"nokey\" has no primary key"},
      {{"--table", "t", "--set", "nope = 1"}, "column \"nope\" of relation \"t\" does not exist"},
      {{"--table", "t", "--set", "v = v +"}, "--set \"v = v +\": syntax error at end of input"},
      {{"--table", "t", "--set", "v = 'x'"}, "invalid input syntax for type integer"},
      {{"--table", "t", "--set", "v = 1", "--where", "nothing > 1"},
       "column \"nothing\" does not exist"},
      {{"--table", "a.b.c", "--set", "v = 1"}, "--table \"a.b.c\": write table or schema.table"},
      {{"--table", "t"}, "--set is required (or --delete)"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"backfill", "run"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CAPTURE(c.message);
    auto o = run(p.root(), db.url(), args);
    CHECK(o.exit_code == 2);
    CHECK_MESSAGE(o.err.find(c.message) != std::string::npos, o.err);
  }
  CHECK(db.scalar("SELECT sum(v) || '/' || count(*) FROM t") == before);
  CHECK(db.scalar("SELECT count(*) FROM pgshift.backfills") == "0");

  // In a migration: the statement's shape is checked when the files are read, before anything.
  p.write("1_bad.sql",
          "-- pgshift:up\nCREATE TABLE x (id int);\n-- pgshift:batch\n"
          "INSERT INTO t (id, a) VALUES (0, 0);\n-- pgshift:down\nDROP TABLE x;\n");
  auto o = run(p.root(), db.url(), {"up"});
  CHECK(o.exit_code == 2);
  CHECK_MESSAGE(o.err.find("1_bad.sql:3:1: -- pgshift:batch applies to an UPDATE or DELETE of one "
                           "table, not to INSERT (line 4)") != std::string::npos,
                o.err);
  table_must_not_exist(db, "x");
  CHECK(history_rows(db) == 0);
  // ... and the table and its key when the statement is reached.
  p.write("1_bad.sql",
          "-- pgshift:up\nCREATE TABLE x (id int);\n-- pgshift:batch\n"
          "UPDATE nokey SET a = 2;\n-- pgshift:down\nDROP TABLE x;\n");
  o = run(p.root(), db.url(), {"up"});
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("table \"nokey\" has no primary key") != std::string::npos);
  CHECK(db.scalar("SELECT a FROM nokey") == "1");
}
