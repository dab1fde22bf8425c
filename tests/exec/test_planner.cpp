#include <doctest/doctest.h>

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
  SUBCASE("timeouts come from directives first, then from options") {
    opts.ddl.lock_timeout = Millis(5000);
    auto m = source("ALTER TABLE a ADD COLUMN b int;\n");
    auto p = make_plan(m, core::Direction::up, opts);
    REQUIRE(p.is_ok());
    CHECK(p->lock_timeout == Millis(5000));
    m.up->directives.file.lock_timeout = Millis(2000);
    auto q = make_plan(m, core::Direction::up, opts);
    REQUIRE(q.is_ok());
    CHECK(q->lock_timeout == Millis(2000));
  }
  SUBCASE("syntax errors are input errors with the file position") {
    auto p = make_plan(source("CREATE TABLE a (id int);\nSELEC 1;\n"), core::Direction::up, opts);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.status().message().rfind("migrations/3_add_email.up.sql:2:1: syntax error", 0) == 0);
  }
}
