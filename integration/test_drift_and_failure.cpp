// Checksum drift, repair, failing migrations (transactional and not), resume, out-of-order.
#include "support/harness.hpp"

using namespace it;

TEST_CASE("an edited applied file refuses up with exit 5 and runs nothing") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  REQUIRE(run(p.root(), db.url(), {"up"}).exit_code == 0);
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");

  SUBCASE("whitespace, comments and keyword case do not count in normalized mode") {
    p.write("1_a.up.sql", "-- a comment\ncreate   table a (\n  id int\n);\r\n");
    auto o = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    table_must_exist(db, "b");
  }
  SUBCASE("a changed identifier counts") {
    p.write("1_a.up.sql", "CREATE TABLE a (id bigint);\n");
    const std::string before = schema_fingerprint(db);
    auto o = run(p.root(), db.url(), {"up"});
    CHECK(o.exit_code == 5);
    CHECK(o.err.find("1_a.up.sql\" was edited after it was applied") != std::string::npos);
    CHECK(o.err.find("pgshift repair") != std::string::npos);
    CHECK(schema_fingerprint(db) == before);
    table_must_not_exist(db, "b");

    auto v = run(p.root(), db.url(), {"validate"});
    CHECK(v.exit_code == 5);
    auto s = run(p.root(), db.url(), {"status"});
    CHECK(s.out.find("changed") != std::string::npos);

    SUBCASE("repair accepts the edit with an audit event, then up runs") {
      auto r = run(p.root(), db.url(), {"repair"});
      CHECK_MESSAGE(r.exit_code == 0, r.all());
      CHECK(events_with(db, "repair", "ok") == 1);
      CHECK(db.scalar("SELECT detail LIKE 'accepted checksums up %' FROM pgshift.events WHERE "
                      "action = 'repair'") == "t");
      auto up = run(p.root(), db.url(), {"up"});
      CHECK_MESSAGE(up.exit_code == 0, up.all());
      table_must_exist(db, "b");
    }
  }
  SUBCASE("exact mode counts every byte") {
    TempDb db2;
    Project q;
    q.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
    REQUIRE(run(q.root(), db2.url(), {"up", "--checksum", "exact"}).exit_code == 0);
    q.write("1_a.up.sql", "CREATE TABLE a (id int);  \n");
    CHECK(run(q.root(), db2.url(), {"up", "--checksum", "exact"}).exit_code == 5);
    // The recorded mode is used to compare, whatever the current setting.
    CHECK(run(q.root(), db2.url(), {"up"}).exit_code == 5);
  }
}

TEST_CASE("a failing transactional migration leaves schema and history unchanged and one event") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  REQUIRE(run(p.root(), db.url(), {"up"}).exit_code == 0);
  p.write("2_bad.up.sql",
          "CREATE TABLE b (id int);\nALTER TABLE a ADD COLUMN x int;\nINSERT INTO missing VALUES "
          "(1);\n");
  const std::string schema_before = schema_fingerprint(db);
  const std::string history_before =
      db.scalar("SELECT string_agg(version || state || checksum_up, ',') FROM pgshift.migrations");
  auto o = run(p.root(), db.url(), {"up"});
  CHECK(o.exit_code == 1);
  CHECK(o.err.find("migration 2 \"bad\" failed at statement 3") != std::string::npos);
  CHECK(o.err.find("2_bad.up.sql:3:1") != std::string::npos);
  CHECK(o.err.find("SQLSTATE 42P01") != std::string::npos);
  CHECK(schema_fingerprint(db) == schema_before);
  CHECK(db.scalar("SELECT string_agg(version || state || checksum_up, ',') FROM "
                  "pgshift.migrations") == history_before);
  CHECK(events_with(db, "up", "failed") == 1);
  // Nothing needs fixing by hand: correct the file and run again.
  p.write("2_bad.up.sql", "CREATE TABLE b (id int);\nALTER TABLE a ADD COLUMN x int;\n");
  CHECK(run(p.root(), db.url(), {"up"}).exit_code == 0);
  column_must_exist(db, "a", "x");
}

