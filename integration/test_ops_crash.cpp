// Operations migrations killed part-way (SIGKILL: no clean-up at all) during expand, its
// backfill and complete: running the same command again converges, and rollback after a
// crashed expand leaves the old shape exactly as it was.
#include <csignal>
#include <sstream>
#include <string>

#include "support/lifecycle.hpp"

using namespace it;

namespace {

const char* k_big_users =
    "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);\n"
    "INSERT INTO users (name) SELECT 'user' || g FROM generate_series(1, 200000) g;\n"
    "CREATE TABLE orgs (id bigserial PRIMARY KEY, title text);\n"
    "INSERT INTO orgs (title) VALUES ('a'), ('b');\n";

const char* k_two_ops = R"([[operations]]
op = "add_column"
table = "users"
column = { name = "email", type = "text", nullable = false }
up = "name || '@example.com'"

[[operations]]
op = "rename_column"
table = "orgs"
from = "title"
to = "name"
)";

// Small batches, so the backfill of 200k rows takes many batches to kill in between.
const char* k_config = "[backfill]\nbatch_size = 500\nmax_batch_size = 500\n";

}  // namespace

TEST_CASE("ops crash: SIGKILL during the backfill of an expand") {
  Lifecycle lc(k_big_users, k_two_ops);
  lc.project.write("./pgshift.toml", k_config);
  const std::string before = lc.dump();
  {
    Background up(lc.project.root(), lc.db.url(), {"up", "--json"});
    REQUIRE_MESSAGE(
        eventually([&] {
          return lc.db.scalar("SELECT to_regclass('pgshift.backfills') IS NOT NULL") == "t" &&
                 lc.db.scalar("SELECT coalesce(max(rows_done), 0) > 0 FROM pgshift.backfills") ==
                     "t";
        }),
        up.output_so_far());
    up.signal(SIGKILL);
    CHECK(up.wait().exit_code == 128 + SIGKILL);
  }
  CHECK(history_state(lc.db, "1") == "partial");
  const std::string done = lc.db.scalar("SELECT rows_done FROM pgshift.backfills");
  CHECK(std::stol(done) < 200000);

  SUBCASE("running up again resumes and converges") {
    lc.expand();
    CHECK(history_state(lc.db, "1") == "expanded");
    CHECK(lc.db.scalar("SELECT count(*) FROM users WHERE _pgshift_new_email IS DISTINCT FROM "
                       "name || '@example.com'") == "0");
    CHECK(lc.db.scalar("SELECT state FROM pgshift.backfills") == "done");
    // The resumed backfill did not start over: rows_done counts each row once.
    CHECK(lc.db.scalar("SELECT rows_done FROM pgshift.backfills") == "200000");
    lc.complete();
    CHECK(lc.db.scalar("SELECT count(*) FROM users WHERE email = name || '@example.com'") ==
          "200000");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE(
      "the file edited after the crash: up refuses it, rollback still runs the stored "
      "plan") {
    lc.project.write("1_ops.toml", std::string(k_two_ops) +
                                       "\n# edited\n[[operations]]\n"
                                       "op = \"drop_table\"\n"
                                       "table = \"orgs\"\n");
    auto up = lc.pgshift({"up"});
    CHECK(up.exit_code == 5);
    CHECK(up.all().find("was edited after its expand started") != std::string::npos);
    lc.rollback();
    CHECK(lc.dump() == before);
    lc.no_pgshift_objects_remain(false);
  }
  SUBCASE("rollback after the crash restores the old shape exactly") {
    lc.rollback();
    CHECK(lc.dump() == before);
    lc.no_pgshift_objects_remain(false);
    CHECK(history_state(lc.db, "1") == "");
  }
}

TEST_CASE("ops crash: SIGKILL during expand, between steps, then up again or rollback") {
  Lifecycle lc(k_big_users, k_two_ops);
  const std::string before = lc.dump();
  // An old client holds a row lock on users: the version schema step goes through, the
  // ADD COLUMN step waits along the lock_timeout ladder and is killed there.
  auto holder = lc.old_app();
  exec_on(*holder, "BEGIN");
  exec_on(*holder, "SELECT * FROM users WHERE id = 1 FOR UPDATE");
  {
    Background up(lc.project.root(), lc.db.url(), {"up", "--json"});
    REQUIRE(
        eventually([&] { return up.output_so_far().find("\"lock_retry\"") != std::string::npos; }));
    up.signal(SIGKILL);
    CHECK(up.wait().exit_code == 128 + SIGKILL);
  }
  exec_on(*holder, "ROLLBACK");
  CHECK(history_state(lc.db, "1") == "partial");
  CHECK(lc.db.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'public_1_ops'") == "1");
  SUBCASE("up again resumes the stored plan") {
    lc.expand();
    CHECK(history_state(lc.db, "1") == "expanded");
    CHECK(lc.db.scalar("SELECT count(*) FROM public_1_ops.users WHERE email IS NULL") == "0");
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops crash: SIGKILL during complete, then complete again") {
  Lifecycle lc(k_big_users, k_two_ops);
  lc.expand();
  // An old client holds a lock on orgs: complete's step on users goes through, the one on orgs
  // waits along the lock_timeout ladder, and is killed there.
  auto holder = lc.old_app();
  exec_on(*holder, "BEGIN");
  exec_on(*holder, "SELECT * FROM orgs FOR UPDATE");
  {
    Background complete(lc.project.root(), lc.db.url(), {"complete", "--json"});
    // Wait for a retry of the step on orgs: the big users table's own step may retry first
    // (autovacuum analyzing it right after the load holds a lock ALTER TABLE waits for), and
    // a kill then would leave users unfinished.
    REQUIRE(eventually([&] {
      std::istringstream lines(complete.output_so_far());
      for (std::string line; std::getline(lines, line);) {
        if (line.find("\"lock_retry\"") != std::string::npos &&
            line.find("rename_column") != std::string::npos) {
          return true;
        }
      }
      return false;
    }));
    complete.signal(SIGKILL);
    CHECK(complete.wait().exit_code == 128 + SIGKILL);
  }
  exec_on(*holder, "ROLLBACK");
  // Half done: users has its new shape, orgs not yet; history still says expanded.
  CHECK(history_state(lc.db, "1") == "expanded");
  column_must_exist(lc.db, "users", "email");
  column_must_exist(lc.db, "orgs", "title");
  lc.complete();
  CHECK(history_state(lc.db, "1") == "applied");
  column_must_exist(lc.db, "orgs", "name");
  column_must_exist(lc.db, "users", "email");
  CHECK(lc.db.scalar("SELECT count(*) FROM users WHERE email IS NULL") == "0");
  lc.no_pgshift_objects_remain(true);
}

TEST_CASE("ops crash: an expand's plan is stored together with its partial row, or not at all") {
  // bench/crash_sweep found a SIGKILL between the two: the plan event had committed, the
  // partial row had not, and the next up planned and recorded the plan a second time. A
  // history that refuses the row stands in for the kill between them: the plan must go too.
  TempDb db;
  Project p;
  p.write("1_orgs.up.sql", "CREATE TABLE orgs (id bigserial PRIMARY KEY, title text);\n");
  auto first = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.all());
  db.exec(
      "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
      "$$BEGIN RAISE EXCEPTION 'refused'; END$$;"
      "CREATE TRIGGER refuse_row BEFORE INSERT ON pgshift.migrations FOR EACH ROW "
      "WHEN (NEW.version = '2') EXECUTE FUNCTION refuse_row()");
  p.write("2_rename.toml",
          "[[operations]]\nop = \"rename_column\"\ntable = \"orgs\"\nfrom = \"title\"\n"
          "to = \"name\"\n");
  auto refused = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(refused.exit_code == 1, refused.all());
  CHECK(db.scalar("SELECT count(*) FROM pgshift.migrations WHERE version = '2'") == "0");
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events WHERE action = 'plan'") == "0");

  db.exec("DROP TRIGGER refuse_row ON pgshift.migrations");
  auto again = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(history_state(db, "2") == "expanded");
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events WHERE action = 'plan'") == "1");
}
