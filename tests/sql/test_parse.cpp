#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/position.hpp"
#include "sql/checksum.hpp"
#include "sql/parse.hpp"

namespace pgshift::sql {
namespace {

const char* const k_path = "migrations/7_users.up.sql";

core::Section section(std::string text, int first_line = 1) {
  core::Section s;
  s.path = k_path;
  s.text = std::move(text);
  s.first_line = first_line;
  return s;
}

std::vector<Statement> parse_ok(const std::string& sql, int first_line = 1) {
  Result<std::vector<Statement>> r = parse_section(section(sql, first_line));
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  return r.value();
}

Statement parse_one(const std::string& sql) {
  std::vector<Statement> stmts = parse_ok(sql);
  REQUIRE(stmts.size() == 1);
  return stmts.front();
}

std::string parse_error(const std::string& sql, int first_line = 1) {
  Result<std::vector<Statement>> r = parse_section(section(sql, first_line));
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == Code::invalid_input);
  return r.status().message();
}

std::string at(int line, int column, const std::string& message) {
  return std::string(k_path) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         message;
}

}  // namespace

TEST_CASE("sql::parse_section splits a section into statements") {
  struct Case {
    const char* name;
    std::string sql;
    std::vector<std::string> texts;
  };
  const std::vector<Case> cases = {
      {"comments between statements belong to none of them",
       "-- head\nCREATE TABLE a (id int);\n/* mid */ INSERT INTO a VALUES (1); -- tail\n",
       {"CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)"}},
      {"a comment inside a statement is kept",
       "SELECT 1 /* one */ + 2;",
       {"SELECT 1 /* one */ + 2"}},
      {"a comment before the semicolon is dropped",
       "SELECT 1 /* c */ ;\nSELECT 2 -- c\n;",
       {"SELECT 1", "SELECT 2"}},
      {"the last statement needs no semicolon",
       "SELECT 1;\nSELECT 2 -- done\n",
       {"SELECT 1", "SELECT 2"}},
      {"semicolons in strings and quoted identifiers",
       "INSERT INTO t VALUES ('a;b', E'c\\';d', 'e'';f');\nSELECT 1 AS \"x;y\";",
       {"INSERT INTO t VALUES ('a;b', E'c\\';d', 'e'';f')", "SELECT 1 AS \"x;y\""}},
      {"a dollar-quoted function body is one statement",
       "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN "
       "2;\nEND\n$$;\nSELECT f();",
       {"CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN "
        "2;\nEND\n$$",
        "SELECT f()"}},
      {"a tagged dollar quote may hold $$",
       "DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$;\nSELECT 2;",
       {"DO $body$ BEGIN RAISE NOTICE '$$;'; END $body$", "SELECT 2"}},
      {"CREATE RULE with several actions is one statement",
       "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES "
       "(2));\nSELECT 3;",
       {"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES "
        "(2))",
        "SELECT 3"}},
      {"empty statements are skipped", ";;SELECT 1;; ;SELECT 2;;", {"SELECT 1", "SELECT 2"}},
      {"windows line endings", "SELECT 1;\r\nSELECT\r\n  2;\r\n", {"SELECT 1", "SELECT\r\n  2"}},
      {"a unicode-escaped string ends the statement",
       "SELECT U&'d\\0061t';\nSELECT U&\"a\";",
       {"SELECT U&'d\\0061t'", "SELECT U&\"a\""}},
      {"directives are comments, not statements",
       "-- pgshift:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
       {"CREATE INDEX CONCURRENTLY i ON t (a)"}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      std::vector<std::string> texts;
      for (const Statement& s : parse_ok(c.sql)) {
        texts.push_back(s.text);
      }
      CHECK(texts == c.texts);
    }
  }
}

TEST_CASE("sql::parse_section yields no statement for an empty section") {
  const std::vector<std::string> empty = {"", "  \n\t\n", "-- only a comment\n/* and this one */\n",
                                          "-- pgshift:no-transaction\n", ";\n;"};
  for (const std::string& sql : empty) {
    CAPTURE(sql);
    CHECK(parse_ok(sql).empty());
  }
}

