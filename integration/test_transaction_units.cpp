// Files with their own transaction control run as written (docs/file-formats.md#transactions):
// each BEGIN ... COMMIT block one transaction, each statement outside the blocks on its own,
// progress recorded with each unit, a re-run resuming at the first unit not done, also after
// SIGKILL (the failpoints of docs/reliability.md).
#include <signal.h>

#include <string>

#include "support/harness.hpp"

using namespace it;

namespace {

constexpr int k_killed = 128 + SIGKILL;

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

std::string statements_done(const TempDb& db, const std::string& version) {
  return history_column(db, version, "statements_done");
}

// The file: an extension first, then a block.
const char* const k_extension_then_block =
    "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n"
    "BEGIN;\n"
    "CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text);\n"
    "CREATE TABLE users (id uuid PRIMARY KEY, account_id uuid REFERENCES accounts (id));\n"
    "COMMIT;\n";

// Four units: a statement on its own, two blocks (the second with its own isolation level),
// and a statement that runs alone in autocommit.
const char* const k_four_units =
    "INSERT INTO log (v) VALUES ('outside');\n"
    "BEGIN;\n"
    "INSERT INTO log (v) VALUES ('block 1a');\n"
    "INSERT INTO log (v) VALUES ('block 1b');\n"
    "COMMIT;\n"
    "BEGIN ISOLATION LEVEL SERIALIZABLE;\n"
    "INSERT INTO log (v) VALUES (current_setting('transaction_isolation'));\n"
    "COMMIT;\n"
    "CREATE INDEX CONCURRENTLY log_v ON log (v);\n";

const char* const k_four_units_done = "block 1a,block 1b,outside,serializable";

std::string log_rows(const TempDb& db) {
  return db.scalar("SELECT coalesce(string_agg(v, ',' ORDER BY v), '') FROM log");
}

}  // namespace

TEST_CASE("units: a statement outside BEGIN ... COMMIT runs on its own, the block as one") {
  TempDb db;
  Project p;
  p.write("1_accounts.up.sql", k_extension_then_block);

  auto plan = run(p.root(), db.url(), {"up", "--dry-run"});
  CHECK_MESSAGE(plan.exit_code == 0, plan.all());
  CHECK_MESSAGE(contains(plan.out,
                         "would apply 1 accounts (as written, unit by unit: the file's "
                         "own BEGIN ... COMMIT: 1 block, 1 statement on its own; up to "
                         "41 attempts per unit)"),
                plan.out);
  CHECK(contains(plan.out,
                 "  unit 1 of 2: one statement in a transaction of its own\n"
                 "    1_accounts.up.1  migrations/1_accounts.up.sql:1:1  CREATE "
                 "EXTENSION"));
  CHECK(contains(plan.out,
                 "  unit 2 of 2: one transaction, BEGIN ... COMMIT on lines 2-5\n"
                 "    1_accounts.up.2  migrations/1_accounts.up.sql:3:1  CREATE TABLE "
                 "accounts"));
  auto json = run(p.root(), db.url(), {"plan", "--json"});
  auto plans = events_of(json.out, "plan");
  REQUIRE(plans.size() == 1);
  CHECK(plans[0]["mode"] == "as_written");
  REQUIRE(plans[0]["units"].size() == 2);
  CHECK(plans[0]["units"][1]["first"] == 1);
  CHECK(plans[0]["units"][1]["count"] == 2);
  CHECK(plans[0]["units"][1]["begin_line"] == 2);

  auto lint = run(p.root(), "", {"lint"});
  CHECK_MESSAGE(!contains(lint.all(), "transaction-nesting"), lint.all());

  auto up = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(up.exit_code == 0, up.all());
  table_must_exist(db, "accounts");
  table_must_exist(db, "users");
  CHECK(history_state(db, "1") == "applied");
  CHECK(statements_done(db, "1") == "3");
}

