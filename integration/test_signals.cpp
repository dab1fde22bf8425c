// SIGTERM/SIGINT: the running statement is cancelled, its transaction rolls back, exit 130,
// and the next run carries on.
#include <signal.h>

#include "support/harness.hpp"

using namespace it;

TEST_CASE("SIGTERM during a transactional migration rolls it back and exits 130") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\nSELECT pg_sleep(60);\n");
  p.write("3_c.up.sql", "CREATE TABLE c (id int);\n");
  for (int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    Background up(p.root(), db.url(), {"up"});
    wait_until_running(db, "pg_sleep(60)");
    up.signal(sig);
    auto o = up.wait();
    CHECK_MESSAGE(o.exit_code == 130, o.all());
    CHECK(o.err.find("interrupted") != std::string::npos);
    table_must_exist(db, "a");
    table_must_not_exist(db, "b");  // rolled back with its transaction
    table_must_not_exist(db, "c");  // never started
    CHECK(history_rows(db) == 1);
  }
  CHECK(events_with(db, "up", "interrupted") == 2);

  p.write("2_b.up.sql", "CREATE TABLE b (id int);\nSELECT pg_sleep(0);\n");
  auto again = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  table_must_exist(db, "b");
  table_must_exist(db, "c");
}

TEST_CASE("SIGTERM during a non-transactional file keeps its progress; the re-run resumes") {
  TempDb db;
  Project p;
  p.write("1_steps.up.sql",
          "-- pgshift:no-transaction\n"
          "CREATE TABLE counter (n int);\n"
          "INSERT INTO counter VALUES (1);\n"
          "SELECT pg_sleep(60);\n"
          "CREATE TABLE after_sleep (id int);\n");
  Background up(p.root(), db.url(), {"up"});
  wait_until_running(db, "pg_sleep(60)");
  up.signal(SIGTERM);
  auto o = up.wait();
  CHECK_MESSAGE(o.exit_code == 130, o.all());
  CHECK(history_state(db, "1") == "partial");
  CHECK(db.scalar("SELECT statements_done FROM pgshift.migrations WHERE version = '1'") == "2");
  table_must_not_exist(db, "after_sleep");

  // The interrupted statement was not done, so it may be edited before the re-run.
  p.write("1_steps.up.sql",
          "-- pgshift:no-transaction\n"
          "CREATE TABLE counter (n int);\n"
          "INSERT INTO counter VALUES (1);\n"
          "SELECT pg_sleep(0);\n"
          "CREATE TABLE after_sleep (id int);\n");
  auto again = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(history_state(db, "1") == "applied");
  CHECK(db.scalar("SELECT count(*) FROM counter") == "1");  // done statements did not re-run
  table_must_exist(db, "after_sleep");
}

TEST_CASE("SIGTERM while waiting for the runner lock exits 130 without running anything") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  Project other;
  other.write("1_slow.up.sql", "SELECT pg_sleep(60);\n");
  Background holder(other.root(), db.url(), {"up"});
  wait_until_running(db, "pg_sleep(60)");
  Background waiter(p.root(), db.url(), {"up", "--json"});
  REQUIRE(
      eventually([&] { return waiter.output_so_far().find("lock_waiting") != std::string::npos; }));
  waiter.signal(SIGTERM);
  auto o = waiter.wait();
  CHECK_MESSAGE(o.exit_code == 130, o.all());
  table_must_not_exist(db, "a");
  holder.signal(SIGTERM);
  CHECK(holder.wait().exit_code == 130);
}
