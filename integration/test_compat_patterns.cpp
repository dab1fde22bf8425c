// Patterns found in public projects' migration folders (docs/compatibility.md, the corpus of
// scripts/compat-all), each rewritten with SQL of our own so that CI keeps them without the
// corpus. Every case applies a folder with pgshift and, on a second database, with a reference
// that sends what the project's own tool sends; the two databases must end up alike after up,
// after `down --all` and after up again.
//
// Reference: each migration's SQL as ONE simple query (TempDb::exec), ups in version order and
// downs newest first. That is what golang-migrate's postgres driver and Prisma send for a file;
// for the other layouts each case writes out what the tool sends, with the tool's own BEGIN and
// COMMIT where it wraps a migration in a transaction.
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/harness.hpp"

using namespace it;

namespace {

// One migration as its tool runs it: the queries sent for up, in order, and for down (nullopt:
// no down SQL). A query may hold several statements, as the tools send them.
struct Step {
  std::vector<std::string> up;
  std::optional<std::vector<std::string>> down;
};

// The application's schema, as catalog rows outside pgshift's own schema, and its data (one
// checksum per table). Enough to tell two databases apart where pg_dump would.
std::string app_state(const TempDb& db) {
  const std::string ns =
      "(SELECT oid, nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', "
      "'information_schema', 'pg_toast', 'pgshift') AND nspname NOT LIKE 'pg_temp_%' AND "
      "nspname NOT LIKE 'pg_toast_temp_%')";
  const std::string not_extension =
      " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = x.oid AND d.deptype = 'e')";
  std::string schema = db.scalar(
      "SELECT coalesce(string_agg(r, E'\\n' ORDER BY r), '') FROM ("
      " SELECT 'schema ' || nspname AS r FROM " +
      ns +
      " n"
      " UNION ALL SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' ||"
      "   format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' "
      "   END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
      "   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN " +
      ns +
      " n ON n.oid = "
      "   c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
      "   WHERE a.attnum > 0 AND NOT a.attisdropped"
      " UNION ALL SELECT 'relation ' || n.nspname || '.' || x.relname || ' ' || x.relkind::text"
      "   FROM pg_class x JOIN " +
      ns + " n ON n.oid = x.relnamespace WHERE true" + not_extension +
      " UNION ALL SELECT 'constraint ' || n.nspname || '.' || conname || ' ' || "
      "   pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN " +
      ns +
      " n ON n.oid = "
      "   c.connamespace"
      " UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid "
      "   THEN '' ELSE ' INVALID' END FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
      "   JOIN " +
      ns +
      " n ON n.oid = c.relnamespace"
      " UNION ALL SELECT 'routine ' || pg_get_functiondef(x.oid) FROM pg_proc x JOIN " +
      ns +
      "   "
      " n ON n.oid = x.pronamespace WHERE x.prokind IN ('f', 'p')" +
      not_extension +
      " UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN "
      "   pg_class c ON c.oid = t.tgrelid JOIN " +
      ns +
      " n ON n.oid = c.relnamespace"
      "   WHERE NOT t.tgisinternal"
      " UNION ALL SELECT 'enum ' || n.nspname || '.' || t.typname || ' ' || (SELECT "
      "   string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e WHERE e.enumtypid = "
      "   t.oid) FROM pg_type t JOIN " +
      ns +
      " n ON n.oid = t.typnamespace WHERE t.typtype = 'e'"
      " UNION ALL SELECT 'view ' || n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)"
      "   FROM pg_class c JOIN " +
      ns +
      " n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')"
      " UNION ALL SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension"
      " UNION ALL SELECT 'event trigger ' || evtname || ' ' || evtevent || ' ' || "
      "   evtfoid::regproc::text || ' ' || coalesce(array_to_string(evttags, ','), '')"
      "   FROM pg_event_trigger) s");
  std::string tables = db.scalar(
      "SELECT coalesce(string_agg(format('%I.%I', n.nspname, c.relname), E'\\n' ORDER BY "
      "n.nspname, c.relname), '')"
      " FROM pg_class c JOIN " +
      ns + " n ON n.oid = c.relnamespace WHERE c.relkind = 'r'");
  std::istringstream in(tables);
  std::string table;
  while (std::getline(in, table)) {
    schema += "\nrows " + table + " " +
              db.scalar(
                  "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, ',' ORDER BY "
                  "t::text), '')) FROM " +
                  table + " t");
  }
  return schema;
}

void reference_up(const TempDb& ref, const std::vector<Step>& steps) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (const auto& q : steps[i].up) {
      ref.exec(q);
    }
  }
}