TEST_CASE("a failing no-transaction file is partial; the re-run resumes at the failed statement") {
  TempDb db;
  Project p;
  const std::string head =
      "-- pgshift:no-transaction\n"
      "CREATE TABLE counter (n int);\n"
      "INSERT INTO counter VALUES (1);\n";
  p.write("1_steps.up.sql", head + "INSERT INTO nope VALUES (1);\nCREATE TABLE last (id int);\n");
  auto o = run(p.root(), db.url(), {"up"});
  CHECK(o.exit_code == 1);
  CHECK(o.err.find("failed at statement 3") != std::string::npos);
  CHECK(history_state(db, "1") == "partial");
  CHECK(db.scalar("SELECT statements_done FROM pgshift.migrations WHERE version = '1'") == "2");
  CHECK(events_with(db, "up", "failed") == 1);
  auto st = run(p.root(), db.url(), {"status"});
  CHECK(st.out.find("2 of 4 statements done") != std::string::npos);

  SUBCASE("fixing the failed statement resumes there") {
    p.write("1_steps.up.sql", head + "CREATE TABLE nope (id int);\nCREATE TABLE last (id int);\n");
    auto again = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(again.exit_code == 0, again.all());
    CHECK(db.scalar("SELECT count(*) FROM counter") == "1");
    table_must_exist(db, "last");
    CHECK(history_state(db, "1") == "applied");
  }
  SUBCASE("editing a statement that already ran refuses the run (exit 5) until repair") {
    p.write("1_steps.up.sql",
            "-- pgshift:no-transaction\nCREATE TABLE counter (n int);\n"
            "INSERT INTO counter VALUES (2);\nCREATE TABLE nope (id int);\nCREATE TABLE last (id "
            "int);\n");
    auto again = run(p.root(), db.url(), {"up"});
    CHECK(again.exit_code == 5);
    CHECK(again.err.find("statement 2 that already ran has been edited") != std::string::npos);
    table_must_not_exist(db, "nope");
    CHECK(run(p.root(), db.url(), {"repair"}).exit_code == 0);
    auto after = run(p.root(), db.url(), {"up"});
    CHECK_MESSAGE(after.exit_code == 0, after.all());
    CHECK(db.scalar("SELECT sum(n) FROM counter") == "1");  // statement 2 was not re-run
  }
  SUBCASE("down refuses a partial migration") {
    p.write("1_steps.down.sql", "DROP TABLE counter;\n");
    CHECK(run(p.root(), db.url(), {"down"}).exit_code == 5);
    table_must_exist(db, "counter");
  }
}

TEST_CASE(
    "pending migrations older than the newest applied one are refused unless --out-of-order") {
  TempDb db;
  Project p;
  p.write("20261101000000_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("20261103000000_c.up.sql", "CREATE TABLE c (id int);\n");
  REQUIRE(run(p.root(), db.url(), {"up"}).exit_code == 0);
  p.write("20261102000000_b.up.sql", "CREATE TABLE b (id int);\n");
  auto o = run(p.root(), db.url(), {"up"});
  CHECK(o.exit_code == 5);
  CHECK(o.err.find("--out-of-order") != std::string::npos);
  table_must_not_exist(db, "b");
  auto v = run(p.root(), db.url(), {"validate"});
  CHECK(v.exit_code == 0);  // a warning only
  CHECK(v.err.find("older than the newest") != std::string::npos);
  CHECK(run(p.root(), db.url(), {"up", "--out-of-order"}).exit_code == 0);
  table_must_exist(db, "b");
}

TEST_CASE("a recorded migration whose file is gone: up warns, validate refuses") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
  REQUIRE(run(p.root(), db.url(), {"up"}).exit_code == 0);
  p.remove("2_b.up.sql");
  auto up = run(p.root(), db.url(), {"up"});
  CHECK(up.exit_code == 0);
  CHECK(up.err.find("no file has version 2") != std::string::npos);
  CHECK(run(p.root(), db.url(), {"validate"}).exit_code == 5);
  CHECK(run(p.root(), db.url(), {"validate", "--offline"}).exit_code == 0);
  CHECK(run(p.root(), db.url(), {"status"}).out.find("missing") != std::string::npos);
}

