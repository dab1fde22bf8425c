#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/directives.hpp"
#include "sql/units.hpp"

namespace pgshift::sql {
namespace {

struct Parsed {
  std::vector<Statement> stmts;
  core::SectionDirectives directives;
};

// Statements and directives of `text`, read as discovery and the planner do.
Parsed parsed(const std::string& text) {
  core::Section s;
  s.path = "migrations/3_x.up.sql";
  s.text = text;
  s.first_line = 1;
  auto d = core::parse_directives(text, s.path, 1);
  REQUIRE_MESSAGE(d.is_ok(), d.status().message());
  s.directives = *d;
  auto stmts = parse_section(s);
  REQUIRE_MESSAGE(stmts.is_ok(), stmts.status().message());
  return Parsed{*stmts, *d};
}

TxLayout layout_of(const std::string& text) {
  Parsed p = parsed(text);
  return transaction_units(p.stmts, p.directives);
}

// The units as text: "[0 1] [2] (3)": brackets a transaction, parentheses autocommit.
std::string units_text(const TxLayout& l) {
  std::string out;
  for (const auto& u : l.units) {
    out += out.empty() ? "" : " ";
    out += u.transaction ? "[" : "(";
    for (std::size_t k = 0; k < u.statements.size(); ++k) {
      out += (k ? " " : "") + std::to_string(u.statements[k]);
    }
    out += u.transaction ? "]" : ")";
  }
  return out;
}

// "line: message: help" of each problem, one per line.
std::string problems_text(const std::string& text) {
  Parsed p = parsed(text);
  TxLayout l = transaction_units(p.stmts, p.directives);
  std::string out;
  for (const auto& pr : l.problems) {
    const int line = pr.directive_line != 0 ? pr.directive_line : p.stmts[pr.statement].line;
    out += std::to_string(line) + ": " + pr.message + ": " + pr.help + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("sql::transaction_units") {
  SUBCASE("no transaction control: one transaction around everything") {
    auto l = layout_of("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n");
    CHECK(l.mode == TxMode::transaction);
    CHECK(l.reason == "default");
    CHECK(units_text(l) == "[0 1]");
    CHECK(l.problems.empty());
  }
  SUBCASE("one BEGIN ... COMMIT around the file is the wrapper: one transaction") {
    auto l = layout_of("BEGIN ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE a (id int);\nCOMMIT;\n");
    CHECK(l.mode == TxMode::transaction);
    CHECK(l.reason == "the file's own BEGIN ... COMMIT");
    CHECK(units_text(l) == "[1]");
    REQUIRE(l.units[0].begin);
    CHECK(*l.units[0].begin == 0);
    CHECK(*l.units[0].commit == 2);
    CHECK(l.unit_of == std::vector<int>{-1, 0, -1});
  }
  SUBCASE("statement by statement: each in its own transaction unless it must run alone") {
    auto l = layout_of(
        "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY i ON a (id);\n"
        "CALL p();\nDO $$BEGIN COMMIT; END$$;\nDO $$BEGIN PERFORM 1; END$$;\n");
    CHECK(l.mode == TxMode::statements);
    CHECK(l.reason == "statement at line 2 cannot run inside a transaction block");
    CHECK(units_text(l) == "[0] (1) (2) (3) [4]");
  }
  SUBCASE("a batched statement runs alone") {
    auto l = layout_of("ALTER TABLE u ADD COLUMN n int;\n-- pgshift:batch\nUPDATE u SET n = 0;\n");
    CHECK(l.mode == TxMode::statements);
    CHECK(l.reason == "-- pgshift:batch on line 2: each batch commits on its own");
    CHECK(units_text(l) == "[0] (1)");
  }
  SUBCASE("a statement before the blocks: each block one transaction, the statement alone") {
    auto l = layout_of(
        "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n"
        "BEGIN;\nCREATE TABLE a (id uuid DEFAULT uuid_generate_v4());\n"
        "CREATE INDEX a_id ON a (id);\nCOMMIT;\n");
    CHECK(l.mode == TxMode::as_written);
    CHECK(l.reason == "the file's own BEGIN ... COMMIT: 1 block, 1 statement on its own");
    CHECK(units_text(l) == "[0] [2 3]");
    CHECK(l.unit_of == std::vector<int>{0, -1, 1, 1, -1});
    CHECK(l.problems.empty());
  }
  SUBCASE("NOT VALID then VALIDATE in blocks of their own; options per block; empty block") {
    auto l = layout_of(
        "BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nCOMMIT;\n"
        "BEGIN ISOLATION LEVEL REPEATABLE READ;\nALTER TABLE t VALIDATE CONSTRAINT c;\nEND;\n"
        "BEGIN;\nCOMMIT;\n"
        "CREATE INDEX CONCURRENTLY i ON t (x);\n");
    CHECK(l.mode == TxMode::as_written);
    CHECK(units_text(l) == "[1] [4] (8)");
    CHECK(*l.units[1].begin == 3);
    CHECK(*l.units[1].commit == 5);
    CHECK(l.reason == "the file's own BEGIN ... COMMIT: 2 blocks, 1 statement on its own");
    CHECK(l.problems.empty());
  }
  SUBCASE("what cannot run as written is a problem with its line, message and help") {
    struct Row {
      const char* sql;
      std::vector<std::string> problems;
    };
    const Row rows[] = {
        {"BEGIN;\nCREATE TABLE a (id int);\nBEGIN;\nCOMMIT;\n",
         {"3: BEGIN inside the block that starts on line 1 starts no new transaction: the next "
          "COMMIT would end both: COMMIT the block before the next BEGIN"}},
        {"CREATE TABLE a (id int);\nCOMMIT;\n",
         {"2: COMMIT with no BEGIN before it: remove it, or add a BEGIN where the block starts"}},
        {"BEGIN;\nCREATE TABLE a (id int);\nROLLBACK;\n",
         {"3: ROLLBACK is not supported in a migration file: remove it: a statement that fails "
          "rolls its block back, and pgshift stops there"}},
        {"BEGIN;\nSAVEPOINT s;\nCREATE TABLE a (id int);\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\n",
         {"2: SAVEPOINT is not supported in a migration file: remove it: pgshift runs each "
          "BEGIN ... COMMIT block as one transaction and records it when it commits",
          "4: ROLLBACK TO is not supported in a migration file: remove it: pgshift runs each "
          "BEGIN ... COMMIT block as one transaction and records it when it commits"}},
        {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT AND CHAIN;\nCREATE TABLE b (id int);\n"
         "COMMIT;\n",
         {"3: COMMIT AND CHAIN is not supported: end the block with COMMIT and start the next "
          "one with BEGIN"}},
        {"CREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\n",
         {"2: BEGIN is never committed: end the block with COMMIT"}},
        {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nVACUUM a;\nCOMMIT;\n",
         {"5: this statement cannot run inside a transaction block, but it is inside the BEGIN "
          "... COMMIT block that starts on line 4: move it after the block's COMMIT: a "
          "statement outside a block runs on its own"}},
        {"BEGIN;\nCREATE INDEX CONCURRENTLY i ON a (id);\nCOMMIT;\n",
         {"2: this statement cannot run inside a transaction block, but it is inside the BEGIN "
          "... COMMIT block that starts on line 1: move it after the block's COMMIT: a "
          "statement outside a block runs on its own"}},
        {"BEGIN;\n-- pgshift:batch\nUPDATE u SET n = 1;\nCOMMIT;\n",
         {"2: -- pgshift:batch commits each batch on its own, but the statement below it is "
          "inside the BEGIN ... COMMIT block that starts on line 1: move the statement after "
          "the block's COMMIT"}},
        {"-- pgshift:no-transaction\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n",
         {"2: a -- pgshift:no-transaction file cannot wrap itself in BEGIN ... COMMIT: remove "
          "the BEGIN and COMMIT, or the directive"}},
        {"-- pgshift:no-transaction\nCREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id "
         "int);\nCOMMIT;\n",
         {"3: a -- pgshift:no-transaction file runs each statement on its own, so it cannot "
          "hold BEGIN: remove the directive to run the file's BEGIN ... COMMIT blocks as "
          "written, or remove its transaction control"}},
    };
    for (const Row& r : rows) {
      CAPTURE(r.sql);
      std::string expected;
      for (const auto& line : r.problems) {
        expected += line + "\n";
      }
      CHECK(problems_text(r.sql) == expected);
    }
  }
}

TEST_CASE("sql::statement_below") {
  Parsed p = parsed("SELECT 1;\n-- note\n\nSELECT 2;\n");
  CHECK(statement_below(p.stmts, 1) == std::optional<std::size_t>(1));
  CHECK(statement_below(p.stmts, 0) == std::optional<std::size_t>(0));
  CHECK_FALSE(statement_below(p.stmts, 4).has_value());
}

}  // namespace pgshift::sql
