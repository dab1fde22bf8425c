// Lifecycle tests of the constraint and index operations add_check, add_foreign_key,
// add_unique, drop_constraint, rename_constraint, create_index and drop_index: an old-version
// and a new-version application session write and read during expand, each in its own shape;
// then complete or rollback. And bad input: validate and plan refuse a wrong operations file
// at its line and column, before anything touches the database.
#include "support/lifecycle.hpp"

using namespace it;

namespace {

const char* k_setup =
    "CREATE TABLE orgs (id bigint PRIMARY KEY, title text);\n"
    "INSERT INTO orgs VALUES (1, 'a'), (2, 'b');\n"
    "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text, age integer, "
    "org_id bigint, CONSTRAINT users_name_len CHECK (length(name) < 20));\n"
    "CREATE INDEX users_email_idx ON users (email);\n"
    "INSERT INTO users VALUES (1, 'ann', 'ann@x', 30, 1), (2, 'bob', NULL, 10, 2), "
    "(3, 'cy', 'cy@x', -5, NULL), (4, 'dee', NULL, 40, 1);\n";

// Requirements on the catalog.
std::string constraint_state(const TempDb& db, const std::string& name) {
  return db.scalar(
      "SELECT contype::text || ' ' || convalidated FROM pg_constraint WHERE conname = '" + name +
      "'");
}
bool index_exists(const TempDb& db, const std::string& index) {
  return db.scalar("SELECT to_regclass('public." + index + "') IS NOT NULL") == "t";
}
int triggers_on_users(const TempDb& db) {
  return std::stoi(db.scalar(
      "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"));
}

}  // namespace