TEST_CASE(
    "a migration that runs DISCARD ALL or DEALLOCATE ALL does not break pgshift's own "
    "statements") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("2_discard.up.sql",
          "-- pgshift:no-transaction\nDISCARD ALL;\nCREATE TABLE b (id int);\n");
  p.write("3_deallocate.up.sql", "DEALLOCATE ALL;\nCREATE TABLE c (id int);\n");
  p.write("4_d.up.sql", "CREATE TABLE d (id int);\n");
  auto o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(history_rows(db) == 4);
  CHECK(history_state(db, "2") == "applied");
  table_must_exist(db, "d");
}

namespace {

// A trigger standing in for any failure of a history write: it refuses every write of the row
// of migration `version` in pgshift.migrations.
void refuse_history_writes_of(const TempDb& db, const std::string& version) {
  db.exec(
      "CREATE FUNCTION public.refuse_history_write() RETURNS trigger LANGUAGE plpgsql AS $f$ "
      "BEGIN IF coalesce(NEW.version, OLD.version) = '" +
      version +
      "' THEN RAISE EXCEPTION 'history write refused by the test'; END IF; "
      "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $f$;"
      "CREATE TRIGGER refuse_history_write BEFORE INSERT OR UPDATE OR DELETE ON "
      "pgshift.migrations FOR EACH ROW EXECUTE FUNCTION public.refuse_history_write()");
}

int history_events(const TempDb& db) {
  return std::stoi(db.scalar("SELECT count(*) FROM pgshift.events"));
}

}  // namespace

TEST_CASE("a baseline or repair that fails after its first write leaves the history as it was") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
  p.write("3_c.up.sql", "CREATE TABLE c (id int);\n");

  SUBCASE("baseline: the rows written before the failure are rolled back") {
    // A history that exists but records nothing, as baseline requires.
    REQUIRE(run(p.root(), db.url(), {"up", "--to", "1"}).exit_code == 0);
    db.exec("DELETE FROM pgshift.migrations; DELETE FROM pgshift.events");
    refuse_history_writes_of(db, "2");
    auto b = run(p.root(), db.url(), {"baseline", "3"});
    CHECK_MESSAGE(b.exit_code == 1, b.all());
    CHECK(b.err.find("history write refused by the test") != std::string::npos);
    CHECK(history_rows(db) == 0);  // version 1 was written first, then rolled back
    CHECK(history_events(db) == 0);
    CHECK(db.scalar("SELECT count(*) FROM pgshift.meta WHERE key = 'baseline_version'") == "0");
    // The session was left clean: once the trigger is gone the same baseline succeeds.
    db.exec("DROP TRIGGER refuse_history_write ON pgshift.migrations");
    auto again = run(p.root(), db.url(), {"baseline", "3"});
    CHECK_MESSAGE(again.exit_code == 0, again.all());
    CHECK(history_rows(db) == 3);
  }
  SUBCASE("repair: the rows repaired before the failure are rolled back") {
    REQUIRE(run(p.root(), db.url(), {"up"}).exit_code == 0);
    p.write("1_a.up.sql", "CREATE TABLE a (id bigint);\n");
    p.write("2_b.up.sql", "CREATE TABLE b (id bigint);\n");
    const std::string sums =
        "SELECT string_agg(checksum_up, ',' ORDER BY version) FROM "
        "pgshift.migrations";
    const std::string before = db.scalar(sums);
    const int events = history_events(db);
    refuse_history_writes_of(db, "2");
    auto r = run(p.root(), db.url(), {"repair"});
    CHECK_MESSAGE(r.exit_code == 1, r.all());
    CHECK(r.err.find("history write refused by the test") != std::string::npos);
    CHECK(db.scalar(sums) == before);  // version 1 was repaired first, then rolled back
    CHECK(history_events(db) == events);
    CHECK(run(p.root(), db.url(), {"validate"}).exit_code == 5);  // still drift
  }
}
