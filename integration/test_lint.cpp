// The linter wired into the product: the gate of `up` (refusal, --allow-unsafe and its audit
// event), facts from a real table, a fresh database migrating from zero, `pgshift lint`'s
// output formats and exit codes.
#include "core/quote.hpp"
#include "support/harness.hpp"

using namespace it;

namespace {

// A volatile default rewrites the whole table under ACCESS EXCLUSIVE: error-level.
const char* const k_rewrite =
    "ALTER TABLE events ADD COLUMN token uuid DEFAULT gen_random_uuid();\n";

void fill_events(const TempDb& db, int rows) {
  db.exec("CREATE TABLE events (id bigint PRIMARY KEY, payload text)");
  db.exec("INSERT INTO events SELECT g, 'payload ' || g FROM generate_series(1, " +
          std::to_string(rows) + ") g");
  db.exec("ANALYZE events");
}

// The two advisory rules that every unqualified, untimed statement meets are turned off, so
// that each case sees the finding it is about (their own fixtures test them).
void quiet_advice(const Project& p) {
  p.write("./pgshift.toml",
          "[lint]\ndisabled = [\"require-statement-timeout\", \"require-table-schema\"]\n");
}

}  // namespace

TEST_CASE("up refuses an error-level hazard on a big table: exit 3, nothing run") {
  TempDb db;
  fill_events(db, 50000);
  Project p;
  quiet_advice(p);
  p.write("1_token.up.sql", k_rewrite);
  const std::string before = schema_fingerprint(db);

  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 3, o.all());
  CHECK(o.err.find("1_token.up.sql:1:31: error[adding-field-with-default] table \"events\" has "
                   "~50k rows") != std::string::npos);
  CHECK(o.err.find("lint refused the run: 1 error-level finding") != std::string::npos);
  CHECK(schema_fingerprint(db) == before);
  column_must_not_exist(db, "events", "token");
  // Refused before anything: not even the history schema exists.
  CHECK(db.scalar("SELECT to_regnamespace('pgshift') IS NULL") == "t");
  CHECK(history_rows(db) == 0);

  SUBCASE("--dry-run shows the finding and does not refuse") {
    auto d = run(p.root(), db.url(), {"up", "--dry-run"});
    CHECK_MESSAGE(d.exit_code == 0, d.all());
    CHECK(d.err.find("error[adding-field-with-default]") != std::string::npos);
    column_must_not_exist(db, "events", "token");
  }
  SUBCASE("validate reports it and exits 3") {
    auto v = run(p.root(), db.url(), {"validate", "--json"});
    CHECK_MESSAGE(v.exit_code == 3, v.all());
    auto found = events_of(v.out, "lint_finding");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["rule"] == "adding-field-with-default");
    CHECK(found[0]["level"] == "error");
    CHECK(events_of(v.out, "error")[0]["code"] == "lint_refused");
  }
  SUBCASE("--allow-unsafe runs it and the audit event records that") {
    auto u = run(p.root(), db.url(), {"up", "--allow-unsafe"});
    CHECK_MESSAGE(u.exit_code == 0, u.all());
    CHECK(u.err.find("--allow-unsafe") != std::string::npos);
    column_must_exist(db, "events", "token");
    CHECK(history_state(db, "1") == "applied");
    CHECK(db.scalar("SELECT detail FROM pgshift.events WHERE action = 'up' AND version = '1' "
                    "AND outcome = 'ok'") ==
          "{\"allow_unsafe\":true,\"findings\":[\"adding-field-with-default\"]}");
  }
  SUBCASE("a lint-ignore with the rule id lets it run, with a plain audit event") {
    p.write("1_token.up.sql",
            "-- pgshift:lint-ignore adding-field-with-default\n" + std::string(k_rewrite));
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 0, u.all());
    CHECK(db.scalar("SELECT coalesce(detail, '') FROM pgshift.events WHERE action = 'up'") == "");
  }
}