TEST_CASE("sql::parse_section positions are lines and columns of the file") {
  struct Case {
    const char* name;
    std::string sql;
    int first_line;
    std::vector<std::pair<int, int>> positions;
  };
  const std::vector<Case> cases = {
      {"first token of each statement", "SELECT 1;\n  SELECT 2;", 1, {{1, 1}, {2, 3}}},
      {"leading comments and blank lines are skipped",
       "-- c\n\n   SELECT 1; /* x */ SELECT 2;",
       1,
       {{3, 4}, {3, 22}}},
      {"a section starting below line 1 (single-file down section)",
       "-- c\n\n   SELECT 1; SELECT 2;",
       5,
       {{7, 4}, {7, 14}}},
      {"columns count characters, not bytes", "SELECT 'été'; SELECT 2;", 1, {{1, 1}, {1, 15}}},
      {"after a multi-line statement",
       "CREATE TABLE t (\n  id int\n);\n\nDROP TABLE t;",
       10,
       {{10, 1}, {14, 1}}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      std::vector<std::pair<int, int>> got;
      for (const Statement& s : parse_ok(c.sql, c.first_line)) {
        got.emplace_back(s.line, s.column);
      }
      CHECK(got == c.positions);
    }
  }
}

TEST_CASE("sql::parse_section reports syntax errors with file, line and column") {
  struct Case {
    const char* name;
    std::string sql;
    int first_line;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"misspelled keyword", "SELEC 1;", 1, at(1, 1, "syntax error at or near \"SELEC\"")},
      {"error in a later statement of a later section", "SELECT 1;\nSELECT 2;\n  SELEC 3;", 4,
       at(6, 3, "syntax error at or near \"SELEC\"")},
      {"multi-byte characters before the error count once", "SELECT 1;\nSELECT 'ééé', 'ß' selec 1;",
       3, at(4, 25, "syntax error at or near \"1\"")},
      {"end of input", "CREATE TABLE t (id int", 1, at(1, 23, "syntax error at end of input")},
      {"unterminated string", "SELECT 1;\nSELECT 'abc", 1,
       at(2, 8, "unterminated quoted string at or near \"'abc\"")},
      {"unterminated comment", "SELECT 1; /* never closed", 2,
       at(2, 11, "unterminated /* comment at or near \"/* never closed\"")},
      {"NUL byte", std::string("SELECT 1;\nSELECT \0 2;", 21), 1, at(2, 8, "unexpected NUL byte")},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK(parse_error(c.sql, c.first_line) == c.message);
    }
  }
}

TEST_CASE("sql::parse_section rejects psql meta-commands") {
  struct Case {
    const char* name;
    std::string sql;
    std::string message;
  };
  auto meta = [](int line, int column, const std::string& word) {
    return at(line, column,
              "psql meta-command \"" + word + "\" is not supported: pgshift runs plain SQL");
  };
  const std::vector<Case> cases = {
      {"\\connect at the top", "\\connect db\nSELECT 1;", meta(1, 1, "\\connect")},
      {"\\set between statements", "SELECT 1;\n\\set x 1\nSELECT :x;", meta(2, 1, "\\set")},
      {"\\i after a comment", "-- include\n  \\i other.sql\n", meta(2, 3, "\\i")},
      {"\\gset after a query", "SELECT 1 AS one \\gset", meta(1, 17, "\\gset")},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK(parse_error(c.sql) == c.message);
    }
  }
}

TEST_CASE("sql::parse_section names the top node and transaction control") {
  struct Case {
    std::string sql;
    std::string node;
    TxControl tx;
  };
  const std::vector<Case> cases = {
      {"CREATE TABLE t (id int)", "CreateStmt", TxControl::none},
      {"CREATE INDEX i ON t (id)", "IndexStmt", TxControl::none},
      {"BEGIN", "TransactionStmt", TxControl::begin},
      {"begin transaction", "TransactionStmt", TxControl::begin},
      {"START TRANSACTION", "TransactionStmt", TxControl::begin},
      {"BEGIN ISOLATION LEVEL SERIALIZABLE", "TransactionStmt", TxControl::begin},
      {"COMMIT", "TransactionStmt", TxControl::commit},
      {"END", "TransactionStmt", TxControl::commit},
      {"COMMIT AND CHAIN", "TransactionStmt", TxControl::commit},
      {"ROLLBACK", "TransactionStmt", TxControl::rollback},
      {"ABORT", "TransactionStmt", TxControl::rollback},
      {"SAVEPOINT a", "TransactionStmt", TxControl::other},
      {"RELEASE SAVEPOINT a", "TransactionStmt", TxControl::other},
      {"ROLLBACK TO SAVEPOINT a", "TransactionStmt", TxControl::other},
      {"PREPARE TRANSACTION 'x'", "TransactionStmt", TxControl::other},
      {"COMMIT PREPARED 'x'", "TransactionStmt", TxControl::other},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sql);
    const Statement s = parse_one(c.sql + ";");
    CHECK(s.node == c.node);
    CHECK(s.tx == c.tx);
  }
}

