// Lifecycle tests of the table operations create_table, rename_table, drop_table, raw_sql and
// set_replica_identity: an old-version and a new-version application session write and read
// during expand, each in its own shape; then complete or rollback.
#include "support/lifecycle.hpp"

using namespace it;

namespace {

const char* k_setup =
    "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL, email text NOT NULL "
    "UNIQUE);\n"
    "INSERT INTO users (name, email) SELECT 'u' || g, 'u' || g || '@x' FROM "
    "generate_series(1, 10) g;\n";

// The kind of relation `name` resolves to on `session`'s search_path: "r" table, "v" view.
std::string kind_on(pgshift::db::Session& s, const std::string& name) {
  return scalar_on(s, "SELECT relkind FROM pg_class WHERE oid = to_regclass('" + name + "')");
}

std::string replica_identity(const TempDb& db, const std::string& table) {
  return db.scalar("SELECT relreplident FROM pg_class WHERE oid = '" + table + "'::regclass");
}

}  // namespace

TEST_CASE("ops lifecycle: create_table") {
  Lifecycle lc(k_setup,
               ops("op = \"create_table\"\ntable = \"posts\"\ncomment = \"blog posts\"\n"
                   "columns = [\n"
                   "  { name = \"id\", type = \"bigint\", identity = true, primary_key = true },\n"
                   "  { name = \"author\", type = \"bigint\", nullable = false, references = { "
                   "table = \"users\", column = \"id\", on_delete = \"cascade\" } },\n"
                   "  { name = \"title\", type = \"text\", nullable = false, default = \"''\" },\n"
                   "  { name = \"slug\", type = \"text\", unique = true, check = \"slug <> ''\" "
                   "},\n"
                   "]\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  CHECK(kind_on(*new_app, "posts") == "v");
  // The new version writes and reads through its view; identity and defaults apply.
  const std::string p1 =
      scalar_on(*new_app, "INSERT INTO posts (author, slug) VALUES (1, 'first') RETURNING id");
  exec_on(*new_app, "UPDATE posts SET title = 'Hello' WHERE id = " + p1);
  CHECK(scalar_on(*new_app, "SELECT title || '/' || slug FROM posts WHERE id = " + p1) ==
        "Hello/first");
  // Its constraints hold for the new version's writes.
  CHECK(fails(*new_app, "INSERT INTO posts (author, slug) VALUES (999, 'x')"));
  CHECK(fails(*new_app, "INSERT INTO posts (author, slug) VALUES (1, '')"));
  CHECK(fails(*new_app, "INSERT INTO posts (author, slug) VALUES (1, 'first')"));
  // The old version keeps using its tables; both see each other's users.
  const std::string u =
      scalar_on(*old_app, "INSERT INTO users (name, email) VALUES ('old', 'old@x') RETURNING id");
  const std::string p2 = scalar_on(
      *new_app, "INSERT INTO posts (author, slug) VALUES (" + u + ", 'second') RETURNING id");
  exec_on(*new_app, "UPDATE users SET name = 'renamed' WHERE id = 2");
  CHECK(scalar_on(*old_app, "SELECT name FROM users WHERE id = 2") == "renamed");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM posts") == "2");
  CHECK(lc.db.scalar("SELECT obj_description('posts'::regclass, 'pg_class')") == "blog posts");

  SUBCASE("complete") {
    lc.complete();
    table_must_exist(lc.db, "posts");
    CHECK(scalar_on(*new_app, "SELECT count(*) FROM posts") == "2");
    CHECK(scalar_on(*new_app, "SELECT slug FROM posts WHERE id = " + p2) == "second");
    exec_on(*new_app, "INSERT INTO posts (author, slug) VALUES (1, 'third')");
    CHECK(lc.db.scalar("SELECT count(*) FROM posts") == "3");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    table_must_not_exist(lc.db, "posts");
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT name FROM users WHERE id = 2") == "renamed");
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "11");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: rename_table") {
  Lifecycle lc(std::string(k_setup) +
                   "CREATE TABLE orgs (id bigserial PRIMARY KEY, title text NOT NULL);\n"
                   "INSERT INTO orgs (title) VALUES ('a'), ('b');\n",
               ops("op = \"rename_table\"\nfrom = \"orgs\"\nto = \"teams\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  CHECK(kind_on(*new_app, "teams") == "v");
  CHECK(kind_on(*old_app, "teams") == "");
  const std::string a =
      scalar_on(*old_app, "INSERT INTO orgs (title) VALUES ('from old') RETURNING id");
  const std::string b =
      scalar_on(*new_app, "INSERT INTO teams (title) VALUES ('from new') RETURNING id");
  exec_on(*old_app, "UPDATE orgs SET title = 'a2' WHERE id = 1");
  exec_on(*new_app, "UPDATE teams SET title = 'b2' WHERE id = 2");
  CHECK(scalar_on(*old_app, "SELECT title FROM orgs WHERE id = " + b) == "from new");
  CHECK(scalar_on(*new_app, "SELECT title FROM teams WHERE id = " + a) == "from old");
  CHECK(scalar_on(*old_app, "SELECT string_agg(title, ',' ORDER BY id) FROM orgs") ==
        "a2,b2,from old,from new");
  CHECK(scalar_on(*new_app, "SELECT string_agg(title, ',' ORDER BY id) FROM teams") ==
        "a2,b2,from old,from new");

  SUBCASE("complete") {
    lc.complete();
    table_must_exist(lc.db, "teams");
    table_must_not_exist(lc.db, "orgs");
    CHECK(fails(*old_app, "SELECT count(*) FROM orgs"));
    CHECK(scalar_on(*new_app, "SELECT string_agg(title, ',' ORDER BY id) FROM teams") ==
          "a2,b2,from old,from new");
    exec_on(*new_app, "INSERT INTO teams (title) VALUES ('after')");
    CHECK(lc.db.scalar("SELECT count(*) FROM teams") == "5");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    table_must_exist(lc.db, "orgs");
    table_must_not_exist(lc.db, "teams");
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT string_agg(title, ',' ORDER BY id) FROM orgs") ==
          "a2,b2,from old,from new");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: drop_table") {
  Lifecycle lc(std::string(k_setup) +
                   "CREATE TABLE legacy (id bigserial PRIMARY KEY, note text);\n"
                   "INSERT INTO legacy (note) VALUES ('x'), ('y');\n",
               ops("op = \"drop_table\"\ntable = \"legacy\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  // The new version's schema has no view of it; its other tables are there.
  CHECK(lc.db.scalar("SELECT count(*) FROM pg_views WHERE schemaname = 'public_1_ops' AND "
                     "viewname = 'legacy'") == "0");
  CHECK(kind_on(*new_app, "users") == "v");
  // The old version keeps working on it until complete.
  exec_on(*old_app, "INSERT INTO legacy (note) VALUES ('z')");
  exec_on(*old_app, "UPDATE legacy SET note = 'x2' WHERE id = 1");
  CHECK(scalar_on(*old_app, "SELECT string_agg(note, ',' ORDER BY id) FROM legacy") == "x2,y,z");
  const std::string u =
      scalar_on(*new_app, "INSERT INTO users (name, email) VALUES ('new', 'new@x') RETURNING id");
  exec_on(*old_app, "UPDATE users SET name = 'seen' WHERE id = " + u);
  CHECK(scalar_on(*new_app, "SELECT name FROM users WHERE id = " + u) == "seen");

  SUBCASE("complete") {
    lc.complete();
    table_must_not_exist(lc.db, "legacy");
    CHECK(fails(*old_app, "INSERT INTO legacy (note) VALUES ('late')"));
    CHECK(scalar_on(*new_app, "SELECT count(*) FROM users") == "11");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT string_agg(note, ',' ORDER BY id) FROM legacy") == "x2,y,z");
    CHECK(lc.db.scalar("SELECT name FROM users WHERE id = " + u) == "seen");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: raw_sql with up and down, and on_complete") {
  Lifecycle lc(k_setup,
               ops("op = \"raw_sql\"\n"
                   "up = \"\"\"\n"
                   "CREATE TABLE IF NOT EXISTS audit (id bigserial PRIMARY KEY, what text);\n"
                   "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n"
                   "\"\"\"\n"
                   "down = \"\"\"\n"
                   "DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;\n"
                   "DROP TABLE IF EXISTS audit;\n"
                   "\"\"\"\n") +
                   ops("op = \"raw_sql\"\non_complete = true\n"
                       "up = \"COMMENT ON TABLE users IS 'completed'\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  CHECK(lc.db.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                     "'users_name_idx'::regclass") == "t");
  CHECK(lc.db.scalar("SELECT obj_description('users'::regclass, 'pg_class')") == "NULL");
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  // The version schema does not see raw_sql's table: the new version finds it in the base
  // schema, further down its search_path.
  CHECK(kind_on(*new_app, "audit") == "r");
  exec_on(*old_app, "INSERT INTO audit (what) VALUES ('old')");
  exec_on(*new_app, "INSERT INTO audit (what) VALUES ('new')");
  exec_on(*new_app, "UPDATE audit SET what = 'old2' WHERE what = 'old'");
  CHECK(scalar_on(*old_app, "SELECT string_agg(what, ',' ORDER BY id) FROM audit") == "old2,new");
  exec_on(*new_app, "INSERT INTO users (name, email) VALUES ('n', 'n@x')");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM users WHERE name = 'n'") == "1");

  SUBCASE("complete") {
    lc.complete();
    CHECK(lc.db.scalar("SELECT obj_description('users'::regclass, 'pg_class')") == "completed");
    table_must_exist(lc.db, "audit");
    CHECK(lc.db.scalar("SELECT count(*) FROM audit") == "2");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    table_must_not_exist(lc.db, "audit");
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "11");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: set_replica_identity") {
  SUBCASE("full") {
    Lifecycle lc(k_setup, ops("op = \"set_replica_identity\"\ntable = \"users\"\n"
                              "identity = \"full\"\n"));
    const std::string before = lc.dump();
    lc.expand();
    CHECK(replica_identity(lc.db, "users") == "f");
    auto old_app = lc.old_app();
    auto new_app = lc.new_app();
    const std::string a =
        scalar_on(*old_app, "INSERT INTO users (name, email) VALUES ('o', 'o@x') RETURNING id");
    const std::string b =
        scalar_on(*new_app, "INSERT INTO users (name, email) VALUES ('n', 'n@x') RETURNING id");
    exec_on(*old_app, "UPDATE users SET name = 'n2' WHERE id = " + b);
    exec_on(*new_app, "UPDATE users SET name = 'o2' WHERE id = " + a);
    CHECK(scalar_on(*old_app, "SELECT name FROM users WHERE id = " + a) == "o2");
    CHECK(scalar_on(*new_app, "SELECT name FROM users WHERE id = " + b) == "n2");

    SUBCASE("complete") {
      lc.complete();
      CHECK(replica_identity(lc.db, "users") == "f");
      CHECK(lc.db.scalar("SELECT count(*) FROM users") == "12");
      lc.no_pgshift_objects_remain(true);
    }
    SUBCASE("rollback") {
      lc.rollback();
      CHECK(replica_identity(lc.db, "users") == "d");
      CHECK(lc.dump() == before);
      CHECK(lc.db.scalar("SELECT count(*) FROM users") == "12");
      lc.no_pgshift_objects_remain(false);
    }
  }
  SUBCASE("index, and rollback restores the identity the table had") {
    Lifecycle lc(std::string(k_setup) + "ALTER TABLE users REPLICA IDENTITY FULL;\n",
                 ops("op = \"set_replica_identity\"\ntable = \"users\"\n"
                     "identity = \"index\"\nindex = \"users_email_key\"\n"));
    const std::string before = lc.dump();
    lc.expand();
    CHECK(replica_identity(lc.db, "users") == "i");
    CHECK(lc.db.scalar("SELECT indisreplident FROM pg_index WHERE indexrelid = "
                       "'users_email_key'::regclass") == "t");
    auto old_app = lc.old_app();
    auto new_app = lc.new_app();
    exec_on(*old_app, "INSERT INTO users (name, email) VALUES ('o', 'o@x')");
    exec_on(*new_app, "UPDATE users SET name = 'o2' WHERE email = 'o@x'");
    CHECK(scalar_on(*old_app, "SELECT name FROM users WHERE email = 'o@x'") == "o2");

    SUBCASE("complete") {
      lc.complete();
      CHECK(replica_identity(lc.db, "users") == "i");
      lc.no_pgshift_objects_remain(true);
    }
    SUBCASE("rollback") {
      lc.rollback();
      CHECK(replica_identity(lc.db, "users") == "f");
      CHECK(lc.dump() == before);
      lc.no_pgshift_objects_remain(false);
    }
  }
}

TEST_CASE("ops lifecycle: a second migration is planned while create_table's is expanded") {
  // Planning migration 2 replays migration 1 onto the catalog, which by then shows the table
  // that migration 1 created: replaying must not take it for a name already taken.
  Lifecycle lc(k_setup, ops("op = \"create_table\"\ntable = \"posts\"\n"
                            "columns = [{ name = \"id\", type = \"bigint\", primary_key = true }]\n"
                            "[[operations]]\nop = \"add_column\"\ntable = \"posts\"\n"
                            "column = { name = \"title\", type = \"text\" }\n"));
  lc.expand();
  lc.project.write("2_teams.toml", ops("op = \"create_table\"\ntable = \"teams\"\n"
                                       "columns = [{ name = \"id\", type = \"bigint\" }, { name = "
                                       "\"post\", type = \"bigint\", references = { table = "
                                       "\"posts\", column = \"id\" } }]\n"));
  Outcome up = lc.pgshift({"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  CHECK(history_state(lc.db, "2") == "expanded");
  auto app = lc.db.connect("new-app");
  exec_on(*app, "SET search_path = public_2_teams, public");
  exec_on(*app, "INSERT INTO posts (id, title) VALUES (1, 't')");
  exec_on(*app, "INSERT INTO teams (id, post) VALUES (1, 1)");
  CHECK(scalar_on(*app, "SELECT title FROM posts JOIN teams ON teams.post = posts.id") == "t");
  Outcome done = lc.pgshift({"complete"});
  REQUIRE_MESSAGE(done.exit_code == 0, done.all());
  CHECK(history_state(lc.db, "1") == "applied");
  CHECK(history_state(lc.db, "2") == "applied");
}
