// User text spliced into the SQL pgshift generates, against a real server: a backfill's --where
// that closes the batch's parenthesis, comments that end a fragment, and names that hold
// pgshift's dollar-quote tag (docs/reliability.md, "SQL built from user text").
#include "core/quote.hpp"
#include "support/lifecycle.hpp"

using namespace it;

namespace {

// t2: 20,000 rows, half with flag 'a' and half with flag 'b', n = 0 everywhere.
void make_t2(const TempDb& db) {
  db.exec(
      "CREATE TABLE t2 (id bigint PRIMARY KEY, flag text NOT NULL, n int NOT NULL DEFAULT 0);"
      "INSERT INTO t2 (id, flag) SELECT g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END "
      "FROM generate_series(1, 20000) g; ANALYZE t2;");
}

const char* k_batches_of_1000 =
    "[backfill]\nbatch_size = 1000\nmin_batch_size = 1000\nmax_batch_size = 1000\n";

std::string counts(const TempDb& db) {
  return db.scalar(
      "SELECT string_agg(flag || ':' || n || ':' || c, ' ' ORDER BY flag, n) FROM "
      "(SELECT flag, n, count(*) AS c FROM t2 GROUP BY flag, n) x");
}

const std::string k_canary_column = "x$pgshift$;DROP TABLE IF EXISTS canary;SELECT $pgshift$";

}  // namespace