void reference_down(const TempDb& ref, const std::vector<Step>& steps) {
  for (auto i = steps.size(); i-- > 0;) {
    for (const auto& q : steps[i].down.value_or(std::vector<std::string>{})) {
      ref.exec(q);
    }
  }
}

bool all_have_down(const std::vector<Step>& steps) {
  for (const auto& s : steps) {
    if (!s.down) {
      return false;
    }
  }
  return true;
}

// pgshift on the project must leave the database as the reference leaves it: after up, after
// down --all (when every migration has down SQL) and after up again.
void must_match_reference(const Project& p, const std::vector<Step>& steps) {
  TempDb mine;
  TempDb ref;
  auto up = run(p.root(), mine.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  reference_up(ref, steps);
  CHECK(app_state(mine) == app_state(ref));
  if (!all_have_down(steps)) {
    return;
  }
  auto down = run(p.root(), mine.url(), {"down", "--all"});
  REQUIRE_MESSAGE(down.exit_code == 0, down.all());
  reference_down(ref, steps);
  CHECK(app_state(mine) == app_state(ref));
  auto again = run(p.root(), mine.url(), {"up"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.all());
  reference_up(ref, steps);
  CHECK(app_state(mine) == app_state(ref));
}

// A golang-migrate folder: <base>.up.sql and, when there is one, <base>.down.sql; the tool
// sends each file as it is.
struct Pair {
  std::string base;
  std::string up;
  std::optional<std::string> down;
};

void must_match_golang_migrate(const std::vector<Pair>& pairs) {
  Project p;
  std::vector<Step> steps;
  for (const auto& m : pairs) {
    p.write(m.base + ".up.sql", m.up);
    if (m.down) {
      p.write(m.base + ".down.sql", *m.down);
    }
    Step s{{m.up}, std::nullopt};
    if (m.down) {
      s.down = std::vector<std::string>{*m.down};
    }
    steps.push_back(s);
  }
  must_match_reference(p, steps);
}

const Pair k_users = {"1_users", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n",
                      "DROP TABLE users;\n"};

}  // namespace

TEST_CASE("compat: PL/pgSQL bodies with semicolons, nested dollar quotes and a trigger") {
  // harbor, ente, conductor: trigger functions; supabase: a $func$ body holding $$ bodies.
  must_match_golang_migrate({
      k_users,
      {"2_touch",
       R"sql(ALTER TABLE users ADD COLUMN updated_at timestamptz;
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now(); -- a comment; with a semicolon
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER users_touch BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE PROCEDURE touch_updated_at();
CREATE FUNCTION make_helper() RETURNS void LANGUAGE plpgsql AS $func$
BEGIN
  EXECUTE $ddl$CREATE OR REPLACE FUNCTION helper() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$$ddl$;
END;
$func$;
SELECT make_helper();
)sql",
       "DROP FUNCTION helper();\nDROP FUNCTION make_helper();\nDROP TRIGGER users_touch ON "
       "users;\nDROP FUNCTION touch_updated_at();\nALTER TABLE users DROP COLUMN updated_at;\n"},
  });
}

