// The run catalog: what the statements of a run do to the names of tables and indexes, read at
// a statement's place in the run; and the names PostgreSQL gives indexes a statement leaves
// unnamed.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/directives.hpp"
#include "lint/index_name.hpp"
#include "lint/linter.hpp"
#include "lint/run_catalog.hpp"

namespace pgshift::lint {
namespace {

// The files of a run, each parsed, recorded in a catalog in order.
struct Run {
  std::vector<core::Section> sections;
  std::vector<File> files;
  RunCatalog catalog;

  explicit Run(const std::vector<std::string>& texts) {
    sections.reserve(texts.size());
    for (std::size_t f = 0; f < texts.size(); ++f) {
      core::Section s;
      s.path = std::to_string(f + 1) + ".sql";
      s.text = texts[f];
      Result<core::SectionDirectives> d = core::parse_directives(s.text, s.path, 1);
      REQUIRE(d.is_ok());
      s.directives = std::move(d).value();
      sections.push_back(std::move(s));
    }
    for (std::size_t f = 0; f < sections.size(); ++f) {
      Result<File> parsed = parse_file(sections[f]);
      REQUIRE_MESSAGE(parsed.is_ok(), parsed.status().message());
      files.push_back(std::move(parsed).value());
      for (std::size_t i = 0; i < files[f].statements.size(); ++i) {
        const sql::Statement& st = files[f].statements[i];
        catalog.record(RunPos{f, i}, st.node, st.tree->at(st.node));
      }
    }
  }
};

TableRef ref(const std::string& written) {
  const auto dot = written.find('.');
  return dot == std::string::npos ? TableRef{"", written}
                                  : TableRef{written.substr(0, dot), written.substr(dot + 1)};
}

// Where the table `name` was created, as "file:statement", "before the run" for a target's
// table the run renamed, "" when the run has not touched the name.
std::string created(const Run& run, const std::string& name, RunPos pos) {
  const std::optional<TableOrigin> o = run.catalog.table(ref(name), pos);
  if (!o) {
    return "";
  }
  if (!o->created) {
    return "before the run as " + o->first_name.key();
  }
  return std::to_string(o->created->file) + ":" + std::to_string(o->created->statement) + " as " +
         o->first_name.key();
}

// The table of index `index` as a key, "dropped" when the run dropped it, "" when the run
// has not touched the name.
std::string index_table(const Run& run, const std::string& index, RunPos pos) {
  const std::optional<IndexOrigin> o = run.catalog.index(ref(index), pos);
  if (!o) {
    return "";
  }
  return o->table ? o->table->key() : "dropped";
}

bool never_taken(const std::string&) {
  return false;
}

}  // namespace

TEST_CASE("lint::RunCatalog: tables") {
  SUBCASE("a created table counts from the next statement on, in this file and later ones") {
    Run run({"CREATE TABLE users (id int);\nALTER TABLE users ADD COLUMN a int;\n",
             "ALTER TABLE users ADD COLUMN b int;\n"});
    CHECK(created(run, "users", {0, 0}) == "");
    CHECK(created(run, "users", {0, 1}) == "0:0 as public.users");
    CHECK(created(run, "public.users", {1, 0}) == "0:0 as public.users");
    CHECK(created(run, "app.users", {1, 0}) == "");
  }
  SUBCASE("CREATE TABLE AS, SELECT INTO, PARTITION OF and LIKE create tables") {
    Run run(
        {"CREATE TABLE a AS SELECT 1 AS x;\nSELECT 1 AS x INTO b;\n"
         "CREATE TABLE c (LIKE a INCLUDING ALL);\n"
         "CREATE TABLE p (id int) PARTITION BY RANGE (id);\n"
         "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"});
    for (const char* name : {"a", "b", "c", "p", "p1"}) {
      CHECK_MESSAGE(created(run, name, {1, 0}) != "", name);
    }
  }
  SUBCASE("a rename carries the creation to the new name; the old name is free from then on") {
    Run run({"CREATE TABLE replication_target (id int);\n",
             "ALTER TABLE replication_target RENAME TO registry;\n"
             "ALTER TABLE registry ADD COLUMN a int;\n"});
    CHECK(created(run, "replication_target", {1, 0}) == "0:0 as public.replication_target");
    CHECK(created(run, "registry", {1, 0}) == "");
    CHECK(created(run, "registry", {1, 1}) == "0:0 as public.replication_target");
    CHECK(created(run, "replication_target", {1, 1}) == "");
  }
  SUBCASE("schema-qualified renames and SET SCHEMA keep the schema they are written in") {
    Run run(
        {"CREATE TABLE app.a (id int);\nALTER TABLE IF EXISTS ONLY app.a RENAME TO b;\n"
         "ALTER TABLE app.b SET SCHEMA archive;\nSELECT 1;\n"});
    CHECK(created(run, "app.b", {0, 2}) == "0:0 as app.a");
    CHECK(created(run, "b", {0, 2}) == "");
    CHECK(created(run, "archive.b", {0, 3}) == "0:0 as app.a");
    CHECK(created(run, "app.b", {0, 3}) == "");
  }
  SUBCASE("unqualified names are public's; quoted names keep their case") {
    Run run(
        {"CREATE TABLE \"User\" (id int);\nCREATE TABLE public.orders (id int);\n"
         "SELECT 1;\n"});
    CHECK(created(run, "User", {0, 2}) != "");
    CHECK(created(run, "user", {0, 2}) == "");
    CHECK(created(run, "orders", {0, 2}) != "");
  }
  SUBCASE("a target's table renamed by the run keeps its facts' name") {
    Run run({"ALTER TABLE events RENAME TO events_old;\nSELECT 1;\n"});
    CHECK(created(run, "events_old", {0, 1}) == "before the run as public.events");
  }
  SUBCASE("a dropped table is gone; created again it is a new table") {
    Run run(
        {"CREATE TABLE t (id int);\nDROP TABLE t;\nSELECT 1;\nCREATE TABLE t (id int);\n"
         "SELECT 1;\n"});
    CHECK(created(run, "t", {0, 1}) == "0:0 as public.t");
    CHECK(created(run, "t", {0, 2}) == "");
    CHECK(created(run, "t", {0, 4}) == "0:3 as public.t");
  }
  SUBCASE("CREATE TABLE IF NOT EXISTS of a table the run has creates nothing") {
    Run run({"CREATE TABLE t (id int);\n", "CREATE TABLE IF NOT EXISTS t (id int);\nSELECT 1;\n"});
    CHECK(created(run, "t", {1, 1}) == "0:0 as public.t");
  }
}

TEST_CASE("lint::RunCatalog: indexes") {
  SUBCASE("CREATE INDEX: the index is known with its table, in the table's schema") {
    Run run(
        {"CREATE TABLE app.jobs (id int, policy_id int);\n"
         "CREATE INDEX policy ON app.jobs (policy_id);\n"
         "CREATE UNIQUE INDEX IF NOT EXISTS \"Jobs_key\" ON app.jobs (id);\n",
         "DROP INDEX app.policy;\nDROP INDEX policy;\n"});
    CHECK(index_table(run, "app.policy", {1, 0}) == "app.jobs");
    CHECK(index_table(run, "policy", {1, 0}) == "");
    CHECK(index_table(run, "app.Jobs_key", {1, 0}) == "app.jobs");
    CHECK(index_table(run, "app.policy", {1, 1}) == "dropped");  // by the statement before
  }
  SUBCASE("an index dropped and created again is the latest one's") {
    Run run({"CREATE TABLE a (x int);\nCREATE TABLE b (x int);\nCREATE INDEX i ON a (x);\n",
             "DROP INDEX IF EXISTS i;\nCREATE INDEX i ON b (x);\n", "DROP INDEX i;\n"});
    CHECK(index_table(run, "i", {1, 0}) == "public.a");
    CHECK(index_table(run, "i", {2, 0}) == "public.b");
  }
  SUBCASE("the indexes of constraints, named or by PostgreSQL's default names") {
    Run run(
        {"CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, a int, b int, c int,\n"
         "  UNIQUE (a, b) INCLUDE (c), CONSTRAINT t_c EXCLUDE USING gist (c WITH =));\n"
         "ALTER TABLE t ADD COLUMN d int UNIQUE, ADD CONSTRAINT named UNIQUE (d),\n"
         "  ADD UNIQUE (d);\n"
         "CREATE INDEX ON t (lower(email), (a::text), b);\nCREATE INDEX ON t (a);\n"
         "CREATE INDEX ON t (a, a);\nSELECT 1;\n"});
    // As PostgreSQL 15 names them (pg_class after the same statements).
    for (const char* index : {"t_pkey", "t_email_key", "t_a_b_c_key", "t_c", "t_d_key", "named",
                              "t_d_key1", "t_lower_a_b_idx", "t_a_idx", "t_a_a1_idx"}) {
      CHECK_MESSAGE(index_table(run, index, {0, 6}) == "public.t", index);
    }
  }
  SUBCASE("renames: of the table, of the index, of the constraint, USING INDEX") {
    Run run(
        {"CREATE TABLE jobs (id int, policy_id int);\n"
         "CREATE INDEX policy ON jobs (policy_id);\nCREATE UNIQUE INDEX u ON jobs (id);\n"
         "ALTER TABLE jobs ADD CONSTRAINT jobs_u UNIQUE USING INDEX u;\n"
         "ALTER TABLE jobs RENAME TO schedule_jobs;\n"
         "ALTER INDEX policy RENAME TO by_policy;\n"
         "ALTER TABLE schedule_jobs RENAME CONSTRAINT jobs_u TO schedule_jobs_u;\n"
         "SELECT 1;\n"});
    CHECK(index_table(run, "jobs_u", {0, 4}) == "public.jobs");
    CHECK(index_table(run, "u", {0, 4}) == "dropped");
    CHECK(index_table(run, "policy", {0, 5}) == "public.schedule_jobs");
    CHECK(index_table(run, "by_policy", {0, 7}) == "public.schedule_jobs");
    CHECK(index_table(run, "schedule_jobs_u", {0, 7}) == "public.schedule_jobs");
    CHECK(index_table(run, "jobs_u", {0, 7}) == "dropped");
    CHECK(index_table(run, "policy", {0, 7}) == "dropped");
  }
  SUBCASE("dropping the table or the constraint drops the index") {
    Run run(
        {"CREATE TABLE t (id int PRIMARY KEY, a int);\nCREATE INDEX t_a ON t (a);\n"
         "ALTER TABLE t DROP CONSTRAINT t_pkey;\nDROP TABLE t;\nSELECT 1;\n"});
    CHECK(index_table(run, "t_pkey", {0, 2}) == "public.t");
    CHECK(index_table(run, "t_pkey", {0, 3}) == "dropped");
    CHECK(index_table(run, "t_a", {0, 3}) == "public.t");
    CHECK(index_table(run, "t_a", {0, 4}) == "dropped");
  }
  SUBCASE("an index the run drops is gone, whoever created it") {
    Run run({"DROP INDEX IF EXISTS unique_queue_name_message_id;\nSELECT 1;\n"});
    CHECK(index_table(run, "unique_queue_name_message_id", {0, 0}) == "");
    CHECK(index_table(run, "unique_queue_name_message_id", {0, 1}) == "dropped");
  }
  SUBCASE("CREATE SCHEMA ... CREATE TABLE: the table and its indexes are the schema's") {
    Run run({"CREATE SCHEMA app CREATE TABLE jobs (id int PRIMARY KEY);\nSELECT 1;\n"});
    CHECK(index_table(run, "app.jobs_pkey", {0, 1}) == "app.jobs");
    CHECK(created(run, "app.jobs", {0, 1}) == "0:0 as app.jobs");
  }
  SUBCASE("an index on a table the target has is known too") {
    Run run({"CREATE INDEX events_kind ON events (kind);\nSELECT 1;\n"});
    CHECK(index_table(run, "events_kind", {0, 1}) == "public.events");
  }
}

TEST_CASE("lint::RunCatalog: search_path") {
  Run run({"CREATE TABLE t (id int);\nSET search_path TO app;\nSELECT 1;\n",
           "SELECT pg_catalog.set_config('search_path', '', false);\n"});
  CHECK_FALSE(run.catalog.search_path_changed({0, 1}));
  CHECK(run.catalog.search_path_changed({0, 2}));
  CHECK(run.catalog.search_path_changed({1, 0}));
  Run dump({"SELECT 1;\n", "SELECT pg_catalog.set_config('search_path', '', false);\nSELECT 1;\n"});
  CHECK_FALSE(dump.catalog.search_path_changed({1, 0}));
  CHECK(dump.catalog.search_path_changed({1, 1}));
}

TEST_CASE("lint::choose_index_name") {
  SUBCASE("labels by kind") {
    CHECK(choose_index_name("users", {"id"}, IndexKind::primary, never_taken) == "users_pkey");
    CHECK(choose_index_name("users", {"email"}, IndexKind::unique, never_taken) ==
          "users_email_key");
    CHECK(choose_index_name("users", {"a", "b"}, IndexKind::plain, never_taken) == "users_a_b_idx");
    CHECK(choose_index_name("r", {"during"}, IndexKind::exclusion, never_taken) == "r_during_excl");
  }
  SUBCASE("a taken name gets a number after the label") {
    auto taken = [](const std::string& n) { return n == "users_email_key"; };
    CHECK(choose_index_name("users", {"email"}, IndexKind::unique, taken) == "users_email_key1");
  }
  SUBCASE("63 bytes at most, the longer part shortened first (PostgreSQL's own results)") {
    // relname in pg_class after CREATE TABLE and CREATE INDEX with these names (PostgreSQL 15).
    const std::string table(40, 't');
    const std::string column(40, 'c');
    CHECK(choose_index_name(table, {column}, IndexKind::plain, never_taken) ==
          std::string(29, 't') + "_" + std::string(29, 'c') + "_idx");
    CHECK(choose_index_name(std::string(63, 'x'), {}, IndexKind::primary, never_taken) ==
          std::string(58, 'x') + "_pkey");
  }
}

}  // namespace pgshift::lint
