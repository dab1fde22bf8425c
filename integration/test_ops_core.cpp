// Operations migrations end to end: add_column and rename_column through their whole
// lifecycle with two application versions, several migrations expanded at once, `up
// --complete`, `plan V`, and the direction of writes chosen by pgshift.version.
#include <nlohmann/json.hpp>

#include "support/lifecycle.hpp"

using namespace it;

namespace {

const char* k_users =
    "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);\n"
    "INSERT INTO users (name) SELECT 'user' || g FROM generate_series(1, 3000) g;\n";

const char* k_add_email = R"([[operations]]
op = "add_column"
table = "users"
column = { name = "email", type = "text", nullable = false, unique = true }
up = "name || '@example.com'"
)";

const char* k_rename = R"([[operations]]
op = "rename_column"
table = "users"
from = "name"
to = "full_name"
)";

}  // namespace

TEST_CASE("ops::add_column lifecycle: both versions write, then complete or rollback") {
  Lifecycle lc(k_users, k_add_email);
  const std::string before = lc.dump();
  lc.expand();
  CHECK(history_state(lc.db, "1") == "expanded");
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();

  // The old version knows nothing of email; its rows get one from `up`.
  exec_on(*old_app, "INSERT INTO users (name) VALUES ('olga')");
  CHECK(scalar_on(*new_app, "SELECT email FROM users WHERE name = 'olga'") == "olga@example.com");
  // Existing rows were filled by the backfill.
  CHECK(scalar_on(*new_app, "SELECT count(*) FROM users WHERE email IS NULL") == "0");
  CHECK(scalar_on(*new_app, "SELECT email FROM users WHERE id = 1") == "user1@example.com");
  // The new version writes its own shape; the old one reads its own (no email column).
  exec_on(*new_app, "INSERT INTO users (name, email) VALUES ('nina', 'nina@new.example')");
  exec_on(*new_app, "UPDATE users SET email = 'one@new.example' WHERE id = 1");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM users WHERE name IN ('nina', 'olga')") == "2");
  CHECK(scalar_on(*new_app, "SELECT email FROM users WHERE id = 1") == "one@new.example");
  // NOT NULL is enforced for new rows already (CHECK ... NOT VALID, validated after backfill).
  CHECK_FALSE(new_app->exec("INSERT INTO users (name, email) VALUES ('x', NULL)").is_ok());
  // Unique, through the concurrently built index.
  CHECK_FALSE(
      new_app->exec("INSERT INTO users (name, email) VALUES ('y', 'nina@new.example')").is_ok());
  CHECK(lc.db.scalar("SELECT bool_and(indisvalid) FROM pg_index WHERE indexrelid = "
                     "'users_email_key'::regclass") == "t");

  SUBCASE("complete: only the new shape remains, with every row either version wrote") {
    lc.complete();
    CHECK(history_state(lc.db, "1") == "applied");
    column_must_exist(lc.db, "users", "email");
    CHECK(lc.db.scalar("SELECT is_nullable FROM information_schema.columns WHERE table_name = "
                       "'users' AND column_name = 'email'") == "NO");
    CHECK(lc.db.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'users_email_key' AND "
                       "contype = 'u'") == "1");
    CHECK(lc.db.scalar("SELECT email FROM users WHERE name = 'olga'") == "olga@example.com");
    CHECK(lc.db.scalar("SELECT email FROM users WHERE name = 'nina'") == "nina@new.example");
    CHECK(lc.db.scalar("SELECT count(*) FROM users") == "3002");
    // The new version keeps reading through its version schema.
    CHECK(scalar_on(*new_app, "SELECT email FROM users WHERE id = 1") == "one@new.example");
    lc.no_pgshift_objects_remain(true);
    SUBCASE("complete is idempotent: a second run finds nothing to do") {
      auto again = lc.pgshift({"complete"});
      CHECK(again.exit_code == 2);
      CHECK(again.all().find("no operations migration is expanded") != std::string::npos);
    }
  }
  SUBCASE("rollback: the old shape exactly as before, rows of both versions kept") {
    lc.rollback();
    CHECK(history_state(lc.db, "1") == "");
    CHECK(lc.dump() == before);
    lc.no_pgshift_objects_remain(false);
    CHECK(lc.db.scalar("SELECT count(*) FROM users WHERE name IN ('olga', 'nina')") == "2");
    CHECK(lc.db.scalar("SELECT count(*) FROM pgshift.backfills") == "0");
    SUBCASE("and it can be expanded again") {
      lc.expand();
      CHECK(lc.db.scalar("SELECT count(*) FROM public_1_ops.users WHERE email IS NULL") == "0");
    }
  }
}

