#include <doctest/doctest.h>

#include "core/directives.hpp"
#include "exec/plan.hpp"

using namespace pgshift;
using namespace pgshift::exec;

namespace {

core::MigrationSource source(const std::string& up_sql, bool no_transaction = false) {
  core::MigrationSource m;
  m.version = "3";
  m.name = "add_email";
  m.path = "migrations/3_add_email.up.sql";
  core::Section s;
  s.path = m.path;
  s.text = up_sql;
  s.first_line = 1;
  s.directives.file.no_transaction = no_transaction;
  m.up = s;
  return m;
}

}  // namespace

TEST_CASE("exec::make_plan") {
  Options opts;
  SUBCASE("plain statements run in one transaction, with stable readable step ids") {
    auto p = make_plan(source("CREATE TABLE a (id int);\nCREATE INDEX a_id ON a (id);\n"),
                       core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->transactional);
    REQUIRE(p->steps.size() == 2);
    CHECK(p->steps[0].id == "3_add_email.up.1");
    CHECK(p->steps[1].id == "3_add_email.up.2");
    CHECK(p->steps[1].sql == "CREATE INDEX a_id ON a (id)");
    CHECK(p->steps[1].location() == "migrations/3_add_email.up.sql:2:1");
  }
  SUBCASE("a statement that cannot run in a transaction makes the file autocommit") {
    auto p = make_plan(source("CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY i ON a (id);\n"),
                       core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK_FALSE(p->transactional);
    CHECK(p->mode_reason.find("line 2") != std::string::npos);
  }
  SUBCASE("units: one transaction around a transactional plan") {
    auto p = make_plan(source("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n"),
                       core::Direction::up, opts);
    REQUIRE(p.is_ok());
    REQUIRE(p->units.size() == 1);
    CHECK(p->units[0].transaction);
    CHECK(p->units[0].first == 0);
    CHECK(p->units[0].count == 2);
  }
  SUBCASE("units: in autocommit, each statement commits with its progress unless it cannot") {
    auto p = make_plan(source("CREATE TABLE a (id int);\n"
                              "CREATE INDEX CONCURRENTLY i ON a (id);\n"
                              "CALL refresh();\n"
                              "DO $$BEGIN UPDATE a SET id = 1; COMMIT; END$$;\n"
                              "DO $$BEGIN UPDATE a SET id = 2; END$$;\n"
                              "VACUUM a;\n",
                              true),
                       core::Direction::up, opts);
    REQUIRE(p.is_ok());
    REQUIRE(p->units.size() == 6);
    const bool in_transaction[] = {true, false, false, false, true, false};
    for (std::size_t i = 0; i < 6; ++i) {
      CAPTURE(i);
      CHECK(p->units[i].first == i);
      CHECK(p->units[i].count == 1);
      CHECK(p->units[i].transaction == in_transaction[i]);
    }
    CHECK(p->steps[1].node == "IndexStmt");
    CHECK(p->steps[1].brief() == "CREATE INDEX CONCURRENTLY i ON a (id)");
  }
  SUBCASE("a step's brief is its statement on one line, cut at about 60 characters") {
    auto p = make_plan(source("CREATE TABLE a (\n  id int,\n  name text\n);\n"
                              "CREATE TABLE a_table_with_a_rather_long_name (id int, name text, "
                              "email text);\n"),
                       core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->steps[0].brief() == "CREATE TABLE a ( id int, name text )");
    CHECK(p->steps[1].brief() == "CREATE TABLE a_table_with_a_rather_long_name (id int, nam...");
  }
  SUBCASE("the no-transaction directive makes the file autocommit") {
    auto p = make_plan(source("CREATE TABLE a (id int);\n", true), core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK_FALSE(p->transactional);
    CHECK(p->mode_reason == "-- pgshift:no-transaction");
  }
  SUBCASE("a BEGIN ... COMMIT wrapper is taken as the migration's transaction") {
    auto p =
        make_plan(source("BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n"), core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->transactional);
    CHECK(p->wrapped);
    REQUIRE(p->steps.size() == 1);
    CHECK(p->steps[0].sql == "CREATE TABLE a (id int)");
    CHECK(p->begin_sql == "BEGIN");
  }
  SUBCASE("the wrapper's BEGIN options are kept") {
    auto p = make_plan(
        source("BEGIN ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE a (id int);\nCOMMIT;\n"),
        core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->begin_sql == "BEGIN ISOLATION LEVEL SERIALIZABLE");
  }
  SUBCASE("other transaction control is refused with its position") {
    auto p = make_plan(source("CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\n"),
                       core::Direction::up, opts);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.status().code() == Code::invalid_input);
    CHECK(p.status().message().rfind("migrations/3_add_email.up.sql:2:1: ", 0) == 0);
  }
  SUBCASE("a wrapper around a statement that cannot run in a transaction is refused") {
    auto p = make_plan(source("BEGIN;\nCREATE INDEX CONCURRENTLY i ON a (id);\nCOMMIT;\n"),
                       core::Direction::up, opts);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.status().message().find(":2:1: ") != std::string::npos);
    CHECK(p.status().message().find("cannot run inside a transaction block") != std::string::npos);
  }
  SUBCASE("a missing down section explains how to add one") {
    auto p = make_plan(source("CREATE TABLE a (id int);\n"), core::Direction::down, opts);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.status().code() == Code::invalid_input);
    CHECK(p.status().message().find("has no down SQL") != std::string::npos);
  }
  SUBCASE("the ladder comes from the options; a lock-timeout directive fixes every rung") {
    opts.ddl.lock_timeout = Millis(100);
    opts.ddl.lock_timeout_max = Millis(400);
    opts.ddl.retries = 5;
    auto m = source("ALTER TABLE a ADD COLUMN b int;\n");
    auto p = make_plan(m, core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->lock_timeout_for(p->steps[0], 0) == Millis(100));
    CHECK(p->lock_timeout_for(p->steps[0], 5) == Millis(400));
    CHECK(p->ladder.retries == 5);
    m.up->directives.file.lock_timeout = Millis(2000);
    m.up->directives.file.retries = 2;
    auto q = make_plan(m, core::Direction::up, opts);
    REQUIRE(q.is_ok());
    CHECK(q->lock_timeout_for(q->steps[0], 0) == Millis(2000));
    CHECK(q->lock_timeout_for(q->steps[0], 2) == Millis(2000));
    CHECK(q->ladder.retries == 2);
  }
  SUBCASE("CONCURRENTLY steps get no lock_timeout or statement_timeout unless the file says so") {
    opts.ddl.statement_timeout = Millis(60000);
    auto m = source("CREATE INDEX CONCURRENTLY i ON a (id);\nALTER TABLE a ADD COLUMN b int;\n");
    auto p = make_plan(m, core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK_FALSE(p->lock_timeout_for(p->steps[0], 0).has_value());
    CHECK_FALSE(p->statement_timeout_for(p->steps[0]).has_value());
    CHECK(p->lock_timeout_for(p->steps[1], 0).has_value());
    CHECK(p->statement_timeout_for(p->steps[1]) == Millis(60000));
    m.up->directives.file.lock_timeout = Millis(1000);
    m.up->directives.file.statement_timeout = Millis(5000);
    auto q = make_plan(m, core::Direction::up, opts);
    REQUIRE(q.is_ok());
    CHECK(q->lock_timeout_for(q->steps[0], 0) == Millis(1000));
    CHECK(q->statement_timeout_for(q->steps[0]) == Millis(5000));
  }
  SUBCASE(
      "DETACH PARTITION CONCURRENTLY locks the partition ACCESS EXCLUSIVE: it keeps its "
      "lock_timeout") {
    auto p = make_plan(source("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;\n"),
                       core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->steps[0].concurrently());
    CHECK(p->lock_timeout_for(p->steps[0], 0) == Millis(50));
  }
  SUBCASE("steps carry the shared classification") {
    auto p =
        make_plan(source("ALTER TABLE app.users ADD COLUMN b int;\n"), core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->steps[0].lock_description() == "ACCESS EXCLUSIVE on app.users");
    auto q =
        make_plan(source("CREATE INDEX CONCURRENTLY i ON users (b);\n"), core::Direction::up, opts);
    REQUIRE(q.is_ok());
    CHECK(q->steps[0].concurrently());
    REQUIRE(q->steps[0].concurrent_index.has_value());
    CHECK(q->steps[0].concurrent_index->name == "i");
  }
  SUBCASE("syntax errors are input errors with the file position") {
    auto p = make_plan(source("CREATE TABLE a (id int);\nSELEC 1;\n"), core::Direction::up, opts);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.status().message().rfind("migrations/3_add_email.up.sql:2:1: syntax error", 0) == 0);
  }
}