TEST_CASE("sql::parse_section marks statements that cannot run in a transaction block") {
  struct Case {
    std::string sql;
    bool needs_autocommit;
  };
  const std::vector<Case> cases = {
      {"CREATE INDEX CONCURRENTLY i ON t (a)", true},
      {"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", true},
      {"CREATE INDEX i ON t (a)", false},
      {"DROP INDEX CONCURRENTLY i", true},
      {"DROP INDEX CONCURRENTLY IF EXISTS i", true},
      {"DROP INDEX i", false},
      {"DROP TABLE t", false},
      {"REINDEX INDEX CONCURRENTLY i", true},
      {"REINDEX (CONCURRENTLY) TABLE t", true},
      {"REINDEX (VERBOSE, CONCURRENTLY true) TABLE t", true},
      {"REINDEX (CONCURRENTLY false) TABLE t", false},
      {"REINDEX (CONCURRENTLY off) TABLE t", false},
      {"REINDEX (CONCURRENTLY 0) TABLE t", false},
      {"REINDEX TABLE t", false},
      {"REINDEX (VERBOSE) INDEX i", false},
      {"REINDEX SCHEMA s", true},
      {"REINDEX DATABASE d", true},
      {"REINDEX SYSTEM d", true},
      {"VACUUM", true},
      {"VACUUM t", true},
      {"VACUUM (ANALYZE, VERBOSE) t", true},
      {"ANALYZE t", false},
      {"ANALYZE", false},
      {"CREATE DATABASE d", true},
      {"DROP DATABASE d", true},
      {"DROP DATABASE IF EXISTS d WITH (FORCE)", true},
      {"ALTER DATABASE d SET TABLESPACE s", true},
      {"ALTER DATABASE d SET search_path = a", false},
      {"ALTER DATABASE d CONNECTION LIMIT 5", false},
      {"ALTER SYSTEM SET work_mem = '64MB'", true},
      {"ALTER SYSTEM RESET ALL", true},
      {"CREATE TABLESPACE s LOCATION '/srv/s'", true},
      {"DROP TABLESPACE s", true},
      {"ALTER TABLESPACE s RENAME TO s2", false},
      {"ALTER TABLE p DETACH PARTITION c CONCURRENTLY", true},
      {"ALTER TABLE ONLY p DETACH PARTITION c CONCURRENTLY", true},
      {"ALTER TABLE p DETACH PARTITION c", false},
      {"ALTER TABLE p DETACH PARTITION c FINALIZE", false},
      {"ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1)", false},
      {"ALTER TABLE t ADD COLUMN a int", false},
      {"CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p", true},
      {"ALTER SUBSCRIPTION s REFRESH PUBLICATION", true},
      {"ALTER SUBSCRIPTION s DISABLE", true},
      {"DROP SUBSCRIPTION s", true},
      {"CLUSTER", true},
      {"CLUSTER t USING i", false},
      {"DISCARD ALL", true},
      {"DISCARD PLANS", false},
      {"COMMIT PREPARED 'x'", true},
      {"ROLLBACK PREPARED 'x'", true},
      {"PREPARE TRANSACTION 'x'", false},
      {"ALTER TYPE mood ADD VALUE 'meh'", false},
      {"REFRESH MATERIALIZED VIEW CONCURRENTLY v", false},
      {"BEGIN", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sql);
    CHECK(parse_one(c.sql + ";").needs_autocommit == c.needs_autocommit);
  }
}