TEST_CASE("ops lifecycle: add_check over two columns with up") {
  Lifecycle lc(k_setup, ops("op = \"add_check\"\ntable = \"users\"\nname = \"users_adult_email\"\n"
                            "check = \"age >= 0 AND (email IS NOT NULL OR age < 18)\"\n"
                            "up = { age = \"greatest(age, 0)\", email = \"coalesce(email, name || "
                            "'@unknown')\" }\n"));
  const std::string before = lc.dump();
  lc.expand();
  // The backfill fixed the rows that broke the check; the others are as they were.
  CHECK(constraint_state(lc.db, "users_adult_email") == "c true");
  CHECK(lc.db.scalar("SELECT age || ' ' || email FROM users WHERE id = 3") == "0 cy@x");
  CHECK(lc.db.scalar("SELECT age || ' ' || email FROM users WHERE id = 4") == "40 dee@unknown");
  CHECK(lc.db.scalar("SELECT coalesce(email, 'null') FROM users WHERE id = 2") == "null");
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  // The old version writes rows that break the check: the trigger fixes them.
  exec_on(*old_app, "INSERT INTO users (id, name, email, age) VALUES (5, 'eve', NULL, -1)");
  exec_on(*old_app, "UPDATE users SET age = -3 WHERE id = 1");
  exec_on(*old_app, "INSERT INTO users (id, name, email, age) VALUES (6, 'fox', NULL, 5)");
  CHECK(scalar_on(*new_app, "SELECT age || ' ' || email FROM users WHERE id = 5") ==
        "0 eve@unknown");
  CHECK(scalar_on(*new_app, "SELECT age FROM users WHERE id = 1") == "0");
  CHECK(scalar_on(*old_app, "SELECT coalesce(email, 'null') FROM users WHERE id = 6") == "null");
  // The new version's writes are checked, not fixed.
  CHECK(fails(*new_app, "INSERT INTO users (id, name, email, age) VALUES (7, 'gus', NULL, -1)"));
  exec_on(*new_app, "INSERT INTO users (id, name, email, age) VALUES (8, 'hal', 'h@x', 20)");
  exec_on(*new_app, "UPDATE users SET age = 11 WHERE id = 2");
  CHECK(scalar_on(*old_app, "SELECT age FROM users WHERE id = 2") == "11");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM users") == "7");

  SUBCASE("complete") {
    lc.complete();
    CHECK(constraint_state(lc.db, "users_adult_email") == "c true");
    CHECK(triggers_on_users(lc.db) == 0);
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "7");
    CHECK(fails(*new_app, "UPDATE users SET age = -1 WHERE id = 8"));
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "7");
    exec_on(*old_app, "UPDATE users SET age = -1 WHERE id = 8");  // no check, no trigger
    CHECK(lc.db.scalar("SELECT age FROM users WHERE id = 8") == "-1");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: add_foreign_key") {
  Lifecycle lc(k_setup, ops("op = \"add_foreign_key\"\ntable = \"users\"\n"
                            "name = \"users_org_fkey\"\ncolumns = [\"org_id\"]\n"
                            "references = { table = \"orgs\", columns = [\"id\"] }\n"
                            "on_delete = \"set null\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  CHECK(constraint_state(lc.db, "users_org_fkey") == "f true");
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  exec_on(*old_app, "INSERT INTO users (id, name, org_id) VALUES (5, 'eve', 2)");
  exec_on(*new_app, "INSERT INTO users (id, name, org_id) VALUES (6, 'fox', 1)");
  CHECK(fails(*old_app, "INSERT INTO users (id, name, org_id) VALUES (7, 'gus', 99)"));
  CHECK(fails(*new_app, "INSERT INTO users (id, name, org_id) VALUES (7, 'gus', 99)"));
  CHECK(fails(*new_app, "UPDATE users SET org_id = 98 WHERE id = 1"));
  exec_on(*old_app, "UPDATE users SET org_id = 2 WHERE id = 3");
  CHECK(scalar_on(*new_app, "SELECT org_id FROM users WHERE id = 3") == "2");
  CHECK(scalar_on(*old_app, "SELECT org_id FROM users WHERE id = 6") == "1");

  SUBCASE("complete") {
    lc.complete();
    CHECK(constraint_state(lc.db, "users_org_fkey") == "f true");
    exec_on(*new_app, "DELETE FROM orgs WHERE id = 2");  // on_delete = set null
    CHECK(lc.db.scalar("SELECT count(*) FROM users WHERE org_id IS NULL") == "3");
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "6");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(constraint_state(lc.db, "users_org_fkey").empty());
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "6");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: add_unique over two columns") {
  Lifecycle lc(k_setup, ops("op = \"add_unique\"\ntable = \"users\"\n"
                            "name = \"users_name_email_key\"\ncolumns = [\"name\", \"email\"]\n"));
  const std::string before = lc.dump();
  lc.expand();
  index_must_be_valid(lc.db, "users_name_email_key");
  CHECK(constraint_state(lc.db, "users_name_email_key") == "u true");
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  exec_on(*old_app, "INSERT INTO users (id, name, email) VALUES (5, 'eve', 'e@x')");
  exec_on(*new_app, "INSERT INTO users (id, name, email) VALUES (6, 'eve', 'e2@x')");
  CHECK(fails(*old_app, "INSERT INTO users (id, name, email) VALUES (7, 'eve', 'e2@x')"));
  CHECK(fails(*new_app, "INSERT INTO users (id, name, email) VALUES (7, 'ann', 'ann@x')"));
  CHECK(fails(*new_app, "UPDATE users SET email = 'e@x' WHERE id = 6"));
  exec_on(*old_app, "UPDATE users SET email = 'e3@x' WHERE id = 6");
  CHECK(scalar_on(*new_app, "SELECT email FROM users WHERE id = 6") == "e3@x");

  SUBCASE("complete") {
    lc.complete();
    CHECK(constraint_state(lc.db, "users_name_email_key") == "u true");
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "6");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK_FALSE(index_exists(lc.db, "users_name_email_key"));
    exec_on(*old_app, "INSERT INTO users (id, name, email) VALUES (7, 'eve', 'e@x')");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: drop_constraint") {
  Lifecycle lc(k_setup, ops("op = \"drop_constraint\"\ntable = \"users\"\n"
                            "name = \"users_name_len\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  // Enforced until complete, for both versions: the old one relies on it.
  CHECK(constraint_state(lc.db, "users_name_len") == "c true");
  CHECK(fails(*new_app, "INSERT INTO users (id, name) VALUES (5, repeat('x', 30))"));
  CHECK(fails(*old_app, "INSERT INTO users (id, name) VALUES (5, repeat('x', 30))"));
  exec_on(*old_app, "INSERT INTO users (id, name) VALUES (5, 'eve')");
  exec_on(*new_app, "UPDATE users SET name = 'evelyn' WHERE id = 5");
  CHECK(scalar_on(*old_app, "SELECT name FROM users WHERE id = 5") == "evelyn");

  SUBCASE("complete") {
    lc.complete();
    CHECK(constraint_state(lc.db, "users_name_len").empty());
    exec_on(*new_app, "INSERT INTO users (id, name) VALUES (6, repeat('x', 30))");
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "6");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(constraint_state(lc.db, "users_name_len") == "c true");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: rename_constraint") {
  Lifecycle lc(k_setup, ops("op = \"rename_constraint\"\ntable = \"users\"\n"
                            "from = \"users_name_len\"\nto = \"users_name_short\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  CHECK(constraint_state(lc.db, "users_name_len") == "c true");
  CHECK(fails(*new_app, "INSERT INTO users (id, name) VALUES (5, repeat('x', 30))"));
  exec_on(*old_app, "INSERT INTO users (id, name) VALUES (5, 'eve')");
  exec_on(*new_app, "INSERT INTO users (id, name) VALUES (6, 'fox')");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM users") == "6");

  SUBCASE("complete") {
    lc.complete();
    CHECK(constraint_state(lc.db, "users_name_len").empty());
    CHECK(constraint_state(lc.db, "users_name_short") == "c true");
    CHECK(fails(*new_app, "INSERT INTO users (id, name) VALUES (7, repeat('x', 30))"));
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(constraint_state(lc.db, "users_name_short").empty());
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: create_index on a column the same file adds") {
  Lifecycle lc(k_setup,
               ops("op = \"add_column\"\ntable = \"users\"\n"
                   "column = { name = \"score\", type = \"integer\" }\n") +
                   ops("op = \"create_index\"\nname = \"users_score_idx\"\ntable = \"users\"\n"
                       "columns = [\"score\"]\ninclude = [\"name\"]\nwhere = \"score > 0\"\n") +
                   ops("op = \"create_index\"\nname = \"users_age_name_key\"\n"
                       "table = \"users\"\ncolumns = [\"age\", \"name\"]\nunique = true\n"));
  const std::string before = lc.dump();
  lc.expand();
  index_must_be_valid(lc.db, "users_score_idx");
  index_must_be_valid(lc.db, "users_age_name_key");
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  exec_on(*new_app, "INSERT INTO users (id, name, age, score) VALUES (5, 'eve', 1, 7)");
  exec_on(*old_app, "INSERT INTO users (id, name, age) VALUES (6, 'fox', 2)");
  CHECK(fails(*old_app, "INSERT INTO users (id, name, age) VALUES (7, 'eve', 1)"));
  CHECK(fails(*new_app, "INSERT INTO users (id, name, age) VALUES (7, 'fox', 2)"));
  exec_on(*new_app, "UPDATE users SET score = 9 WHERE id = 6");
  CHECK(scalar_on(*new_app, "SELECT sum(score) FROM users") == "16");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM users") == "6");

  SUBCASE("complete") {
    lc.complete();
    // The index followed the column's rename.
    CHECK(lc.db.scalar("SELECT pg_get_indexdef('users_score_idx'::regclass)") ==
          "CREATE INDEX users_score_idx ON public.users USING btree (score) INCLUDE (name) "
          "WHERE (score > 0)");
    index_must_be_valid(lc.db, "users_score_idx");
    CHECK(lc.db.scalar("SELECT sum(score) FROM users") == "16");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK_FALSE(index_exists(lc.db, "users_score_idx"));
    CHECK_FALSE(index_exists(lc.db, "users_age_name_key"));
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: drop_index") {
  Lifecycle lc(k_setup, ops("op = \"drop_index\"\nname = \"users_email_idx\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  // The old version may still rely on it: it stays until complete.
  CHECK(index_exists(lc.db, "users_email_idx"));
  exec_on(*old_app, "INSERT INTO users (id, name, email) VALUES (5, 'eve', 'e@x')");
  exec_on(*new_app, "UPDATE users SET email = 'e2@x' WHERE id = 5");
  CHECK(scalar_on(*old_app, "SELECT email FROM users WHERE id = 5") == "e2@x");

  SUBCASE("complete") {
    lc.complete();
    CHECK_FALSE(index_exists(lc.db, "users_email_idx"));
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "5");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(index_exists(lc.db, "users_email_idx"));
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops bad input: validate and plan refuse a wrong file at its line, untouched") {
  struct Case {
    const char* what;
    std::string toml;
    std::string where;    // "1_ops.toml:<line>:<col>: "
    std::string message;  // part of the message
  };
  const Case cases[] = {
      {"unknown operation", ops("op = \"add_chek\"\ntable = \"users\"\n"),
       "1_ops.toml:2:6: ", "unknown operation \"add_chek\""},
      {"unknown field",
       ops("op = \"add_check\"\ntable = \"users\"\nname = \"c\"\ncheck = \"age > 0\"\n"
           "upp = { age = \"0\" }\n"),
       "1_ops.toml:6:1: ", "add_check: unknown field \"upp\""},
      {"missing table",
       ops("op = \"add_unique\"\ntable = \"people\"\nname = \"u\"\ncolumns = [\"id\"]\n"),
       "1_ops.toml:1:1: ", "add_unique: table \"people\" does not exist in schema \"public\""},
      {"missing column",
       ops("op = \"create_index\"\nname = \"i\"\ntable = \"users\"\ncolumns = [\"nick\"]\n"),
       "1_ops.toml:1:1: ", "create_index: column \"nick\" does not exist on table \"users\""},
      {"conflicting operations",
       ops("op = \"add_check\"\ntable = \"users\"\nname = \"c1\"\ncheck = \"age > 0\"\n"
           "up = { age = \"1\" }\n") +
           ops("op = \"add_check\"\ntable = \"users\"\nname = \"c2\"\ncheck = \"age < 99\"\n"
               "up = { age = \"98\" }\n"),
       "1_ops.toml:7:1: ", "conflicting operations"},
  };
  for (const Case& c : cases) {
    INFO(std::string(c.what));
    Lifecycle lc(k_setup, c.toml);
    const std::string before = lc.dump();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"validate"}, std::vector<std::string>{"plan", "1"}}) {
      INFO(std::string(args[0]));
      Outcome o = run(lc.project.root(), lc.db.url(), args);
      INFO(o.all());
      CHECK(o.exit_code == 2);
      CHECK(o.err.find(c.where) != std::string::npos);
      CHECK(o.err.find(c.message) != std::string::npos);
    }
    CHECK(lc.db.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pgshift%' OR "
                       "nspname LIKE 'public\\_%'") == "0");
    CHECK(lc.dump() == before);
  }
}
