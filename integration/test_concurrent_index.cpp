// CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY done right (docs/design.md §6.3): a failed or
// killed build leaves no invalid index behind once pgshift has run again, IF NOT EXISTS means
// "exists and is valid", invalid _ccnew/_ccold copies are dropped, CONCURRENTLY steps wait for
// older transactions without a lock_timeout and report their progress.
#include <signal.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support/harness.hpp"

using namespace it;

namespace {

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

// t(id, x) with 1000 rows; x has 50 distinct values when `duplicates`, else x = id.
void make_table_t(const TempDb& db, bool duplicates) {
  db.exec(
      "CREATE TABLE t (id int PRIMARY KEY, x int NOT NULL);"
      "INSERT INTO t SELECT g, " +
      std::string(duplicates ? "g % 50" : "g") + " FROM generate_series(1, 1000) g");
}

void no_invalid_index_on(const TempDb& db, const std::string& table) {
  CHECK_MESSAGE(db.scalar("SELECT coalesce(string_agg(indexrelid::regclass::text, ', '), '') "
                          "FROM pg_index WHERE indrelid = '" +
                          table + "'::regclass AND NOT indisvalid") == "",
                "table \"" << table << "\" must have no invalid index");
}

// The names of the indexes on `table`, sorted: "t_pkey, t_x".
std::string indexes_on(const TempDb& db, const std::string& table) {
  return db.scalar(
      "SELECT string_agg(indexrelid::regclass::text, ', ' ORDER BY indexrelid::regclass::text) "
      "FROM pg_index WHERE indrelid = '" +
      table + "'::regclass");
}

// An application transaction that has written to t and stays open: a CONCURRENTLY build or
// rebuild started after it waits for it to end ("waiting for writers before build"). The server
// ends it after a minute idle, so that a test waiting for the wrong thing fails, not hangs.
std::unique_ptr<pgshift::db::Session> open_writer(const TempDb& db) {
  auto s = db.connect("app-writer");
  must(s->exec("SET idle_in_transaction_session_timeout = '60s'"));
  must(s->exec("BEGIN; UPDATE t SET x = x WHERE id = 1"));
  return s;
}

// The pid of the pgshift session running a statement that starts with `prefix` in this test's
// database ("" if none): other test binaries may run the same statement in theirs.
std::string pgshift_backend_running(const TempDb& db, const std::string& prefix) {
  return db.scalar(
      "SELECT coalesce(min(pid)::text, '') FROM pg_stat_activity WHERE datname = "
      "current_database() AND application_name = 'pgshift' AND state = 'active' AND left(query, " +
      std::to_string(prefix.size()) + ") = '" + prefix + "'");
}

}  // namespace