namespace {

// A source whose directives are read from its text, as discovery does.
core::MigrationSource source_with_directives(const std::string& up_sql) {
  core::MigrationSource m = source(up_sql);
  auto d = core::parse_directives(up_sql, m.path, 1);
  REQUIRE(d.is_ok());
  m.up->directives = *d;
  return m;
}

std::string error_of(const std::string& up_sql) {
  auto p = make_plan(source_with_directives(up_sql), core::Direction::up, Options{});
  REQUIRE_FALSE(p.is_ok());
  return p.status().message();
}

}  // namespace

TEST_CASE("exec::make_plan with -- pgshift:batch") {
  SUBCASE("the directive marks the statement below it, and the file runs in autocommit") {
    auto p = make_plan(source_with_directives("ALTER TABLE u ADD COLUMN n int;\n"
                                              "-- pgshift:batch size=500 sleep=20%\n"
                                              "UPDATE u SET n = 0 WHERE n IS NULL;\n"),
                       core::Direction::up, Options{});
    REQUIRE(p.is_ok());
    CHECK_FALSE(p->transactional);
    CHECK(p->mode_reason == "-- pgshift:batch on line 2: each batch commits on its own");
    REQUIRE(p->steps.size() == 2);
    CHECK_FALSE(p->steps[0].batch);
    REQUIRE(p->steps[1].batch);
    CHECK(p->steps[1].batch->size == 500);
    CHECK(p->steps[1].batch->sleep_fraction == doctest::Approx(0.2));
    CHECK(p->steps[1].batch->target.table == "u");
    CHECK(p->steps[1].batch->target.where_sql == "n IS NULL");
  }
  SUBCASE("misplaced directives are errors with the directive's line") {
    CHECK(error_of("SELECT 1;\n-- pgshift:batch\n") ==
          "migrations/3_add_email.up.sql:2:1: -- pgshift:batch must stand directly above the "
          "UPDATE or DELETE it batches, but no statement follows it");
    CHECK(error_of("-- pgshift:batch\nINSERT INTO u VALUES (1);\n") ==
          "migrations/3_add_email.up.sql:1:1: -- pgshift:batch applies to an UPDATE or DELETE of "
          "one table, not to INSERT (line 2)");
    CHECK(error_of("-- pgshift:batch\nUPDATE u SET n = v.n FROM v WHERE u.id = v.id;\n") ==
          "migrations/3_add_email.up.sql:1:1: -- pgshift:batch cannot batch the statement at "
          "line 2: it has a FROM clause (batches change one table, joined to nothing)");
    CHECK(error_of("BEGIN;\n-- pgshift:batch\nUPDATE u SET n = 1;\nCOMMIT;\n") ==
          "migrations/3_add_email.up.sql:2:1: -- pgshift:batch commits each batch on its own, "
          "but the statement below it is inside the BEGIN ... COMMIT block that starts on line "
          "1: move the statement after the block's COMMIT");
  }
}