TEST_CASE("compat: DO blocks, with DECLARE, loops and an exception handler") {
  // harbor, ente, supabase, documenso: data fixes and conditional DDL in DO blocks.
  must_match_golang_migrate({
      k_users,
      {"2_seed",
       R"sql(DO $$
DECLARE
  i int;
BEGIN
  FOR i IN 1..3 LOOP
    INSERT INTO users (id, name) VALUES (i, 'user ' || i);
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM users WHERE name = 'admin') THEN
    INSERT INTO users (id, name) VALUES (100, 'admin');
  END IF;
END $$;

DO $$
BEGIN
  ALTER FUNCTION does_not_exist() OWNER TO CURRENT_USER;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'skipped: %', SQLERRM;
END $$;
)sql",
       "DELETE FROM users WHERE id IN (1, 2, 3, 100);\n"},
  });
}

TEST_CASE("compat: CREATE EXTENSION IF NOT EXISTS inside a file wrapped in BEGIN ... COMMIT") {
  // documenso (pg_trgm, pgcrypto), supabase; ente wraps whole files in BEGIN ... COMMIT.
  must_match_golang_migrate({
      {"1_search",
       "BEGIN;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE TABLE docs (id int PRIMARY KEY, "
       "title text);\nCREATE INDEX docs_title_trgm ON docs USING gin (title gin_trgm_ops);\n"
       "COMMIT;\n",
       "BEGIN;\nDROP TABLE docs;\nDROP EXTENSION IF EXISTS pg_trgm;\nCOMMIT;\n"},
  });
}

TEST_CASE("compat: an enum value added in one migration and used in the next") {
  // ente, documenso: ALTER TYPE ... ADD VALUE, whose value a transaction cannot use before
  // it commits; the down files cannot remove it and say so in a comment.
  must_match_golang_migrate({
      {"1_moods",
       "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE diary (id int PRIMARY KEY, m "
       "mood NOT NULL);\n",
       "DROP TABLE diary;\nDROP TYPE mood;\n"},
      {"2_meh",
       "ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';\nALTER TYPE mood ADD VALUE IF NOT "
       "EXISTS 'happy';\n",
       "-- PostgreSQL cannot drop an enum value; 1's down drops the type\n"},
      {"3_use", "INSERT INTO diary VALUES (1, 'meh'), (2, 'happy');\n",
       "DELETE FROM diary WHERE id IN (1, 2);\n"},
  });
}

TEST_CASE("compat: comments and literals holding semicolons, and no final semicolon") {
  // harbor and documenso comment with /* */ (semicolons inside), Prisma writes "-- AlterTable".
  must_match_golang_migrate({
      {"1_notes",
       R"sql(/* record the data version; decide whether to skip */
-- CreateTable; with a semicolon in the comment
CREATE TABLE notes (
  id int PRIMARY KEY, -- the key; not null
  body text DEFAULT 'a; b -- not a comment' /* nested /* block */ comment; */
);
INSERT INTO notes VALUES (1, E'it''s; fine'), (2, $x$dollar; quoted$x$);
COMMENT ON TABLE notes IS 'notes; kept'
)sql",
       "DROP TABLE notes\n"},
  });
}

TEST_CASE("compat: CREATE INDEX CONCURRENTLY alone in a file, without a directive") {
  // ente (four files), conductor, openfga: golang-migrate sends a one-statement file as one
  // query, outside any transaction block, so CONCURRENTLY works; the down drops it the same way.
  must_match_golang_migrate({
      k_users,
      {"2_users_name_idx",
       "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx\n    ON users "
       "(name);\n",
       "DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;\n"},
  });
}

TEST_CASE("compat: unpadded versions from 0 run in numeric order") {
  // flipt: 0_initial.up.sql, 1_..., 10_... (10 after 9, not after 1).
  must_match_golang_migrate({
      {"0_initial", "CREATE TABLE flags (key text PRIMARY KEY);\n", "DROP TABLE flags;\n"},
      {"1_variants", "CREATE TABLE variants (flag text REFERENCES flags);\n",
       "DROP TABLE variants;\n"},
      {"2_segments", "CREATE TABLE segments (key text PRIMARY KEY);\n", "DROP TABLE segments;\n"},
      {"10_rules", "ALTER TABLE segments ADD COLUMN rank int NOT NULL DEFAULT 0;\n",
       "ALTER TABLE segments DROP COLUMN rank;\n"},
  });
}