TEST_CASE("facts from the real table decide: a big table blocks, a small one warns") {
  TempDb db;
  Project p;
  quiet_advice(p);
  p.write("1_token.up.sql", k_rewrite);

  SUBCASE("50k rows: the message names the size") {
    fill_events(db, 50000);
    auto o = run(p.root(), db.url(), {"lint", "--json"});
    CHECK_MESSAGE(o.exit_code == 3, o.all());
    auto found = events_of(o.out, "lint_finding");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["severity"] == "error");
    const std::string message = found[0]["message"];
    CHECK_MESSAGE(message.find("table \"events\" has ~50k rows (") == 0, message);
    CHECK(events_of(o.out, "summary")[0]["facts"] == true);
    auto offline = run(p.root(), db.url(), {"lint", "--json", "--offline"});
    CHECK(offline.exit_code == 3);
    CHECK(std::string(events_of(offline.out, "lint_finding")[0]["message"]).find("has ~") ==
          std::string::npos);
  }
  SUBCASE("an analyzed small table: a warning that does not block up") {
    fill_events(db, 40);
    auto o = run(p.root(), db.url(), {"lint"});
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    CHECK(o.out.find("warning[adding-field-with-default]") != std::string::npos);
    CHECK(o.out.find("note: table \"events\" has 40 rows, below small_table_rows (10000)") !=
          std::string::npos);
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 0, u.all());
    column_must_exist(db, "events", "token");
  }
  SUBCASE("an empty table never analyzed: a warning") {
    db.exec("CREATE TABLE events (id bigint PRIMARY KEY)");
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 0, u.all());
    CHECK(u.err.find("note: table \"events\" has 0 rows") != std::string::npos);
  }
  SUBCASE("[lint] small_table_rows moves the line") {
    fill_events(db, 40);
    p.write("./pgshift.toml", "[lint]\nsmall_table_rows = 10\n");
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 3, u.all());
    column_must_not_exist(db, "events", "token");
  }
}

TEST_CASE("a fresh database migrates from zero without --allow-unsafe") {
  TempDb db;
  Project p;
  quiet_advice(p);
  p.write("1_events.up.sql", "CREATE TABLE events (id bigint PRIMARY KEY);\n");
  p.write("2_token.up.sql", k_rewrite);
  auto u = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(u.exit_code == 0, u.all());
  CHECK(u.err.find("note: table \"events\" is created earlier in this run") != std::string::npos);
  column_must_exist(db, "events", "token");
  CHECK(history_rows(db) == 2);
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events WHERE detail <> ''") == "0");

  SUBCASE("the same file against the now existing table is judged by its facts") {
    db.exec("INSERT INTO events SELECT g FROM generate_series(1, 20000) g");
    db.exec("ANALYZE events");
    p.write("3_again.up.sql",
            "ALTER TABLE events ADD COLUMN token2 uuid DEFAULT gen_random_uuid();\n");
    auto again = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(again.exit_code == 3, again.all());
    auto pending = run(p.root(), db.url(), {"lint", "--pending", "--json"});
    CHECK(pending.exit_code == 3);
    auto found = events_of(pending.out, "lint_finding");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["path"] == "migrations/3_again.up.sql");
  }
}