TEST_CASE("units: NOT VALID in one block, VALIDATE in the next, as handbooks recommend") {
  TempDb db;
  Project p;
  db.exec("CREATE TABLE t (x int); INSERT INTO t SELECT generate_series(1, 1000)");
  p.write("1_check.up.sql",
          "BEGIN;\n"
          "ALTER TABLE t ADD CONSTRAINT t_x_positive CHECK (x > 0) NOT VALID;\n"
          "COMMIT;\n"
          "BEGIN;\n"
          "ALTER TABLE t VALIDATE CONSTRAINT t_x_positive;\n"
          "COMMIT;\n");
  auto lint = run(p.root(), "", {"lint"});
  CHECK_MESSAGE(!contains(lint.all(), "transaction-nesting"), lint.all());
  CHECK_MESSAGE(!contains(lint.all(), "constraint-missing-not-valid"), lint.all());

  auto up = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(up.exit_code == 0, up.all());
  CHECK(db.scalar("SELECT convalidated FROM pg_constraint WHERE conname = 't_x_positive'") == "t");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("units: a failing block rolls back alone; the re-run resumes at it") {
  TempDb db;
  Project p;
  db.exec("CREATE TABLE log (v text)");
  p.write("1_log.up.sql",
          "BEGIN;\n"
          "INSERT INTO log (v) VALUES ('first');\n"
          "COMMIT;\n"
          "BEGIN;\n"
          "INSERT INTO log (v) VALUES ('second');\n"
          "INSERT INTO nope (v) VALUES ('x');\n"
          "COMMIT;\n");
  auto failed = run(p.root(), db.url(), {"up"});
  CHECK(failed.exit_code == 1);
  CHECK_MESSAGE(contains(failed.err,
                         "migration 1 \"log\" failed at statement 3 "
                         "(migrations/1_log.up.sql:6:1): relation \"nope\" does not "
                         "exist [SQLSTATE 42P01]"),
                failed.all());
  CHECK(log_rows(db) == "first");  // the second block rolled back whole
  CHECK(history_state(db, "1") == "partial");
  CHECK(statements_done(db, "1") == "1");

  // The failed block may be fixed: it did not run.
  p.write("1_log.up.sql",
          "BEGIN;\n"
          "INSERT INTO log (v) VALUES ('first');\n"
          "COMMIT;\n"
          "BEGIN;\n"
          "INSERT INTO log (v) VALUES ('second');\n"
          "INSERT INTO log (v) VALUES ('third');\n"
          "COMMIT;\n");
  auto again = run(p.root(), db.url(), {"up", "--dry-run"});
  CHECK(contains(again.out, "resuming at statement 2"));
  CHECK(contains(again.out, "(done) 1_log.up.1"));
  auto up = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(up.exit_code == 0, up.all());
  CHECK(contains(up.all(), "resuming 1 log at statement 2 of 3"));
  CHECK(log_rows(db) == "first,second,third");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("units: SIGKILL around any unit's progress, then up: every statement exactly once") {
  // Where the kill lands -> the statements recorded as done (and committed).
  const std::vector<std::pair<std::string, std::string>> points = {
      {"before-progress:1", "0"}, {"after-progress:1", "1"},  {"before-progress:2", "1"},
      {"after-progress:2", "3"},  {"before-progress:3", "3"}, {"after-progress:3", "4"},
      {"before-progress:4", "4"}, {"after-progress:4", "5"},
  };
  for (const auto& [failpoint, recorded] : points) {
    CAPTURE(failpoint);
    TempDb db;
    Project p;
    db.exec("CREATE TABLE log (v text)");
    p.write("1_log.up.sql", k_four_units);
    auto killed = run(p.root(), db.url(), {"up"}, {{"PGSHIFT_FAILPOINT", failpoint}});
    REQUIRE_MESSAGE(killed.exit_code == k_killed, killed.all());
    CHECK(history_state(db, "1") == "partial");
    CHECK(statements_done(db, "1") == recorded);

    auto up = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(up.exit_code == 0, up.all());
    CHECK(log_rows(db) == k_four_units_done);
    index_must_be_valid(db, "log_v");
    CHECK(history_state(db, "1") == "applied");
    CHECK(statements_done(db, "1") == "5");
  }
}

TEST_CASE("units: a re-run refuses to resume inside a block whose BEGIN was moved") {
  TempDb db;
  Project p;
  db.exec("CREATE TABLE log (v text)");
  p.write("1_log.up.sql", k_four_units);
  auto killed = run(p.root(), db.url(), {"up"}, {{"PGSHIFT_FAILPOINT", "before-progress:2"}});
  REQUIRE(killed.exit_code == k_killed);
  REQUIRE(statements_done(db, "1") == "1");
  // The statement that ran is unchanged, but the first block now starts above it.
  p.write("1_log.up.sql",
          "BEGIN;\n"
          "INSERT INTO log (v) VALUES ('outside');\n"
          "INSERT INTO log (v) VALUES ('block 1a');\n"
          "INSERT INTO log (v) VALUES ('block 1b');\n"
          "COMMIT;\n");
  auto up = run(p.root(), db.url(), {"up"});
  CHECK(up.exit_code == 5);
  CHECK_MESSAGE(contains(up.err,
                         "pgshift: error: migration 1 \"log\" stopped after statement 1, "
                         "but statements 1 to 3 now commit together (the BEGIN ... COMMIT "
                         "on lines 1-5): restore the file's BEGIN and COMMIT as they were "
                         "when it stopped"),
                up.all());
  CHECK(log_rows(db) == "outside");
}

TEST_CASE("units: transaction control pgshift cannot run is refused with file:line:col") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql",
          "CREATE TABLE a (id int);\n"
          "BEGIN;\n"
          "CREATE TABLE b (id int);\n"
          "ROLLBACK;\n");
  auto up = run(p.root(), db.url(), {"up"});
  CHECK(up.exit_code == 2);
  CHECK_MESSAGE(contains(up.err,
                         "pgshift: error: migrations/1_a.up.sql:4:1: ROLLBACK is not "
                         "supported in a migration file: remove it: a statement that "
                         "fails rolls its block back, and pgshift stops there"),
                up.all());
  table_must_not_exist(db, "a");
  CHECK(history_rows(db) == 0);
}

TEST_CASE("units: a down file with blocks runs as written") {
  TempDb db;
  Project p;
  p.write("1_ab.up.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
  p.write("1_ab.down.sql", "BEGIN;\nDROP TABLE b;\nCOMMIT;\nDROP TABLE a;\n");
  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  auto down = run(p.root(), db.url(), {"down"});
  CHECK_MESSAGE(down.exit_code == 0, down.all());
  table_must_not_exist(db, "a");
  table_must_not_exist(db, "b");
  CHECK(history_rows(db) == 0);
}
