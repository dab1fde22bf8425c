// Killed between a statement and its progress (docs/reliability.md#resume-after-a-crash): the
// failpoints "before-progress" and "after-progress" make pgshift SIGKILL itself at exactly
// that point, and the next `up` must leave every statement's effect exactly once.
#include <signal.h>

#include <map>
#include <string>
#include <vector>

#include "support/harness.hpp"

using namespace it;

namespace {

constexpr int k_killed = 128 + SIGKILL;

bool contains(const std::string& text, const std::string& fragment) {
  return text.find(fragment) != std::string::npos;
}

// `up` with the failpoint armed: it must die at that point.
void up_killed_at(const Project& p, const TempDb& db, const std::string& failpoint) {
  auto o = run(p.root(), db.url(), {"up"}, {{"PGSHIFT_FAILPOINT", failpoint}});
  REQUIRE_MESSAGE(o.exit_code == k_killed, failpoint << ": " << o.all());
}

// `up` again, unarmed: it must finish the migration.
Outcome up_again(const Project& p, const TempDb& db) {
  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  return o;
}

void applied_with_all_statements(const TempDb& db, const std::string& version, int statements) {
  CHECK(history_state(db, version) == "applied");
  CHECK(history_column(db, version, "statements_done") == std::to_string(statements));
  CHECK(history_column(db, version, "cardinality(statement_checksums)") ==
        std::to_string(statements));
}

std::string statements_done(const TempDb& db, const std::string& version) {
  return history_column(db, version, "statements_done");
}

}  // namespace

TEST_CASE("crash: a no-transaction file of two INSERTs leaves each row exactly once") {
  // Each statement commits together with its progress: wherever the process dies, a re-run
  // neither repeats a statement nor skips one.
  const std::vector<std::pair<std::string, std::string>> points = {
      {"before-progress:1", "0"},
      {"after-progress:1", "1"},
      {"before-progress:2", "1"},
      {"after-progress:2", "2"},
  };
  for (const auto& [failpoint, recorded] : points) {
    CAPTURE(failpoint);
    TempDb db;
    Project p;
    db.exec("CREATE TABLE items (n int)");
    p.write("1_items.up.sql",
            "-- pgshift:no-transaction\n"
            "INSERT INTO items VALUES (1);\n"
            "INSERT INTO items VALUES (2);\n");
    up_killed_at(p, db, failpoint);
    CHECK(history_state(db, "1") == "partial");
    CHECK(statements_done(db, "1") == recorded);
    // What the killed run left is exactly what its progress says.
    CHECK(db.scalar("SELECT count(*) FROM items") == recorded);

    up_again(p, db);
    CHECK(db.scalar("SELECT string_agg(n::text, ',' ORDER BY n) FROM items") == "1,2");
    applied_with_all_statements(db, "1", 2);
  }
}

TEST_CASE("crash: ADD COLUMN then CREATE INDEX CONCURRENTLY completes on the re-run") {
  for (const std::string failpoint : {"before-progress:1", "before-progress:2"}) {
    CAPTURE(failpoint);
    TempDb db;
    Project p;
    db.exec("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)");
    p.write("1_email.up.sql",
            "ALTER TABLE t ADD COLUMN email text;\n"
            "CREATE INDEX CONCURRENTLY t_email ON t (email);\n");
    up_killed_at(p, db, failpoint);
    CHECK(history_state(db, "1") == "partial");

    auto o = up_again(p, db);
    column_must_exist(db, "t", "email");
    index_must_be_valid(db, "t_email");
    applied_with_all_statements(db, "1", 2);
    if (failpoint == "before-progress:2") {
      // The index was built and committed, but the kill came before its progress.
      CHECK_MESSAGE(contains(o.all(),
                             "migration 1 \"email\": statement 2 (CREATE INDEX CONCURRENTLY "
                             "t_email ON t (email)) already took effect: index \"t_email\" "
                             "exists and is valid; recorded as done"),
                    o.all());
    } else {
      // The ADD COLUMN rolled back with its progress: it simply runs.
      CHECK_FALSE(contains(o.all(), "took effect"));
      column_must_exist(db, "t", "email");
    }
  }
}