TEST_CASE("compat: COMMIT inside a procedure body is not transaction control") {
  // pressly/goose testdata: a PL/pgSQL routine whose body commits.
  must_match_golang_migrate({
      k_users,
      {"2_procedure",
       R"sql(CREATE PROCEDURE add_user(p_id bigint, p_name text) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO users VALUES (p_id, p_name);
  COMMIT;
END;
$$;
)sql",
       "DROP PROCEDURE add_user(bigint, text);\n"},
  });
}

TEST_CASE("compat: files holding only comments apply and revert as no-ops") {
  // goose testdata (00004_empty), supabase (every dbmate down section is empty).
  must_match_golang_migrate({
      k_users,
      {"2_nothing", "-- kept for the numbering; nothing to do\n", "-- nothing to undo\n"},
  });
}

TEST_CASE("compat: an event trigger created by a migration") {
  // supabase: ddl_command_end / sql_drop event triggers (PostgREST's schema-cache reload).
  // They fire on every later DDL, so pgshift's own bookkeeping must not add DDL that the
  // tool would not run: the log table must hold the same rows on both sides.
  must_match_golang_migrate({
      {"1_ddl_log",
       R"sql(CREATE TABLE ddl_log (id serial PRIMARY KEY, tag text NOT NULL);
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ddl_log (tag) VALUES (tg_tag);
END;
$$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl();
)sql",
       "DROP EVENT TRIGGER log_ddl;\nDROP FUNCTION log_ddl();\nDROP TABLE ddl_log;\n"},
      {"2_users", "CREATE TABLE users (id int);\nCREATE INDEX users_id ON users (id);\n",
       "DROP TABLE users;\n"},
  });
}

TEST_CASE("compat: a down file that fails stops down --all where the tool stops") {
  // ente 93: its down drops a function that an older migration's trigger still uses, so
  // golang-migrate stops there. pgshift must stop at the same migration, leave the newer ones
  // reverted and that one applied, and apply them again with up.
  const std::vector<Pair> pairs = {
      {"1_a",
       "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
       "CREATE TABLE a (id int);\nCREATE TRIGGER a_stamp BEFORE INSERT ON a FOR EACH ROW "
       "EXECUTE FUNCTION stamp();\n",
       "DROP TABLE a;\nDROP FUNCTION stamp();\n"},
      {"2_b", "CREATE TABLE b (id int);\n", "DROP TABLE b;\nDROP FUNCTION stamp();\n"},
      {"3_c", "CREATE TABLE c (id int);\n", "DROP TABLE c;\n"},
  };
  Project p;
  TempDb mine;
  TempDb ref;
  for (const auto& m : pairs) {
    p.write(m.base + ".up.sql", m.up);
    p.write(m.base + ".down.sql", *m.down);
    ref.exec(m.up);
  }
  REQUIRE(run(p.root(), mine.url(), {"up"}).exit_code == 0);

  auto down = run(p.root(), mine.url(), {"down", "--all"});
  CHECK(down.exit_code == 1);
  CHECK(down.err.find("migration 2 \"b\" failed") != std::string::npos);
  ref.exec(*pairs[2].down);  // the tool: 3 reverted, then 2 fails and is rolled back
  CHECK(app_state(mine) == app_state(ref));
  CHECK(history_state(mine, "2") == "applied");
  CHECK(history_state(mine, "3") == "");

  auto again = run(p.root(), mine.url(), {"up"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.all());
  ref.exec(pairs[2].up);
  CHECK(app_state(mine) == app_state(ref));
}

// ---- patterns of other tools' layouts and of files with several transaction blocks ----------
// Written against the reference (the tool's own way of running the files), not against
// pgshift's internals.

TEST_CASE("compat: statements before, between and in several BEGIN ... COMMIT blocks") {
  // ente 26: two ALTERs, then two BEGIN ... COMMIT blocks.
  must_match_golang_migrate({
      k_users,
      {"2_tries",
       R"sql(ALTER TABLE users ADD COLUMN tries integer DEFAULT 0;
ALTER TABLE users ADD COLUMN fails integer DEFAULT 0;

BEGIN;
UPDATE users SET tries = 0 WHERE tries IS NULL;
ALTER TABLE users ALTER COLUMN tries SET NOT NULL;
COMMIT;

BEGIN;
UPDATE users SET fails = 0 WHERE fails IS NULL;
ALTER TABLE users ALTER COLUMN fails SET NOT NULL;
COMMIT;
)sql",
       "ALTER TABLE users DROP COLUMN tries, DROP COLUMN fails;\n"},
  });
}