TEST_CASE("sql::parse_section statement texts parse alone to the same statement") {
  const std::string file =
      "-- pgshift:lock-timeout 2s\n"
      "BEGIN;\n"
      "CREATE TABLE a (id int, note text DEFAULT 'x;y' /* ; */);\n"
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
      "BEGIN NEW.note := $$;$$; RETURN NEW; END $fn$;\n"
      "CREATE RULE r AS ON UPDATE TO a DO INSTEAD (UPDATE a SET id = 1; NOTIFY a);\n"
      "SELECT U&'\\0041' UESCAPE '\\' , U&\"b\" -- trailing\n"
      ";\n"
      "COMMIT;\n"
      "-- the end\n";
  const std::vector<Statement> stmts = parse_ok(file);
  std::vector<std::string> nodes;
  for (const Statement& s : stmts) {
    CAPTURE(s.text);
    const Statement alone = parse_one(s.text);
    CHECK(alone.text == s.text);
    CHECK(alone.node == s.node);
    CHECK(alone.checksum == s.checksum);
    nodes.push_back(s.node);
  }
  CHECK(nodes == std::vector<std::string>{"TransactionStmt", "CreateStmt", "CreateFunctionStmt",
                                          "RuleStmt", "SelectStmt", "TransactionStmt"});
}

TEST_CASE("sql::parse_section gives each statement its own normalized checksum") {
  const std::vector<Statement> a = parse_ok("SELECT 1;\nCREATE TABLE t (id int);");
  const std::vector<Statement> b = parse_ok("select   1 ;\n-- c\ncreate table T (ID INT)");
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].checksum.size() == 64);
    CHECK(a[i].checksum == statement_checksum(a[i].text).value());
    CHECK(a[i].checksum == b[i].checksum);
  }
  CHECK(a[0].checksum != a[1].checksum);
}

}  // namespace pgshift::sql

TEST_CASE("pgshift::sql::parse_section concurrent index targets") {
  auto one = [](const std::string& sql) {
    pgshift::core::Section s;
    s.path = "m.sql";
    s.text = sql;
    auto r = pgshift::sql::parse_section(s);
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    REQUIRE(r->size() == 1);
    return r->front();
  };
  SUBCASE("CREATE INDEX CONCURRENTLY names the index in its table's schema") {
    auto st =
        one("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON app.users (email)");
    REQUIRE(st.concurrent_index != nullptr);
    CHECK(st.concurrent_index->op == pgshift::sql::IndexTarget::Op::create);
    CHECK(st.concurrent_index->qualified() == "\"app\".\"users_email\"");
    CHECK(st.concurrent_index->if_not_exists);
    CHECK(st.concurrent_index->unique);
  }
  SUBCASE("an unnamed CREATE INDEX CONCURRENTLY has an empty name") {
    auto st = one("CREATE INDEX CONCURRENTLY ON users (email)");
    REQUIRE(st.concurrent_index != nullptr);
    CHECK(st.concurrent_index->name.empty());
  }
  SUBCASE("DROP INDEX CONCURRENTLY IF EXISTS") {
    auto st = one("DROP INDEX CONCURRENTLY IF EXISTS public.\"Users_Email\"");
    REQUIRE(st.concurrent_index != nullptr);
    CHECK(st.concurrent_index->op == pgshift::sql::IndexTarget::Op::drop);
    CHECK(st.concurrent_index->schema == "public");
    CHECK(st.concurrent_index->name == "Users_Email");
    CHECK(st.concurrent_index->missing_ok);
  }
  SUBCASE("REINDEX INDEX / TABLE CONCURRENTLY") {
    auto idx = one("REINDEX INDEX CONCURRENTLY users_email");
    REQUIRE(idx.concurrent_index != nullptr);
    CHECK(idx.concurrent_index->op == pgshift::sql::IndexTarget::Op::reindex_index);
    CHECK(idx.concurrent_index->name == "users_email");
    auto tbl = one("REINDEX (CONCURRENTLY) TABLE users");
    REQUIRE(tbl.concurrent_index != nullptr);
    CHECK(tbl.concurrent_index->op == pgshift::sql::IndexTarget::Op::reindex_table);
  }
  SUBCASE("non-concurrent index statements have none") {
    CHECK_FALSE(one("CREATE INDEX i ON users (email)").concurrent_index != nullptr);
    CHECK_FALSE(one("DROP INDEX i").concurrent_index != nullptr);
    CHECK_FALSE(one("REINDEX INDEX i").concurrent_index != nullptr);
  }
}