TEST_CASE("ops::rename_column lifecycle") {
  Lifecycle lc(k_users, k_rename);
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  exec_on(*old_app, "INSERT INTO users (name) VALUES ('olga')");
  exec_on(*new_app, "INSERT INTO users (full_name) VALUES ('nina')");
  exec_on(*new_app, "UPDATE users SET full_name = 'olga2' WHERE full_name = 'olga'");
  CHECK(scalar_on(*old_app, "SELECT count(*) FROM users WHERE name IN ('nina', 'olga2')") == "2");
  CHECK(scalar_on(*new_app, "SELECT count(*) FROM users WHERE full_name IN ('nina', 'olga2')") ==
        "2");
  CHECK_FALSE(new_app->exec("SELECT name FROM users").is_ok());
  SUBCASE("complete") {
    lc.complete();
    column_must_exist(lc.db, "users", "full_name");
    column_must_not_exist(lc.db, "users", "name");
    CHECK(scalar_on(*new_app, "SELECT count(*) FROM users WHERE full_name = 'nina'") == "1");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops: the direction of a write comes from pgshift.version before search_path") {
  Lifecycle lc(k_users, k_add_email);
  lc.expand();
  // An application that keeps the base schema first in its search_path but names its version:
  // its writes go the new way (email as written, not recomputed from `up`).
  auto s = lc.db.connect("new-app-by-setting");
  exec_on(*s, "SET pgshift.version = '1'");
  exec_on(*s, "INSERT INTO public_1_ops.users (name, email) VALUES ('set', 'set@new.example')");
  CHECK(lc.db.scalar("SELECT _pgshift_new_email FROM users WHERE name = 'set'") ==
        "set@new.example");
  // The same write from an old session is recomputed from `up`.
  auto old_app = lc.old_app();
  exec_on(*old_app, "UPDATE users SET name = 'set2' WHERE name = 'set'");
  CHECK(lc.db.scalar("SELECT _pgshift_new_email FROM users WHERE name = 'set2'") ==
        "set2@example.com");
  // A setting that names no version is an error, not a silent guess.
  exec_on(*s, "SET pgshift.version = 'banana'");
  auto bad = s->exec("INSERT INTO public_1_ops.users (name, email) VALUES ('b', 'b@x')");
  CHECK_FALSE(bad.is_ok());
  CHECK(bad.message().find("names no version") != std::string::npos);
  // The new app by search_path, with its own choice of order.
  auto by_path = lc.new_app(true);
  exec_on(*by_path, "INSERT INTO users (name, email) VALUES ('path', 'path@new.example')");
  CHECK(lc.db.scalar("SELECT _pgshift_new_email FROM users WHERE name = 'path'") ==
        "path@new.example");
}

TEST_CASE("ops: several migrations expanded at once are completed in order") {
  Lifecycle lc(k_users + std::string("CREATE TABLE orgs (id bigserial PRIMARY KEY, title text);"
                                     "INSERT INTO orgs (title) VALUES ('a'), ('b');"),
               k_add_email);
  lc.project.write("2_orgs.toml",
                   "[[operations]]\nop = \"rename_column\"\ntable = \"orgs\"\nfrom = \"title\"\n"
                   "to = \"name\"\n");
  lc.expand();
  CHECK(history_state(lc.db, "1") == "expanded");
  CHECK(history_state(lc.db, "2") == "expanded");
  // Version 2's schema shows version 1's new shape of users too.
  CHECK(lc.db.scalar("SELECT count(*) FROM public_2_orgs.users WHERE email IS NOT NULL") == "3000");
  CHECK(lc.db.scalar("SELECT string_agg(name, ',' ORDER BY id) FROM public_2_orgs.orgs") == "a,b");

  SUBCASE("rollback takes the newest first") {
    auto refused = lc.pgshift({"rollback", "1"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.all().find("roll back the newest first") != std::string::npos);
    lc.rollback();
    CHECK(history_state(lc.db, "2") == "");
    CHECK(history_state(lc.db, "1") == "expanded");
  }
  SUBCASE("complete 2 completes 1 first, and drops version 1's schema") {
    auto o = lc.pgshift({"complete", "2"});
    REQUIRE_MESSAGE(o.exit_code == 0, o.all());
    CHECK(history_state(lc.db, "1") == "applied");
    CHECK(history_state(lc.db, "2") == "applied");
    CHECK(lc.db.scalar("SELECT string_agg(nspname, ',') FROM pg_namespace WHERE nspname LIKE "
                       "'public\\_%'") == "public_2_orgs");
    column_must_exist(lc.db, "orgs", "name");
    column_must_exist(lc.db, "users", "email");
  }
  SUBCASE("a third migration may not change a table an expanded one changes") {
    lc.project.write("3_more.toml",
                     "[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = \"name\"\n"
                     "to = \"login\"\n");
    const std::string dump = lc.dump();
    auto o = lc.pgshift({"up"});
    CHECK(o.exit_code == 2);
    CHECK(o.all().find("3_more.toml:1:1: table \"users\" is also changed by migration 1 \"ops\", "
                       "which is still expanded") != std::string::npos);
    CHECK(lc.dump() == dump);
    CHECK(history_state(lc.db, "3") == "");
  }
}

TEST_CASE("ops: up --complete runs both phases; plan V shows the three phases") {
  Lifecycle lc(k_users, k_rename);
  auto plan = lc.pgshift({"plan", "1"});
  REQUIRE_MESSAGE(plan.exit_code == 0, plan.all());
  const auto plans = events_of(plan.out, "plan");
  REQUIRE(plans.size() == 3);
  CHECK(plans[0]["direction"] == "expand");
  CHECK(plans[1]["direction"] == "contract");
  CHECK(plans[2]["direction"] == "rollback");
  CHECK(plans[1]["steps"][0]["lock"].get<std::string>().find("ACCESS EXCLUSIVE") !=
        std::string::npos);
  CHECK(history_rows(lc.db) == 0);  // plan changes nothing
  auto up = lc.pgshift({"up", "--complete"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  CHECK(history_state(lc.db, "1") == "applied");
  column_must_exist(lc.db, "users", "full_name");
  CHECK(events_with(lc.db, "expand", "ok") == 1);
  CHECK(events_with(lc.db, "complete", "ok") == 1);
}