TEST_CASE("compat: one version whose up and down files have different names") {
  // ente 30, 31, 42, 64, 65, 67: add_x.up.sql / drop_x.down.sql;
  // golang-migrate pairs files by version only.
  Project p;
  p.write("1_users.up.sql", k_users.up);
  p.write("1_users.down.sql", *k_users.down);
  p.write("2_add_magic.up.sql", "ALTER TABLE users ADD COLUMN magic jsonb;\n");
  p.write("2_drop_magic.down.sql", "ALTER TABLE users DROP COLUMN magic;\n");
  must_match_reference(p, {{{k_users.up}, {{*k_users.down}}},
                           {{"ALTER TABLE users ADD COLUMN magic jsonb;\n"},
                            {{"ALTER TABLE users DROP COLUMN magic;\n"}}}});
}

TEST_CASE("compat: a down file that does not parse is a warning for up, an error for down") {
  // golang-migrate reads a down file only when it reverts it:
  // a broken one must not stop up.
  TempDb db;
  Project p;
  p.write("1_users.up.sql", k_users.up);
  p.write("1_users.down.sql", "DROP TABLE users;\nDROP TABEL nothing;\n");
  auto up = run(p.root(), db.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  CHECK(up.err.find("warning") != std::string::npos);
  CHECK(up.err.find("1_users.down.sql") != std::string::npos);
  table_must_exist(db, "users");
  auto down = run(p.root(), db.url(), {"down", "--all"});
  CHECK(down.exit_code == 2);
  table_must_exist(db, "users");
}

TEST_CASE("compat: goose files, StatementBegin/End and NO TRANSACTION") {
  // openfga (NO TRANSACTION with two CONCURRENTLY statements),
  // pressly/goose testdata (StatementBegin/End around PL/pgSQL).
  Project p;
  p.write("001_users.sql", R"sql(-- +goose Up
CREATE TABLE users (id bigint PRIMARY KEY, name text);

-- +goose StatementBegin
CREATE FUNCTION user_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM users);
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION user_count();
DROP TABLE users;
)sql");
  p.write("002_users_name_idx.sql", R"sql(-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);
DROP INDEX CONCURRENTLY IF EXISTS users_name_idx_old;

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;
)sql");
  // goose: BEGIN, each statement, COMMIT; with NO TRANSACTION each statement alone.
  must_match_reference(
      p, {{{"BEGIN;\nCREATE TABLE users (id bigint PRIMARY KEY, name text);\nCREATE FUNCTION "
            "user_count() RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN (SELECT "
            "count(*) FROM users);\nEND;\n$$;\nCOMMIT;\n"},
           {{"BEGIN;\nDROP FUNCTION user_count();\nDROP TABLE users;\nCOMMIT;\n"}}},
          {{"CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);",
            "DROP INDEX CONCURRENTLY IF EXISTS users_name_idx_old;"},
           {{"DROP INDEX CONCURRENTLY IF EXISTS users_name_idx;"}}}});
}

