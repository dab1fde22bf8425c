// Lifecycle tests of the column operations change_type, set_not_null, drop_not_null,
// drop_column and set_default: an old-version and a new-version application session write and
// read during expand, each in its own shape; then complete or rollback. And crash tests:
// SIGKILL during a change_type's backfill and during complete, then re-run or rollback.
#include <signal.h>

#include "support/lifecycle.hpp"

using namespace it;

namespace {

const char* k_setup =
    "CREATE TABLE items (id bigserial PRIMARY KEY, qty integer NOT NULL DEFAULT 0, note text, "
    "label text NOT NULL DEFAULT 'x');\n"
    "INSERT INTO items (qty, note) SELECT g, CASE WHEN g % 2 = 0 THEN NULL ELSE 'n' || g END "
    "FROM generate_series(1, 50) g;\n";

}  // namespace

TEST_CASE("ops lifecycle: change_type integer to bigint") {
  Lifecycle lc(k_setup, ops("op = \"change_type\"\ntable = \"items\"\ncolumn = \"qty\"\n"
                            "type = \"bigint\"\nup = \"qty::bigint\"\n"
                            "down = \"least(qty, 2147483647)::integer\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  CHECK(scalar_on(*old_app, "SELECT pg_typeof(qty) FROM items LIMIT 1") == "integer");
  CHECK(scalar_on(*new_app, "SELECT pg_typeof(qty) FROM items LIMIT 1") == "bigint");
  // Existing rows are backfilled from `up`.
  CHECK(scalar_on(*new_app, "SELECT sum(qty) FROM items") == "1275");
  const std::string a = scalar_on(*old_app, "INSERT INTO items (qty) VALUES (7) RETURNING id");
  const std::string b =
      scalar_on(*new_app, "INSERT INTO items (qty) VALUES (5000000000) RETURNING id");
  const std::string c = scalar_on(*old_app, "INSERT INTO items (note) VALUES ('d') RETURNING id");
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = " + a) == "7");
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = " + c) == "0");  // the default
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = " + b) == "5000000000");
  CHECK(scalar_on(*old_app, "SELECT qty FROM items WHERE id = " + b) == "2147483647");  // down
  exec_on(*old_app, "UPDATE items SET qty = 8 WHERE id = 1");
  exec_on(*new_app, "UPDATE items SET qty = 9 WHERE id = 2");
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = 1") == "8");
  CHECK(scalar_on(*old_app, "SELECT qty FROM items WHERE id = 2") == "9");
  // An old-version update of another column keeps the new version's value that the old type
  // cannot hold.
  exec_on(*old_app, "UPDATE items SET note = 'touched' WHERE id = " + b);
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = " + b) == "5000000000");
  // NOT NULL holds for the new version's writes too.
  CHECK(fails(*new_app, "INSERT INTO items (qty) VALUES (NULL)"));

  SUBCASE("complete") {
    lc.complete();
    CHECK(lc.db.scalar("SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM "
                       "pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'qty'") ==
          "bigint true");
    CHECK(lc.db.scalar("SELECT qty FROM items WHERE id = " + b) == "5000000000");
    CHECK(lc.db.scalar("SELECT qty FROM items WHERE id = " + a) == "7");
    CHECK(lc.db.scalar("SELECT count(*) FROM items") == "53");
    CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = 2") == "9");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT qty FROM items WHERE id = " + b) == "2147483647");
    CHECK(lc.db.scalar("SELECT qty FROM items WHERE id = 2") == "9");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: set_not_null with up") {
  Lifecycle lc(k_setup, ops("op = \"set_not_null\"\ntable = \"items\"\ncolumn = \"note\"\n"
                            "up = \"'none'\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app(true);
  CHECK(lc.db.scalar("SELECT count(*) FROM items WHERE note IS NULL") == "0");  // backfilled
  CHECK(scalar_on(*new_app, "SELECT note FROM items WHERE id = 2") == "none");
  // The old version still writes NULL and gets `up`'s value.
  const std::string a =
      scalar_on(*old_app, "INSERT INTO items (qty, note) VALUES (1, NULL) RETURNING id");
  CHECK(scalar_on(*old_app, "SELECT note FROM items WHERE id = " + a) == "none");
  exec_on(*old_app, "UPDATE items SET note = NULL WHERE id = 1");
  CHECK(scalar_on(*new_app, "SELECT note FROM items WHERE id = 1") == "none");
  // The new version sees a NOT NULL column.
  CHECK(fails(*new_app, "INSERT INTO items (qty, note) VALUES (1, NULL)"));
  const std::string b =
      scalar_on(*new_app, "INSERT INTO items (qty, note) VALUES (2, 'new') RETURNING id");
  exec_on(*new_app, "UPDATE items SET note = 'upd' WHERE id = 3");
  CHECK(scalar_on(*old_app, "SELECT note FROM items WHERE id = " + b) == "new");
  CHECK(scalar_on(*old_app, "SELECT note FROM items WHERE id = 3") == "upd");

  SUBCASE("complete") {
    lc.complete();
    CHECK(lc.db.scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'items'::regclass "
                       "AND attname = 'note'") == "t");
    CHECK(lc.db.scalar("SELECT count(*) FROM items") == "52");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback: the shape is restored, the filled values stay") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT count(*) FROM items WHERE note = 'none'") == "27");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: drop_not_null with down") {
  Lifecycle lc(k_setup, ops("op = \"drop_not_null\"\ntable = \"items\"\ncolumn = \"label\"\n"
                            "down = \"'restored'\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  const std::string a =
      scalar_on(*new_app, "INSERT INTO items (qty, label) VALUES (1, NULL) RETURNING id");
  CHECK(scalar_on(*old_app, "SELECT label FROM items WHERE id = " + a) == "NULL");
  const std::string b =
      scalar_on(*old_app, "INSERT INTO items (qty, label) VALUES (2, 'old') RETURNING id");
  CHECK(scalar_on(*new_app, "SELECT label FROM items WHERE id = " + b) == "old");
  exec_on(*new_app, "UPDATE items SET label = NULL WHERE id = 1");
  exec_on(*old_app, "UPDATE items SET label = 'o' WHERE id = 2");
  CHECK(scalar_on(*old_app, "SELECT label FROM items WHERE id = 1") == "NULL");
  CHECK(scalar_on(*new_app, "SELECT label FROM items WHERE id = 2") == "o");

  SUBCASE("complete") {
    lc.complete();
    CHECK(lc.db.scalar("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'items'::regclass "
                       "AND attname = 'label'") == "f");
    CHECK(lc.db.scalar("SELECT count(*) FROM items WHERE label IS NULL") == "2");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback fills the NULLs from down") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT label FROM items WHERE id = " + a) == "restored");
    CHECK(lc.db.scalar("SELECT label FROM items WHERE id = 1") == "restored");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: drop_column with down") {
  Lifecycle lc(k_setup, ops("op = \"drop_column\"\ntable = \"items\"\ncolumn = \"note\"\n"
                            "down = \"'from-new:' || qty\"\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  CHECK(fails(*new_app, "SELECT note FROM items"));
  const std::string a = scalar_on(*new_app, "INSERT INTO items (qty) VALUES (42) RETURNING id");
  CHECK(scalar_on(*old_app, "SELECT note FROM items WHERE id = " + a) == "from-new:42");
  exec_on(*new_app, "UPDATE items SET qty = 43 WHERE id = " + a);
  CHECK(scalar_on(*old_app, "SELECT note FROM items WHERE id = " + a) == "from-new:43");
  const std::string b =
      scalar_on(*old_app, "INSERT INTO items (qty, note) VALUES (5, 'old') RETURNING id");
  exec_on(*old_app, "UPDATE items SET note = 'old2' WHERE id = 1");
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = " + b) == "5");
  CHECK(scalar_on(*old_app, "SELECT note FROM items WHERE id = 1") == "old2");
  CHECK(scalar_on(*new_app, "SELECT count(*) FROM items") == "52");

  SUBCASE("complete") {
    lc.complete();
    column_must_not_exist(lc.db, "items", "note");
    CHECK(lc.db.scalar("SELECT qty FROM items WHERE id = " + a) == "43");
    CHECK(lc.db.scalar("SELECT count(*) FROM items") == "52");
    exec_on(*new_app, "INSERT INTO items (qty) VALUES (1)");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback: the column and its values are all there") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT note FROM items WHERE id = " + a) == "from-new:43");
    CHECK(lc.db.scalar("SELECT note FROM items WHERE id = " + b) == "old");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops lifecycle: set_default, and drop_default") {
  Lifecycle lc(k_setup, ops("op = \"set_default\"\ntable = \"items\"\ncolumn = \"qty\"\n"
                            "default = \"100\"\n") +
                            ops("op = \"set_default\"\ntable = \"items\"\ncolumn = \"note\"\n"
                                "default = \"'fresh'\"\n") +
                            ops("op = \"set_default\"\ntable = \"items\"\ncolumn = \"label\"\n"
                                "drop_default = true\n"));
  const std::string before = lc.dump();
  lc.expand();
  auto old_app = lc.old_app();
  auto new_app = lc.new_app();
  const std::string a = scalar_on(*new_app, "INSERT INTO items (label) VALUES ('l') RETURNING id");
  CHECK(scalar_on(*new_app, "SELECT qty || ' ' || note FROM items WHERE id = " + a) == "100 fresh");
  const std::string b = scalar_on(*old_app, "INSERT INTO items DEFAULT VALUES RETURNING id");
  CHECK(scalar_on(*new_app,
                  "SELECT qty || ' ' || coalesce(note, '-') || ' ' || label FROM items "
                  "WHERE id = " +
                      b) == "0 - x");
  // Without its default, the NOT NULL label must be given by the new version.
  CHECK(fails(*new_app, "INSERT INTO items (qty) VALUES (1)"));
  exec_on(*new_app, "UPDATE items SET qty = qty + 1 WHERE id = " + b);
  exec_on(*old_app, "UPDATE items SET qty = qty + 1 WHERE id = " + a);
  CHECK(scalar_on(*old_app, "SELECT qty FROM items WHERE id = " + b) == "1");
  CHECK(scalar_on(*new_app, "SELECT qty FROM items WHERE id = " + a) == "101");

  SUBCASE("complete") {
    lc.complete();
    CHECK(lc.db.scalar("SELECT string_agg(column_name || '=' || coalesce(column_default, '-'), "
                       "',' ORDER BY column_name) FROM information_schema.columns WHERE "
                       "table_schema = 'public' AND table_name = 'items' AND column_name IN "
                       "('qty', 'note', 'label')") == "label=-,note='fresh'::text,qty=100");
    const std::string c = lc.db.scalar("INSERT INTO items (label) VALUES ('z') RETURNING id");
    CHECK(lc.db.scalar("SELECT qty || ' ' || note FROM items WHERE id = " + c) == "100 fresh");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback") {
    lc.rollback();
    CHECK(lc.dump() == before);
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops crash: SIGKILL during a change_type backfill, then up again or rollback") {
  Lifecycle lc(
      "CREATE TABLE big (id bigint PRIMARY KEY, n integer NOT NULL);\n"
      "INSERT INTO big SELECT g, g FROM generate_series(1, 200000) g;\n",
      ops("op = \"change_type\"\ntable = \"big\"\ncolumn = \"n\"\ntype = \"bigint\"\n"
          "up = \"n::bigint + 1\"\ndown = \"(n - 1)::integer\"\n"));
  // Small, paced batches: the backfill runs long enough to be killed in its middle.
  lc.project.write("./pgshift.toml",
                   "[backfill]\nbatch_size = 1000\nmin_batch_size = 1000\n"
                   "max_batch_size = 1000\nsleep = \"20ms\"\n");
  const std::string before = lc.dump();
  {
    Background up(lc.project.root(), lc.db.url(), {"up"});
    auto watcher = lc.db.connect("watcher");
    // The history schema appears as `up` starts: until then the query fails.
    const bool started = eventually([&] {
      auto r = watcher->query("SELECT sum(rows_done) > 0 AS started FROM pgshift.backfills");
      return r.is_ok() && r->text(0, "started") == "t";
    });
    REQUIRE(started);
    up.signal(SIGKILL);
    const Outcome o = up.wait();
    CHECK(o.exit_code == 128 + SIGKILL);
  }
  const std::string left = lc.db.scalar("SELECT count(*) FROM big WHERE _pgshift_new_n IS NULL");
  CHECK(left != "0");  // killed in the middle of the backfill
  CHECK(history_state(lc.db, "1") != "expanded");

  SUBCASE("up again converges") {
    lc.expand();
    CHECK(history_state(lc.db, "1") == "expanded");
    CHECK(lc.db.scalar("SELECT count(*) FROM big WHERE _pgshift_new_n IS DISTINCT FROM "
                       "n::bigint + 1") == "0");
    CHECK(lc.db.scalar("SELECT convalidated FROM pg_constraint WHERE conname = "
                       "'_pgshift_1_1_not_null'") == "t");
    lc.complete();
    CHECK(lc.db.scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                       "attrelid = 'big'::regclass AND attname = 'n'") == "bigint");
    CHECK(lc.db.scalar("SELECT count(*) FROM big WHERE n <> id + 1") == "0");
    lc.no_pgshift_objects_remain(true);
  }
  SUBCASE("rollback converges") {
    lc.rollback();
    CHECK(lc.dump() == before);
    CHECK(lc.db.scalar("SELECT count(*) FROM big WHERE n <> id") == "0");
    lc.no_pgshift_objects_remain(false);
  }
}

TEST_CASE("ops crash: SIGKILL during the complete of a change_type, then complete again") {
  Lifecycle lc(k_setup, ops("op = \"change_type\"\ntable = \"items\"\ncolumn = \"qty\"\n"
                            "type = \"bigint\"\nup = \"qty::bigint\"\n"
                            "down = \"least(qty, 2147483647)::integer\"\n"));
  lc.expand();
  {
    // A reader holds the table, so complete's contract step waits for its lock: killed there.
    auto reader = lc.db.connect("reader");
    exec_on(*reader, "BEGIN");
    exec_on(*reader, "SELECT count(*) FROM items");
    Background complete(lc.project.root(), lc.db.url(), {"complete"});
    wait_until_running(lc.db, "RENAME COLUMN");
    complete.signal(SIGKILL);
    const Outcome o = complete.wait();
    CHECK(o.exit_code == 128 + SIGKILL);
    exec_on(*reader, "ROLLBACK");
  }
  CHECK(history_state(lc.db, "1") == "expanded");
  lc.complete();
  CHECK(history_state(lc.db, "1") == "applied");
  CHECK(lc.db.scalar("SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM "
                     "pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'qty'") ==
        "bigint true");
  CHECK(lc.db.scalar("SELECT sum(qty) FROM items") == "1275");
  auto new_app = lc.new_app();
  CHECK(scalar_on(*new_app, "SELECT pg_typeof(qty) FROM items LIMIT 1") == "bigint");
  lc.no_pgshift_objects_remain(true);
}