TEST_CASE("a unique CIC that fails on duplicates exits 1 and leaves no invalid index") {
  TempDb db;
  make_table_t(db, true);
  Project p;
  p.write("1_unique_x.up.sql", "CREATE UNIQUE INDEX CONCURRENTLY u ON t (x);\n");
  auto o = run(p.root(), db.url(), {"up"});
  CAPTURE(o.all());
  CHECK(o.exit_code == 1);
  CHECK(contains(o.err, "1_unique_x.up.sql:1:1"));
  CHECK(contains(o.err, "SQLSTATE 23505"));
  CHECK(contains(o.err, "dropping the invalid index \"u\" the failed build left"));
  // PostgreSQL itself leaves the invalid index u here; pgshift must have dropped it.
  index_must_not_exist(db, "u");
  no_invalid_index_on(db, "t");
  CHECK(history_state(db, "1") == "partial");
  CHECK(db.scalar("SELECT statements_done FROM pgshift.migrations WHERE version = '1'") == "0");
  CHECK(events_with(db, "up", "failed") == 1);

  // Fix the data and run again: nothing to clean up by hand.
  db.exec("UPDATE t SET x = id");
  auto again = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  index_must_be_valid(db, "u");
  CHECK(db.scalar("SELECT indisunique FROM pg_index WHERE indexrelid = 'u'::regclass") == "t");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("an invalid leftover of the same name is dropped concurrently and rebuilt valid") {
  TempDb db;
  make_table_t(db, true);
  // The leftover, as an earlier failed attempt leaves it: a unique build that hit duplicates.
  auto console = db.connect("psql");
  auto failed = console->exec("CREATE UNIQUE INDEX CONCURRENTLY u ON t (x)");
  REQUIRE_FALSE(failed.is_ok());
  REQUIRE(failed.sqlstate() == "23505");
  REQUIRE(db.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'u'::regclass") == "f");
  const std::string leftover = db.scalar("SELECT 'u'::regclass::oid");
  db.exec("UPDATE t SET x = id");  // now the build can succeed

  Project p;
  SUBCASE("IF NOT EXISTS does not take the invalid leftover for the index") {
    p.write("1_unique_x.up.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS u ON t (x);\n");
  }
  SUBCASE("without IF NOT EXISTS the name is freed first") {
    p.write("1_unique_x.up.sql", "CREATE UNIQUE INDEX CONCURRENTLY u ON t (x);\n");
  }
  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(contains(o.err,
                 "index \"u\" exists but is invalid (left by an earlier attempt): dropping it "
                 "concurrently and building it again"));
  index_must_be_valid(db, "u");
  CHECK(db.scalar("SELECT 'u'::regclass::oid") != leftover);
  CHECK(db.scalar("SELECT indisunique FROM pg_index WHERE indexrelid = 'u'::regclass") == "t");
  no_invalid_index_on(db, "t");
  CHECK(indexes_on(db, "t") == "t_pkey, u");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("IF NOT EXISTS and a valid index of that name: nothing to do") {
  TempDb db;
  make_table_t(db, false);
  db.exec("CREATE UNIQUE INDEX u ON t (x)");
  const std::string before = db.scalar("SELECT 'u'::regclass::oid");
  Project p;
  p.write("1_unique_x.up.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS u ON t (x);\n");
  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(contains(o.out, "index \"u\" already exists and is valid: nothing to do"));
  CHECK(db.scalar("SELECT 'u'::regclass::oid") == before);  // not rebuilt
  index_must_be_valid(db, "u");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("a CIC waiting for an older writer has no lock_timeout and reports its progress") {
  TempDb db;
  make_table_t(db, false);
  Project p;
  // The first statement runs with the ladder's lock_timeout (50ms), SET before it and RESET
  // after: had it leaked, the build would give up 50ms into its wait for the writer.
  p.write("1_index_x.up.sql",
          "CREATE TABLE marker (id int);\nCREATE INDEX CONCURRENTLY t_x ON t (x);\n");
  auto writer = open_writer(db);
  Background up(p.root(), db.url(), {"up", "--json"});
  // Progress is sampled every 2s of the build: the first event comes while it still waits.
  REQUIRE_MESSAGE(
      eventually([&] { return !events_of(up.output_so_far(), "index_progress").empty(); }),
      up.output_so_far());
  const auto progress = events_of(up.output_so_far(), "index_progress");
  CHECK(progress[0].value("step", "") == "1_index_x.up.2");
  CHECK(progress[0].value("level", "") == "info");
  CHECK(progress[0].value("phase", "").rfind("waiting for", 0) == 0);
  // Still the first attempt, waiting longer than the ladder's longest rung (by the server's
  // clock), without a lock_timeout that would end it.
  CHECK(db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND application_name = 'pgshift' AND state = 'active' AND wait_event_type = "
                  "'Lock' AND left(query, 25) = "
                  "'CREATE INDEX CONCURRENTLY' AND query_start < now() - interval '1s'") == "1");
  CHECK(events_of(up.output_so_far(), "lock_retry").empty());

  must(writer->exec("COMMIT"));
  auto o = up.wait();
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  index_must_be_valid(db, "t_x");
  CHECK(events_of(o.out, "lock_retry").empty());
}

TEST_CASE(
    "SIGKILL during a CIC: the re-run drops the invalid leftover and builds one valid index") {
  TempDb db;
  make_table_t(db, false);
  Project p;
  p.write("1_index_x.up.sql",
          "CREATE TABLE marker (id int);\nCREATE UNIQUE INDEX CONCURRENTLY t_x ON t (x);\n"
          "CREATE TABLE after_index (id int);\n");
  // A writer whose transaction started before the build keeps it waiting, catalog entry made.
  auto writer = open_writer(db);
  Background up(p.root(), db.url(), {"up"});
  std::string work_pid;
  REQUIRE(eventually([&] {
    work_pid = pgshift_backend_running(db, "CREATE UNIQUE INDEX CONCURRENTLY");
    return !work_pid.empty() &&
           db.scalar("SELECT count(*) FROM pg_stat_progress_create_index WHERE pid = " + work_pid +
                     " AND phase LIKE 'waiting for%'") == "1";
  }));
  up.signal(SIGKILL);
  CHECK(up.wait().exit_code == 128 + SIGKILL);
  // Its backend waits on a lock and does not notice the dead client: end it as the server
  // would once it does (or as an operator would).
  db.exec("SELECT pg_terminate_backend(" + work_pid + ")");
  REQUIRE(eventually([&] {
    return db.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = " + work_pid) == "0";
  }));
  // What the killed build left: the invalid index PostgreSQL never removes.
  REQUIRE(db.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_x')") ==
          "f");
  CHECK(history_state(db, "1") == "partial");
  CHECK(db.scalar("SELECT statements_done FROM pgshift.migrations WHERE version = '1'") == "1");
  must(writer->exec("COMMIT"));

  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(contains(o.err, "index \"t_x\" exists but is invalid"));
  index_must_be_valid(db, "t_x");
  no_invalid_index_on(db, "t");
  CHECK(indexes_on(db, "t") == "t_pkey, t_x");
  table_must_exist(db, "after_index");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE(
    "a CIC with a lock-timeout directive, timed out behind a writer, retries to one valid "
    "index") {
  // With `-- pgshift:lock-timeout` the build's wait for older writers is bounded too, so an
  // attempt can time out, and every timed-out attempt leaves an invalid t_x behind. The next
  // attempt must not trip over it (42P07) nor, with IF NOT EXISTS, skip it.
  TempDb db;
  make_table_t(db, false);
  Project p;
  const std::string head = "-- pgshift:lock-timeout 100ms\n-- pgshift:retries 50\n";
  SUBCASE("plain") {
    p.write("1_index_x.up.sql", head + "CREATE INDEX CONCURRENTLY t_x ON t (x);\n");
  }
  SUBCASE("IF NOT EXISTS") {
    p.write("1_index_x.up.sql", head + "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_x ON t (x);\n");
  }
  auto writer = open_writer(db);
  Background up(p.root(), db.url(), {"up", "--json"});
  // The first attempt has timed out once its retry or the clean-up of its leftover is reported.
  REQUIRE_MESSAGE(eventually([&] {
                    const std::string out = up.output_so_far();
                    return contains(out, "\"event\":\"lock_retry\"") ||
                           contains(out, "\"event\":\"index_care\"");
                  }),
                  up.output_so_far());
  must(writer->exec("COMMIT"));
  auto o = up.wait();
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  index_must_be_valid(db, "t_x");
  no_invalid_index_on(db, "t");
  CHECK(indexes_on(db, "t") == "t_pkey, t_x");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("REINDEX CONCURRENTLY: invalid copies left by a failed rebuild are dropped") {
  TempDb db;
  make_table_t(db, false);
  db.exec("CREATE UNIQUE INDEX t_x ON t (x)");
  Project p;

  SUBCASE("a _ccnew copy left by an earlier run is dropped before the rebuild") {
    // Made the way production makes it: a rebuild whose wait for an older writer timed out.
    {
      auto writer = open_writer(db);
      auto console = db.connect("psql");
      must(console->exec("SET lock_timeout = '100ms'"));
      auto failed = console->exec("REINDEX INDEX CONCURRENTLY t_x");
      REQUIRE_FALSE(failed.is_ok());
      REQUIRE(failed.sqlstate() == "55P03");
      must(writer->exec("COMMIT"));
    }
    REQUIRE(db.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                      "to_regclass('t_x_ccnew')") == "f");
    p.write("1_reindex.up.sql", "REINDEX INDEX CONCURRENTLY t_x;\n");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    CHECK(contains(o.err,
                   "dropping public.t_x_ccnew, an invalid copy left by an interrupted "
                   "REINDEX CONCURRENTLY"));
    CHECK(history_state(db, "1") == "applied");
  }

  SUBCASE("with a lock-timeout directive, a timed-out attempt's copy is dropped and it retries") {
    p.write("1_reindex.up.sql",
            "-- pgshift:lock-timeout 100ms\n-- pgshift:retries 50\nREINDEX INDEX CONCURRENTLY "
            "t_x;\n");
    auto writer = open_writer(db);
    Background up(p.root(), db.url(), {"up", "--json"});
    REQUIRE_MESSAGE(eventually([&] {
                      const std::string out = up.output_so_far();
                      return contains(out, "\"event\":\"lock_retry\"") ||
                             contains(out, "\"event\":\"index_care\"");
                    }),
                    up.output_so_far());
    must(writer->exec("COMMIT"));
    auto o = up.wait();
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    CHECK(history_state(db, "1") == "applied");
  }

  SUBCASE("a rebuild that fails for good leaves no copy behind") {
    p.write("1_reindex.up.sql",
            "-- pgshift:lock-timeout 100ms\n-- pgshift:retries 0\nREINDEX INDEX CONCURRENTLY "
            "t_x;\n");
    auto writer = open_writer(db);
    Background up(p.root(), db.url(), {"up"});
    // The copy is dropped concurrently, which waits for the writer too (without blocking any
    // traffic); end the writer once pgshift is at it.
    REQUIRE_MESSAGE(
        eventually([&] { return !pgshift_backend_running(db, "DROP INDEX CONCURRENTLY").empty(); }),
        up.output_so_far());
    must(writer->exec("COMMIT"));
    auto o = up.wait();
    CAPTURE(o.all());
    CHECK(o.exit_code == 1);
    CHECK(contains(o.err, "gave up after 1 attempt"));
    CHECK(contains(o.err, "dropping public.t_x_ccnew"));
    CHECK(history_state(db, "1") == "partial");
  }

  // In every case: only the rebuilt index remains, valid; no _ccnew/_ccold copy.
  index_must_be_valid(db, "t_x");
  no_invalid_index_on(db, "t");
  CHECK(indexes_on(db, "t") == "t_pkey, t_x");
}