TEST_CASE("compat: a goose or sql-migrate file without a Down section reverts as a no-op") {
  // pressly/goose testdata (00004_empty.sql: "-- +goose Up" alone): goose versions such a
  // file both ways and runs nothing; sql-migrate runs its empty Down list.
  Project p;
  p.write("001_users.sql",
          "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n"
          "-- +goose Down\nDROP TABLE users;\n");
  p.write("002_seed.sql", "-- +goose Up\nINSERT INTO users VALUES (1);\n");
  p.write("003_empty.sql", "-- +goose Up\n");
  must_match_reference(
      p, {{{"BEGIN;\nCREATE TABLE users (id bigint PRIMARY KEY);\nCOMMIT;\n"},
           {{"BEGIN;\nDROP TABLE users;\nCOMMIT;\n"}}},
          {{"BEGIN;\nINSERT INTO users VALUES (1);\nCOMMIT;\n"}, std::vector<std::string>{}},
          {{}, std::vector<std::string>{}}});
}

TEST_CASE("compat: dbmate files, migrate:up / migrate:down and transaction:false") {
  // supabase (empty down sections), dbmate testdata.
  Project p;
  p.write("20240101000000_users.sql",
          "-- migrate:up\ncreate table users (id integer, name varchar(255));\ninsert into "
          "users (id, name) values (1, 'alice');\n\n-- migrate:down\ndrop table users;\n");
  p.write("20240102000000_grants.sql",
          "-- migrate:up\ncomment on table users is 'people';\n\n-- migrate:down\n");
  p.write("20240103000000_idx.sql",
          "-- migrate:up transaction:false\ncreate index concurrently users_name on users "
          "(name);\n\n-- migrate:down transaction:false\ndrop index concurrently users_name;\n");
  // dbmate: the section as one query, between BEGIN and COMMIT unless transaction:false.
  must_match_reference(
      p, {{{"BEGIN;\ncreate table users (id integer, name varchar(255));\ninsert into users "
            "(id, name) values (1, 'alice');\nCOMMIT;\n"},
           {{"BEGIN;\ndrop table users;\nCOMMIT;\n"}}},
          {{"BEGIN;\ncomment on table users is 'people';\nCOMMIT;\n"}, {{"BEGIN;\nCOMMIT;\n"}}},
          {{"create index concurrently users_name on users (name);\n"},
           {{"drop index concurrently users_name;\n"}}}});
}

TEST_CASE("compat: sql-migrate files, +migrate Up / Down and notransaction") {
  // rubenv/sql-migrate test-migrations.
  Project p;
  p.write("1_initial.sql",
          "-- +migrate Up\n-- SQL in section 'Up' is executed when this migration is applied\n"
          "CREATE TABLE people (id int);\n\n-- +migrate Down\nDROP TABLE people;\n");
  p.write("2_index.sql",
          "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY people_id ON people (id);\n\n"
          "-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY people_id;\n");
  // sql-migrate: BEGIN, each statement, COMMIT; with notransaction each statement alone.
  must_match_reference(p, {{{"BEGIN;\nCREATE TABLE people (id int);\nCOMMIT;\n"},
                            {{"BEGIN;\nDROP TABLE people;\nCOMMIT;\n"}}},
                           {{"CREATE INDEX CONCURRENTLY people_id ON people (id);\n"},
                            {{"DROP INDEX CONCURRENTLY people_id;\n"}}}});
}