TEST_CASE("pgshift lint: formats and exit codes") {
  Project p;
  quiet_advice(p);
  p.write("1_events.up.sql", "CREATE TABLE events (id bigint PRIMARY KEY);\n");

  SUBCASE("no findings: exit 0, offline with no database at all") {
    auto o = run(p.root(), "", {"lint"});
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    CHECK(o.out.find("1 file linted: no problems") != std::string::npos);
    auto j = run(p.root(), "", {"lint", "--json"});
    CHECK(j.exit_code == 0);
    auto summary = events_of(j.out, "summary");
    REQUIRE(summary.size() == 1);
    CHECK(summary[0]["errors"] == 0);
    CHECK(summary[0]["facts"] == false);
  }
  SUBCASE("an error-level finding: exit 3 in every format") {
    p.write("2_token.up.sql", "SELECT 1;\n" + std::string(k_rewrite));
    auto g = run(p.root(), "", {"lint", "--format", "github", "migrations/2_token.up.sql"});
    CHECK(g.exit_code == 3);
    CHECK(g.out.rfind("::error file=migrations/2_token.up.sql,line=2,col=31,title=adding-field-"
                      "with-default::adding column \"token\" with a volatile default",
                      0) == 0);
    CHECK(g.out.find("%0Ahelp: ") != std::string::npos);

    auto c = run(p.root(), "", {"lint", "--format", "gcc", "migrations/2_token.up.sql"});
    CHECK(c.exit_code == 3);
    CHECK(c.out.rfind("migrations/2_token.up.sql:2:31: error: adding column \"token\"", 0) == 0);
    CHECK(c.out.find("[adding-field-with-default]\n") != std::string::npos);

    auto j = run(p.root(), "", {"lint", "--format", "json", "migrations/2_token.up.sql"});
    CHECK(j.exit_code == 3);
    auto found = events_of(j.out, "lint_finding");
    REQUIRE(found.size() == 1);
    for (const char* key :
         {"rule", "severity", "path", "line", "column", "message", "lock", "help", "note"}) {
      CHECK_MESSAGE(found[0].contains(key), key);
    }
    CHECK(found[0]["line"] == 2);
    CHECK(found[0]["lock"] == "ACCESS EXCLUSIVE on \"events\" while every row is rewritten");

    // The whole directory: events is created by the earlier file, so only a warning.
    auto all = run(p.root(), "", {"lint"});
    CHECK_MESSAGE(all.exit_code == 0, all.all());
    CHECK(all.out.find("2 files linted: 1 warning") != std::string::npos);
    auto strict = run(p.root(), "", {"lint", "--max-warnings", "0"});
    CHECK(strict.exit_code == 3);
  }
  SUBCASE("bad input: exit 2") {
    CHECK(run(p.root(), "", {"lint", "nope.sql"}).exit_code == 2);
    CHECK(run(p.root(), "", {"lint", "--pg-version", "fifteen"}).exit_code == 2);
    p.write("./pgshift.toml", "[lint]\ndisabled = [\"no-such-rule\"]\n");
    auto o = run(p.root(), "", {"lint"});
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("pgshift.toml:2:13: unknown lint rule \"no-such-rule\"") != std::string::npos);
  }
}

namespace {

// A run as real folders write it (harbor, conductor, documenso): an index dropped without
// CONCURRENTLY, a table renamed and then altered, updated and dropped from.
void write_rename_run(const Project& p) {
  p.write("1_jobs.up.sql",
          "CREATE TABLE replication_job (id int PRIMARY KEY, policy_id int, status text);\n"
          "CREATE INDEX policy ON replication_job (policy_id);\n"
          "CREATE UNIQUE INDEX jobs_status_key ON replication_job (status);\n");
  p.write("2_rename.up.sql",
          "DROP INDEX policy;\n"
          "ALTER TABLE replication_job RENAME TO schedule_job;\n"
          "ALTER INDEX jobs_status_key RENAME TO schedule_job_status_key;\n"
          "DROP INDEX schedule_job_status_key;\n"
          "ALTER TABLE schedule_job ALTER COLUMN status TYPE varchar(64);\n"
          "UPDATE schedule_job SET status = 'done';\n"
          "ALTER TABLE schedule_job DROP COLUMN policy_id;\n");
}

}  // namespace

TEST_CASE(
    "a fresh database drops indexes and alters renamed tables of the run without "
    "--allow-unsafe") {
  TempDb db;
  Project p;
  quiet_advice(p);
  write_rename_run(p);
  auto u = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(u.exit_code == 0, u.all());
  CHECK(u.err.find("warning[require-concurrent-index-deletion]") != std::string::npos);
  CHECK(u.err.find("note: table \"schedule_job\" is created earlier in this run (as "
                   "\"replication_job\")") != std::string::npos);
  CHECK(u.err.find("error[") == std::string::npos);
  table_must_exist(db, "schedule_job");
  column_must_not_exist(db, "schedule_job", "policy_id");
  index_must_not_exist(db, "policy");
  index_must_not_exist(db, "schedule_job_status_key");
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events WHERE detail <> ''") == "0");

  SUBCASE("an index the run dropped is not there to drop again") {
    p.write("3_again.up.sql", "DROP INDEX IF EXISTS policy;\n");
    auto again = run(p.root(), db.url(), {"lint", "--json"});
    CHECK_MESSAGE(again.exit_code == 0, again.all());
    for (const auto& f : events_of(again.out, "lint_finding")) {
      CHECK(f["path"] != "migrations/3_again.up.sql");
    }
  }
}