TEST_CASE("a --where that closes the batch's parenthesis is refused and changes nothing") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", k_batches_of_1000);
  make_t2(db);
  // Spliced as "... AND (flag = 'a') OR (flag = 'b')", this WHERE escaped the batch's key
  // range: every batch changed every 'b' row of the table (exit 0, "210000 rows changed").
  auto o = run(p.root(), db.url(),
               {"backfill", "run", "--table", "t2", "--set", "n = n + 1", "--where",
                "flag = 'a') OR (flag = 'b'"});
  CHECK(o.exit_code == 2);
  CHECK_MESSAGE(o.err.find("pgshift: error: --where \"flag = 'a') OR (flag = 'b'\": closes a "
                           "parenthesis it did not open") != std::string::npos,
                o.err);
  CHECK(counts(db) == "a:0:10000 b:0:10000");
  // Refused before connecting: not even the history schema was created.
  CHECK(db.scalar("SELECT to_regclass('pgshift.backfills') IS NULL") == "t");

  struct Case {
    const char* set;
    const char* where;
    const char* message;
  };
  const Case refused[] = {
      {"n = 21 WHERE true", "", "--set \"n = 21 WHERE true\": must be a SET list"},
      {"n = 1; DROP TABLE t2", "", "must be a SET list (column = expression, ...), without \";\""},
      {"n = 1", "true; DROP TABLE t2", "must be a single expression, without \";\""},
      {"n = 1", "true /* unterminated", "unterminated /* comment"},
  };
  for (const Case& c : refused) {
    const std::string message = c.message;
    CAPTURE(message);
    std::vector<std::string> args = {"backfill", "run", "--table", "t2", "--set", c.set};
    if (*c.where) {
      args.insert(args.end(), {"--where", c.where});
    }
    auto r = run(p.root(), db.url(), args);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(c.message) != std::string::npos, r.err);
  }
  table_must_exist(db, "t2");
  CHECK(counts(db) == "a:0:10000 b:0:10000");

  // Comments end with the fragment: the same change written with them runs, on 'b' rows only.
  o = run(p.root(), db.url(),
          {"backfill", "run", "--table", "t2", "--set", "n = n + 1 -- bump", "--where",
           "flag = 'b' -- only b"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  CHECK(o.out.find("10000 rows changed, 20000 keys visited, 20 batches") != std::string::npos);
  CHECK(counts(db) == "a:0:10000 b:1:10000");

  // A backslash in a '...' string is spliced in its E'...' form, which the server reads as the
  // check did whatever its standard_conforming_strings.
  db.exec("ALTER DATABASE " + pgshift::core::quote_ident(db.name()) +
          " SET standard_conforming_strings = off");
  db.exec("UPDATE t2 SET flag = 'c\\d' WHERE id <= 10");
  o = run(p.root(), db.url(),
          {"backfill", "run", "--table", "t2", "--set", "n = 7", "--where",
           "flag = 'c\\d' OR flag = ') OR (true'"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  CHECK(db.scalar("SELECT count(*) FROM t2 WHERE n = 7") == "10");
}

TEST_CASE("-- pgshift:batch: a comment between SET and WHERE ends with its line") {
  TempDb db;
  Project p;
  p.write("./pgshift.toml", k_batches_of_1000);
  make_t2(db);
  // Spliced as written, "-- bump" swallowed the batch's own WHERE: "syntax error at or near
  // saved", and the statement was refused.
  p.write("1_bump.sql",
          "-- pgshift:up\n-- pgshift:batch\nUPDATE t2 SET n = n + 1 -- bump\n"
          "WHERE flag = 'a' /* only a */;\n-- pgshift:down\nSELECT 1;\n");
  auto o = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  CHECK(counts(db) == "a:1:10000 b:0:10000");
  CHECK(db.scalar("SELECT set_sql || ' | ' || where_sql FROM pgshift.backfills") ==
        "n = n + 1 | flag = 'a'");
}

TEST_CASE("ops: an `up` with a trailing comment runs the whole expand") {
  Lifecycle lc(
      "CREATE TABLE people (id bigserial PRIMARY KEY, full_name text NOT NULL);\n"
      "INSERT INTO people (full_name) VALUES ('Ada Lovelace'), ('Alan Turing');\n",
      "[[operations]]\nop = \"add_column\"\ntable = \"people\"\n"
      "column = { name = \"first_name\", type = \"text -- plain text\", default = \"'?' -- d\" "
      "}\nup = \"split_part(full_name, ' ', 1) -- first word\"\n");
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  CHECK(scalar_on(*new_app, "SELECT string_agg(first_name, ',' ORDER BY id) FROM people") ==
        "Ada,Alan");
  exec_on(*old_app, "INSERT INTO people (full_name) VALUES ('Grace Hopper')");
  CHECK(scalar_on(*new_app, "SELECT first_name FROM people WHERE full_name = 'Grace Hopper'") ==
        "Grace");
  lc.complete();
  CHECK(lc.db.scalar("SELECT string_agg(first_name, ',' ORDER BY id) FROM people") ==
        "Ada,Alan,Grace");
}

TEST_CASE("names holding $pgshift$ stay names, also with check_function_bodies off") {
  // The column name ended pgshift's fixed $pgshift$ dollar quote around the dual-write trigger's
  // body, which declares a variable per column of the table: with function bodies unchecked,
  // the rest ran as SQL and dropped canary.
  const std::string hostile = pgshift::core::quote_ident(k_canary_column);
  Lifecycle lc(
      "CREATE TABLE canary (id int); INSERT INTO canary VALUES (1);\n"
      "CREATE TABLE items (id bigserial PRIMARY KEY, label text, " +
          hostile + " text);\nINSERT INTO items (label, " + hostile +
          ") VALUES ('a', 'x'), ('b', 'y');\n",
      "[[operations]]\nop = \"add_column\"\ntable = \"items\"\n"
      "column = { name = \"copy\", type = \"text\" }\nup = \"upper(label)\"\n");
  lc.db.exec("ALTER DATABASE " + pgshift::core::quote_ident(lc.db.name()) +
             " SET check_function_bodies = off");
  lc.expand();
  table_must_exist(lc.db, "canary");
  {
    auto old_app = lc.old_app();
    auto new_app = lc.new_app();
    CHECK(scalar_on(*new_app, "SELECT string_agg(copy, ',' ORDER BY id) FROM items") == "A,B");
    exec_on(*old_app, "INSERT INTO items (label, " + hostile + ") VALUES ('c', 'z')");
    CHECK(scalar_on(*new_app, "SELECT copy FROM items ORDER BY id DESC LIMIT 1") == "C");
  }
  lc.complete();
  table_must_exist(lc.db, "canary");

  // More migrations name it: a rename to another such name (catalog guards in DO blocks), an
  // `up` that reads it, and a drop with a `down` (a trigger again), rolled back.
  const std::string renamed = "y$pgshift$;DROP TABLE canary;--";
  const auto run_ok = [&](const std::vector<std::string>& args) {
    Outcome o = lc.pgshift(args);
    REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  };
  lc.project.write("2_rename.toml",
                   "[[operations]]\nop = \"rename_column\"\ntable = \"items\"\n"
                   "from = \"x$pgshift$;DROP TABLE IF EXISTS canary;SELECT $pgshift$\"\n"
                   "to = \"y$pgshift$;DROP TABLE canary;--\"\n");
  run_ok({"up"});
  run_ok({"complete"});
  column_must_exist(lc.db, "items", renamed);
  lc.project.write("3_copy.toml",
                   "[[operations]]\nop = \"add_column\"\ntable = \"items\"\n"
                   "column = { name = \"copy2\", type = \"text\" }\n"
                   "up = \"upper(\\\"y$pgshift$;DROP TABLE canary;--\\\") -- reads it\"\n");
  run_ok({"up"});
  run_ok({"complete"});
  CHECK(lc.db.scalar("SELECT string_agg(copy2, ',' ORDER BY id) FROM items") == "X,Y,Z");
  lc.project.write("4_drop.toml",
                   "[[operations]]\nop = \"drop_column\"\ntable = \"items\"\n"
                   "column = \"y$pgshift$;DROP TABLE canary;--\"\ndown = \"'gone'\"\n");
  run_ok({"up"});
  run_ok({"rollback"});
  column_must_exist(lc.db, "items", renamed);
  table_must_exist(lc.db, "canary");
  CHECK(lc.db.scalar("SELECT count(*) FROM canary") == "1");
}

TEST_CASE("an operations file's schema may hold $pgshift$") {
  // Schema names may hold '$': "s$pgshift$x" ended the DO blocks' and functions' quotes.
  Lifecycle lc(
      "CREATE SCHEMA \"s$pgshift$x\";\n"
      "CREATE TABLE \"s$pgshift$x\".items (id bigserial PRIMARY KEY, qty int);\n"
      "INSERT INTO \"s$pgshift$x\".items (qty) VALUES (1), (2);\n",
      "schema = \"s$pgshift$x\"\n[[operations]]\nop = \"set_not_null\"\ntable = \"items\"\n"
      "column = \"qty\"\nup = \"0\"\n");
  lc.expand();
  lc.complete();
  CHECK(lc.db.scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = "
                     "'\"s$pgshift$x\".items'::regclass AND attname = 'qty'") == "t");
}