TEST_CASE("exec::make_plan of a file with its own BEGIN ... COMMIT blocks") {
  const char* k_blocks =
      "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n"
      "BEGIN;\n"
      "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\n"
      "ALTER TABLE t ADD COLUMN y int;\n"
      "COMMIT;\n"
      "BEGIN ISOLATION LEVEL SERIALIZABLE;\n"
      "ALTER TABLE t VALIDATE CONSTRAINT c;\n"
      "COMMIT;\n"
      "CREATE INDEX CONCURRENTLY t_y ON t (y);\n";
  SUBCASE("runs as written: each block one unit, each statement outside them one") {
    auto p = make_plan(source_with_directives(k_blocks), core::Direction::up, Options{});
    REQUIRE_MESSAGE(p.is_ok(), p.status().message());
    CHECK_FALSE(p->transactional);
    CHECK(p->as_written);
    CHECK(p->mode_reason == "the file's own BEGIN ... COMMIT: 2 blocks, 2 statements on their own");
    REQUIRE(p->steps.size() == 5);  // BEGIN and COMMIT are not steps
    CHECK(p->steps[1].sql == "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID");
    CHECK(p->steps[4].id == "3_add_email.up.5");
    REQUIRE(p->units.size() == 4);
    struct Expected {
      std::size_t first, count;
      bool transaction;
      const char* begin;
      int begin_line, commit_line;
    };
    const Expected expected[] = {{0, 1, true, "BEGIN", 0, 0},
                                 {1, 2, true, "BEGIN", 2, 5},
                                 {3, 1, true, "BEGIN ISOLATION LEVEL SERIALIZABLE", 6, 8},
                                 {4, 1, false, "BEGIN", 0, 0}};
    for (std::size_t i = 0; i < 4; ++i) {
      CAPTURE(i);
      CHECK(p->units[i].first == expected[i].first);
      CHECK(p->units[i].count == expected[i].count);
      CHECK(p->units[i].transaction == expected[i].transaction);
      CHECK(p->units[i].begin_sql == expected[i].begin);
      CHECK(p->units[i].begin_line == expected[i].begin_line);
      CHECK(p->units[i].commit_line == expected[i].commit_line);
    }
  }
  SUBCASE("a partial run resumes only where a unit starts") {
    auto p = make_plan(source_with_directives(k_blocks), core::Direction::up, Options{});
    REQUIRE(p.is_ok());
    for (std::size_t done : {0, 1, 3, 4, 5}) {
      CAPTURE(done);
      CHECK(resume_refusal(*p, done).empty());
    }
    CHECK(resume_refusal(*p, 2) ==
          "migration 3 \"add_email\" stopped after statement 2, but statements 2 to 3 now commit "
          "together (the BEGIN ... COMMIT on lines 2-5): restore the file's BEGIN and COMMIT as "
          "they were when it stopped");
  }
  SUBCASE("transaction control it cannot run as written is refused with file:line:col") {
    CHECK(error_of("BEGIN;\nCREATE TABLE a (id int);\nROLLBACK;\n") ==
          "migrations/3_add_email.up.sql:3:1: ROLLBACK is not supported in a migration file: "
          "remove it: a statement that fails rolls its block back, and pgshift stops there");
    CHECK(error_of("CREATE TABLE a (id int);\n  COMMIT;\n") ==
          "migrations/3_add_email.up.sql:2:3: COMMIT with no BEGIN before it: remove it, or add "
          "a BEGIN where the block starts");
  }
  SUBCASE("a comment before WHERE ends with its line: the SET list is what precedes it") {
    auto p = make_plan(source_with_directives("-- pgshift:batch\n"
                                              "UPDATE u SET n = n + 1 -- bump\n"
                                              "WHERE flag = 'a' /* only a */;\n"),
                       core::Direction::up, Options{});
    REQUIRE_MESSAGE(p.is_ok(), p.status().message());
    REQUIRE(p->steps[0].batch);
    CHECK(p->steps[0].batch->target.set_sql == "n = n + 1");
    CHECK(p->steps[0].batch->target.where_sql == "flag = 'a'");
  }
  SUBCASE("a SET or WHERE that the batches could not splice whole is refused") {
    CHECK(error_of("-- pgshift:batch\nUPDATE u SET p = N'C:\\dir' WHERE n IS NULL;\n") ==
          "migrations/3_add_email.up.sql:1:1: -- pgshift:batch cannot batch the statement at "
          "line 2: its SET list holds an N'...' string with a backslash: write E'...'");
    CHECK(make_plan(source_with_directives(
                        "-- pgshift:batch\nUPDATE u SET p = 'C:\\dir' WHERE q ~ '^\\d';\n"),
                    core::Direction::up, Options{})
              .is_ok());
  }
}