namespace pgshift::sql {
namespace {

TEST_CASE("sql::parse_section keep_tree") {
  core::Section s;
  s.path = "1.sql";
  s.text = "SELECT 1;\nALTER TABLE users ADD COLUMN a int;\n";
  SUBCASE("the runner's default keeps no tree") {
    Result<std::vector<Statement>> r = parse_section(s);
    REQUIRE(r.is_ok());
    REQUIRE(r.value().size() == 2);
    CHECK(r.value()[1].tree == nullptr);
    CHECK(r.value()[1].offset == 10);
  }
  SUBCASE("the linter's option keeps each statement's tree") {
    Result<std::vector<Statement>> r = parse_section(s, ParseOptions{.keep_tree = true});
    REQUIRE(r.is_ok());
    REQUIRE(r.value()[1].tree != nullptr);
    CHECK(r.value()[1].tree->contains("AlterTableStmt"));
    CHECK(r.value()[1].effects.action == "ALTER TABLE ADD COLUMN");
  }
  SUBCASE("an INSERT keeps only its ON CONFLICT clause, and no tree without one") {
    s.text =
        "INSERT INTO t (a, b) SELECT x, y FROM u ON CONFLICT (a) DO UPDATE SET b = 1;\n"
        "INSERT INTO t VALUES (1, 'a seed row');\n";
    Result<std::vector<Statement>> r = parse_section(s, ParseOptions{.keep_tree = true});
    REQUIRE(r.is_ok());
    const nlohmann::json& insert = r.value()[0].tree->at("InsertStmt");
    CHECK(insert.size() == 1);
    CHECK(insert.contains("onConflictClause"));
    CHECK(r.value()[1].tree == nullptr);
    // What the query read was classified before: its effects still name both tables.
    REQUIRE(r.value()[0].effects.locks.size() == 2);
    CHECK(r.value()[0].effects.locks[1].name == "u");
    CHECK(r.value()[1].effects.locks[0].name == "t");
  }
}

namespace {

// `term` joined n times with `op`.
std::string chain(const std::string& term, const std::string& op, int n) {
  std::string out = term;
  for (int i = 1; i < n; ++i) {
    out += op + term;
  }
  return out;
}

}  // namespace

TEST_CASE("sql::parse_section refuses a statement nested deeper than it can walk") {
  const std::string too_deep =
      "statement is nested too deeply: its parse tree is more than 10000 levels deep (split it, "
      "or shorten its chains of operators, JOINs or UNIONs)";
  SUBCASE("named at the statement, with the file, line and column") {
    // 20,000 terms: libpg_query gives a tree 40,000 deep, which used to overflow the stack.
    CHECK(parse_error("SELECT 1;\n  SELECT " + chain("1", "+", 20000) + ";\n", 3) ==
          at(4, 3, too_deep));
  }
  SUBCASE("before libpg_query recurses over it (which crashes at about 200,000 levels)") {
    const struct {
      const char* what;
      std::string sql;
    } rows[] = {
        {"operators", "SELECT " + chain("1", "+", 300000)},
        {"casts", "SELECT 1" + chain("::int", "", 150000)},
        {"joins", "SELECT * FROM a" + chain(" JOIN b ON true", "", 120000)},
        {"unions", chain("SELECT 1", " UNION ALL ", 250000)},
    };
    for (const auto& r : rows) {
      CAPTURE(r.what);
      CHECK(parse_error("\n" + r.sql + ";\n") == at(2, 1, too_deep));
    }
  }
  SUBCASE("what PostgreSQL runs with its default stack is read, and classified") {
    // PostgreSQL 15 (max_stack_depth 2MB) runs about 4,000 chained operators, 7,000 UNIONs and
    // 2,000 nested sub-selects; each walker below sees a tree near pgshift's limit.
    const std::string deep_sum = chain("b", " + ", 4900);
    Statement update =
        parse_one("UPDATE t SET a = " + deep_sum + " WHERE id IN (SELECT id FROM u)");
    REQUIRE(update.effects.locks.size() == 2);
    CHECK(update.effects.locks[0].name == "t");
    CHECK(update.effects.locks[1].name == "u");

    Statement unions = parse_one(chain("SELECT 1 FROM u", " UNION ALL ", 9000));
    REQUIRE(unions.effects.locks.size() == 1);
    CHECK(unions.effects.locks[0].level == LockLevel::access_share);

    Statement nested = parse_one("SELECT " + chain("(SELECT ", "", 1400) + "x FROM u" +
                                 std::string(1400, ')') + " FOR UPDATE");
    CHECK(nested.node == "SelectStmt");

    Statement add = parse_one("ALTER TABLE t ADD COLUMN c int DEFAULT " + chain("1", "+", 4000) +
                              " + random()::int");
    CHECK(add.effects.rewrites);  // the volatile call found at the bottom of the expression
  }
}

TEST_CASE("sql::parse_section refuses more statements than it plans in bounded memory") {
  std::string text;
  text.reserve(10 * (k_max_statements + 1));
  for (std::size_t i = 0; i <= k_max_statements; ++i) {
    text += "SELECT 1;\n";
  }
  // Counted before anything is parsed: the error is at the first statement over the limit.
  CHECK(parse_error(text) ==
        at(static_cast<int>(k_max_statements) + 1, 1,
           "more than 1000000 statements in one file (pgshift's limit): split it into several "
           "migrations"));
}

TEST_CASE("sql::parse_section reads a long section piece by piece, as if whole") {
  // Several 64 kB pieces of statements, comments and multi-byte characters; a function whose
  // BEGIN ATOMIC body holds its own semicolons lies across the first piece boundary.
  std::string text = "-- seed data: caf\xc3\xa9\n";
  int statements = 0;
  bool function_written = false;
  while (text.size() < 200 * 1024) {
    if (!function_written && text.size() > 60 * 1024) {
      text += "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC\n";
      for (int i = 0; i < 400; ++i) {
        text += "  SELECT " + std::to_string(i) + " AS \"n\xe2\x82\xac\";\n";
      }
      text += "  SELECT 1;\nEND;\n";
      function_written = true;
    } else if (statements % 5 == 0) {
      text += "UPDATE customers SET name = 'n\xc3\xa9' WHERE id = " + std::to_string(statements) +
              ";\n";
    } else {
      text += "INSERT INTO customers (id, name) VALUES (" + std::to_string(statements) +
              ", 'n\xc3\xa9 " + std::to_string(statements) + "');  /* \xe2\x82\xac; */\n";
    }
    ++statements;
  }
  const core::Section s = section(text, 5);
  Result<std::vector<Statement>> r = parse_section(s, ParseOptions{.keep_tree = true});
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  const std::vector<Statement>& stmts = r.value();
  REQUIRE(stmts.size() == static_cast<std::size_t>(statements));
  int functions = 0;
  for (const Statement& st : stmts) {
    CAPTURE(st.offset);
    // Offsets, positions and texts are those of the whole section.
    REQUIRE(text.compare(st.offset, st.text.size(), st.text) == 0);
    const core::Position pos = core::position_of(text, st.offset);
    REQUIRE(st.line == pos.line + 4);
    REQUIRE(st.column == pos.column);
    // So are the locations in the kept trees.
    if (st.node == "UpdateStmt") {
      const long at = st.tree->at("UpdateStmt").at("relation").at("location").get<long>();
      REQUIRE(text.compare(static_cast<std::size_t>(at), 9, "customers") == 0);
    } else if (st.node != "InsertStmt") {
      CHECK(st.node == "CreateFunctionStmt");
      ++functions;
    }
  }
  CHECK(functions == 1);

  SUBCASE("an error in a later piece names its own line and column") {
    const std::size_t insert = text.find("INSERT INTO customers (id, name) VALUES (2001,");
    REQUIRE(insert != std::string::npos);
    std::string bad = text;
    bad.replace(insert, 6, "INSERT INTOO");
    const core::Position pos = core::position_of(bad, insert + 7);
    CHECK(parse_error(bad) == at(pos.line, pos.column, "syntax error at or near \"INTOO\""));

    // A syntax error comes before a scan error further down, as when parsed whole.
    CHECK(parse_error(bad + "SELECT 'never closed") ==
          at(pos.line, pos.column, "syntax error at or near \"INTOO\""));
    const core::Position end = core::position_of(text, text.size());
    CHECK(parse_error(text + "SELECT 'never closed") ==
          at(end.line, end.column + 7, "unterminated quoted string at or near \"'never closed\""));
  }

  SUBCASE("a requested cancel token stops it") {
    CancelToken cancel;
    cancel.request();
    Result<std::vector<Statement>> stopped = parse_section(s, ParseOptions{.cancel = &cancel});
    REQUIRE_FALSE(stopped.is_ok());
    CHECK(stopped.status().code() == Code::interrupted);
    CHECK(stopped.status().message() == std::string(k_path) + ": interrupted while parsing");
  }
}

}  // namespace
}  // namespace pgshift::sql