TEST_CASE("compat: Flyway files with dotted versions") {
  // conductor: V13.1 runs after V13 and before V14 (numbers,
  // not text: V2 before V10), and a file of CONCURRENTLY statements runs outside a transaction.
  Project p;
  p.write("V1__initial_schema.sql", "CREATE TABLE workflow (id text PRIMARY KEY);\n");
  p.write("V2__add_status.sql", "ALTER TABLE workflow ADD COLUMN status text;\n");
  p.write("V10__add_time.sql", "ALTER TABLE workflow ADD COLUMN update_time timestamptz;\n");
  p.write("V2.1__status_default.sql",
          "ALTER TABLE workflow ALTER COLUMN status SET DEFAULT 'NEW';\n");
  p.write("V11__indexes.sql",
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_status ON workflow (status);\n"
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_time ON workflow (update_time);\n");
  TempDb ref;
  TempDb mine;
  auto up = run(p.root(), mine.url(), {"up"});
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  ref.exec("BEGIN;\nCREATE TABLE workflow (id text PRIMARY KEY);\nCOMMIT;");
  ref.exec("BEGIN;\nALTER TABLE workflow ADD COLUMN status text;\nCOMMIT;");
  ref.exec("BEGIN;\nALTER TABLE workflow ALTER COLUMN status SET DEFAULT 'NEW';\nCOMMIT;");
  ref.exec("BEGIN;\nALTER TABLE workflow ADD COLUMN update_time timestamptz;\nCOMMIT;");
  ref.exec("CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_status ON workflow (status);");
  ref.exec("CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_time ON workflow (update_time);");
  CHECK(app_state(mine) == app_state(ref));
}

TEST_CASE("compat: Prisma folders, <timestamp>_<name>/migration.sql") {
  // documenso: one folder per migration, migration_lock.toml
  // next to them; each migration.sql is sent as one query.
  Project p;
  p.write("migration_lock.toml", "provider = \"postgresql\"\n");
  p.write("migrations/20240101000000_init/migration.sql",
          "-- CreateEnum\nCREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n\n-- CreateTable\n"
          "CREATE TABLE \"User\" (\n    \"id\" SERIAL NOT NULL,\n    \"role\" \"Role\" NOT NULL "
          "DEFAULT 'USER',\n\n    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n);\n");
  p.write("migrations/20240102000000_add_name/migration.sql",
          "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN     \"name\" TEXT;\n");
  // Prisma: each migration.sql as one query; no down SQL.
  must_match_reference(
      p, {{{"-- CreateEnum\nCREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n\n-- CreateTable\n"
            "CREATE TABLE \"User\" (\n    \"id\" SERIAL NOT NULL,\n    \"role\" \"Role\" NOT "
            "NULL DEFAULT 'USER',\n\n    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n);\n"},
           std::nullopt},
          {{"-- AlterTable\nALTER TABLE \"User\" ADD COLUMN     \"name\" TEXT;\n"}, std::nullopt}});
}

TEST_CASE(
    "compat: the lint gate lets a fresh database drop an index and alter a renamed table "
    "created in the run") {
  // harbor, ente, conductor, documenso: on a fresh database the gate refuses these (exit 3),
  // though every table involved was created by an earlier migration of the same run.
  TempDb db;
  Project p;
  p.write("1_jobs.up.sql",
          "CREATE TABLE replication_job (id int PRIMARY KEY, policy_id int, status text);\n"
          "CREATE INDEX policy ON replication_job (policy_id);\n");
  p.write("2_rename.up.sql",
          "DROP INDEX policy;\nALTER TABLE replication_job RENAME TO schedule_job;\n"
          "ALTER TABLE schedule_job ALTER COLUMN status TYPE varchar(64);\n"
          "UPDATE schedule_job SET status = 'done';\nALTER TABLE schedule_job DROP COLUMN "
          "policy_id;\n");
  auto up = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(up.exit_code == 0, up.all());
  table_must_exist(db, "schedule_job");
}

TEST_CASE("compat: golang-migrate names with dots, dashes and capitals") {
  // harbor: 0002_1.7.0_schema.up.sql; golang-migrate reads any name part
  // (^([0-9]+)_(.*)\.(down|up)\.(.*)$), and so does pgshift's golang-migrate layout.
  must_match_golang_migrate({
      k_users,
      {"0002_1.7.0_schema", "ALTER TABLE users ADD COLUMN email text;\n",
       "ALTER TABLE users DROP COLUMN email;\n"},
      {"0003_Add-Index", "CREATE INDEX users_email ON users (email);\n",
       "DROP INDEX users_email;\n"},
  });
}