TEST_CASE("the same hazards on the target's big table still block") {
  TempDb db;
  Project p;
  quiet_advice(p);
  db.exec("CREATE TABLE replication_job (id int PRIMARY KEY, policy_id int, status text)");
  db.exec("INSERT INTO replication_job SELECT g, g % 10, 'new' FROM generate_series(1, 20000) g");
  db.exec("CREATE INDEX policy ON replication_job (policy_id)");
  db.exec("ANALYZE replication_job");
  const std::string before = schema_fingerprint(db);

  SUBCASE("DROP INDEX names only the index: its table's facts decide") {
    p.write("1_drop.up.sql", "DROP INDEX policy;\n");
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 3, u.all());
    CHECK(u.err.find("error[require-concurrent-index-deletion] table \"replication_job\" has "
                     "~20k rows") != std::string::npos);
    CHECK(schema_fingerprint(db) == before);
  }
  SUBCASE("a table renamed by the run keeps its facts under the new name") {
    p.write("1_rename.up.sql",
            "ALTER TABLE replication_job RENAME TO schedule_job;\n"
            "UPDATE schedule_job SET status = 'done';\n");
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 3, u.all());
    CHECK(u.err.find("error[unbatched-update] table \"schedule_job\" has ~20k rows") !=
          std::string::npos);
    table_must_exist(db, "replication_job");
  }
  SUBCASE("the whole run of the fresh case, against the existing table") {
    db.exec("DROP INDEX policy");
    db.exec("CREATE INDEX policy ON replication_job (policy_id)");
    db.exec("CREATE UNIQUE INDEX jobs_status_key ON replication_job (id, status)");
    write_rename_run(p);
    p.write("1_jobs.up.sql", "SELECT 1;\n");  // the table exists already
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 3, u.all());
    CHECK(u.err.find("error[require-concurrent-index-deletion] table \"replication_job\"") !=
          std::string::npos);
    CHECK(u.err.find("error[changing-column-type] table \"schedule_job\" has ~20k rows") !=
          std::string::npos);
    table_must_exist(db, "replication_job");
  }
  SUBCASE("a small table of the target: warnings, and up runs") {
    db.exec("DELETE FROM replication_job WHERE id > 40");
    db.exec("VACUUM ANALYZE replication_job");
    p.write("1_drop.up.sql", "DROP INDEX policy;\n");
    auto u = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(u.exit_code == 0, u.all());
    CHECK(u.err.find("note: table \"replication_job\" has 40 rows") != std::string::npos);
    index_must_not_exist(db, "policy");
  }
}

TEST_CASE("what the target lacks and the run does not visibly create is not a blocking hazard") {
  TempDb db;
  Project p;
  quiet_advice(p);
  // conductor's V3: the index was never created; golang-migrate's history table, or a table a
  // DO block creates: the linter cannot see it created, the target does not have it.
  p.write("1_index.up.sql", "DROP INDEX IF EXISTS workflow_corr_id_index;\n");
  p.write("2_do.up.sql",
          "DO $$ BEGIN EXECUTE 'CREATE TABLE made_by_do (id int, status text)'; END $$;\n"
          "UPDATE made_by_do SET status = 'new';\n");
  auto u = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(u.exit_code == 0, u.all());
  CHECK(u.err.find("workflow_corr_id_index") == std::string::npos);
  CHECK(u.err.find("note: table \"made_by_do\" is not in the target database and no earlier "
                   "statement of the run creates it") != std::string::npos);
  table_must_exist(db, "made_by_do");

  SUBCASE("offline, without the target's facts, the same files are errors") {
    auto offline = run(p.root(), db.url(), {"lint", "--offline"});
    CHECK(offline.exit_code == 3);
    CHECK(offline.out.find("error[require-concurrent-index-deletion]") != std::string::npos);
  }
}