TEST_CASE("crash: a CONCURRENTLY statement's effect is looked for before it runs again") {
  TempDb db;
  Project p;
  db.exec(
      "CREATE TABLE t (id int PRIMARY KEY, x int); INSERT INTO t SELECT g, g FROM "
      "generate_series(1, 100) g");

  SUBCASE("present and valid: recorded as done, not built again") {
    p.write("1_x.up.sql", "CREATE INDEX CONCURRENTLY t_x ON t (x);\n");
    up_killed_at(p, db, "before-progress:1");
    const std::string oid = db.scalar("SELECT 't_x'::regclass::oid");
    auto o = up_again(p, db);
    CHECK_MESSAGE(contains(o.all(),
                           "already took effect: index \"t_x\" exists and is valid; "
                           "recorded as done"),
                  o.all());
    CHECK(db.scalar("SELECT 't_x'::regclass::oid") == oid);  // the same index, not rebuilt
    applied_with_all_statements(db, "1", 1);
  }
  SUBCASE("present but invalid: built again") {
    p.write("1_x.up.sql", "CREATE INDEX CONCURRENTLY t_x ON t (x);\n");
    up_killed_at(p, db, "before-progress:1");
    // As a build killed half-way would leave it.
    db.exec("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_x'::regclass");
    auto o = up_again(p, db);
    CHECK_MESSAGE(contains(o.all(),
                           "did not take effect before the earlier run stopped: index "
                           "\"t_x\" exists but is invalid; running it"),
                  o.all());
    index_must_be_valid(db, "t_x");
    applied_with_all_statements(db, "1", 1);
  }
  SUBCASE("an index of that name on another table does not count") {
    p.write("1_x.up.sql", "CREATE INDEX CONCURRENTLY t_x ON t (x);\n");
    up_killed_at(p, db, "before-progress:1");
    db.exec("DROP INDEX t_x; CREATE TABLE other (x int); CREATE INDEX t_x ON other (x)");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK(o.exit_code == 1);
    CHECK_MESSAGE(contains(o.all(), "index \"t_x\" exists on another table; running it"), o.all());
    CHECK(contains(o.all(), "[SQLSTATE 42P07]"));  // the statement itself says it exists
  }
}

TEST_CASE("crash: DROP INDEX, REINDEX, VACUUM and DETACH PARTITION CONCURRENTLY") {
  TempDb db;
  Project p;
  db.exec(
      "CREATE TABLE t (id int PRIMARY KEY, x int); CREATE INDEX t_x ON t (x);"
      "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g");

  SUBCASE("DROP INDEX CONCURRENTLY without IF EXISTS: the index is gone, recorded as done") {
    p.write("1_drop.up.sql", "DROP INDEX CONCURRENTLY t_x;\n");
    up_killed_at(p, db, "before-progress:1");
    index_must_not_exist(db, "t_x");
    auto o = up_again(p, db);
    CHECK_MESSAGE(contains(o.all(),
                           "statement 1 (DROP INDEX CONCURRENTLY t_x) already took "
                           "effect: index \"t_x\" no longer exists; recorded as done"),
                  o.all());
    applied_with_all_statements(db, "1", 1);
  }
  SUBCASE("REINDEX CONCURRENTLY is repeatable: it runs again") {
    p.write("1_reindex.up.sql", "REINDEX INDEX CONCURRENTLY t_x;\n");
    up_killed_at(p, db, "before-progress:1");
    auto o = up_again(p, db);
    CHECK_MESSAGE(contains(o.all(),
                           "statement 1 (REINDEX INDEX CONCURRENTLY t_x) may have run "
                           "before the earlier run stopped: REINDEX CONCURRENTLY is "
                           "repeatable; running it again"),
                  o.all());
    index_must_be_valid(db, "t_x");
    applied_with_all_statements(db, "1", 1);
  }
  SUBCASE("VACUUM is repeatable: it runs again") {
    p.write("1_vacuum.up.sql", "VACUUM t;\n");
    up_killed_at(p, db, "before-progress:1");
    auto o = up_again(p, db);
    CHECK_MESSAGE(contains(o.all(), "VACUUM is repeatable; running it again"), o.all());
    applied_with_all_statements(db, "1", 1);
  }
  SUBCASE("DETACH PARTITION CONCURRENTLY: no longer a partition, recorded as done") {
    db.exec(
        "CREATE TABLE ev (at date NOT NULL) PARTITION BY RANGE (at);"
        "CREATE TABLE ev_2020 PARTITION OF ev FOR VALUES FROM ('2020-01-01') TO "
        "('2021-01-01')");
    p.write("1_detach.up.sql", "ALTER TABLE ev DETACH PARTITION ev_2020 CONCURRENTLY;\n");
    up_killed_at(p, db, "before-progress:1");
    auto o = up_again(p, db);
    CHECK_MESSAGE(contains(o.all(),
                           "already took effect: table \"ev_2020\" is no longer a "
                           "partition of \"ev\"; recorded as done"),
                  o.all());
    applied_with_all_statements(db, "1", 1);
  }
}

TEST_CASE("crash: a transactional migration killed before its COMMIT leaves nothing") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n");
  up_killed_at(p, db, "before-progress:1");
  table_must_not_exist(db, "a");
  CHECK(history_rows(db) == 0);
  up_again(p, db);
  CHECK(db.scalar("SELECT count(*) FROM a") == "1");
  CHECK(history_state(db, "1") == "applied");
}

TEST_CASE("crash: a mistyped PGSHIFT_FAILPOINT is refused before anything runs") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  auto o = run(p.root(), db.url(), {"up"}, {{"PGSHIFT_FAILPOINT", "before-progres"}});
  CHECK(o.exit_code == 2);
  CHECK_MESSAGE(contains(o.err,
                         "pgshift: error: PGSHIFT_FAILPOINT: unknown failpoint "
                         "\"before-progres\" (known: before-progress, after-progress)"),
                o.all());
  table_must_not_exist(db, "a");
}
