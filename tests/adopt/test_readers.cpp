// Each reader's interpretation of its tool's rows, as tables of rows and what they mean.
#include <doctest/doctest.h>

#include "adopt/registry.hpp"

using namespace pgshift;
using namespace pgshift::adopt;

namespace {

using Cell = std::optional<std::string>;

db::Rows rows(std::vector<std::string> columns, std::vector<std::vector<Cell>> values) {
  db::Rows r;
  r.columns = std::move(columns);
  r.rows = std::move(values);
  return r;
}

struct Read {
  Status status;
  ForeignHistory history;
};

Read read(std::string_view tool, const db::Rows& r) {
  const Reader* reader = find_reader(tool);
  REQUIRE(reader != nullptr);
  Read out;
  out.history.tool = reader->tool;
  out.history.table = "\"public\".\"t\"";
  out.status = reader->interpret(r, out.history);
  return out;
}

std::vector<std::string> versions(const ForeignHistory& h) {
  std::vector<std::string> v;
  for (const auto& m : h.applied) {
    v.push_back(m.version);
  }
  return v;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("adopt::registry") {
  SUBCASE("one reader per tool, each with the columns that identify its table") {
    CHECK(tool_names() == "golang-migrate, goose, dbmate, flyway, sql-migrate, node-pg-migrate");
    for (const Reader* r : all_readers()) {
      CHECK(!r->columns.empty());
      CHECK(static_cast<bool>(r->interpret));
      CHECK(find_reader(r->tool) == r);
    }
    CHECK(find_reader("liquibase") == nullptr);
  }
  SUBCASE("expected columns are described for messages") {
    CHECK(describe_columns(*find_reader("golang-migrate")) == "version integer, dirty boolean");
  }
}

TEST_CASE("adopt::golang-migrate") {
  SUBCASE("one clean row: every migration up to it is applied") {
    auto r = read("golang-migrate", rows({"version", "dirty"}, {{"0003", "false"}}));
    REQUIRE(r.status.is_ok());
    CHECK(r.history.through == "3");
    CHECK(r.history.through_is_file);
    CHECK(r.history.applied.empty());
  }
  SUBCASE("no row: nothing applied") {
    auto r = read("golang-migrate", rows({"version", "dirty"}, {}));
    REQUIRE(r.status.is_ok());
    CHECK(r.history.empty());
  }
  SUBCASE("dirty is refused, naming the table and the version") {
    auto r = read("golang-migrate", rows({"version", "dirty"}, {{"3", "true"}}));
    CHECK(r.status.code() == Code::drift);
    CHECK(r.status.message().find("golang-migrate history \"public\".\"t\" is dirty at version "
                                  "3: migration 3 failed part-way") == 0);
    CHECK(r.status.message().find("migrate force") != std::string::npos);
  }
  SUBCASE("dirty before the first migration") {
    auto r = read("golang-migrate", rows({"version", "dirty"}, {{"-1", "true"}}));
    CHECK(r.status.code() == Code::drift);
    CHECK(r.status.message().find("the first migration failed") != std::string::npos);
  }
  SUBCASE("more than one row is refused") {
    auto r = read("golang-migrate", rows({"version", "dirty"}, {{"2", "false"}, {"3", "false"}}));
    CHECK(r.status.code() == Code::drift);
    CHECK(r.status.message().find("has 2 rows") != std::string::npos);
  }
}

TEST_CASE("adopt::goose") {
  const std::vector<std::string> cols{"version_id", "is_applied", "applied_at"};
  SUBCASE("the latest row of each version decides; version 0 is goose's own") {
    auto r = read("goose", rows(cols, {{"0", "true", "t0"},
                                       {"1", "true", "t1"},
                                       {"2", "true", "t2"},
                                       {"3", "true", "t3"},
                                       {"3", "false", "t4"},  // rolled back by an old goose
                                       {"10", "true", "t5"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1", "2", "10"});
    CHECK(r.history.applied[1].applied_at == "t2");
    CHECK(r.history.through.empty());
  }
  SUBCASE("rolled back, then applied again") {
    auto r =
        read("goose", rows(cols, {{"4", "true", "a"}, {"4", "false", "b"}, {"4", "true", "c"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"4"});
    CHECK(r.history.applied[0].applied_at == "c");
  }
  SUBCASE("only goose's own row: nothing applied") {
    auto r = read("goose", rows(cols, {{"0", "true", "t"}}));
    REQUIRE(r.status.is_ok());
    CHECK(r.history.empty());
  }
}

TEST_CASE("adopt::dbmate") {
  SUBCASE("each row is an applied version, leading zeros dropped") {
    auto r = read("dbmate", rows({"version"}, {{"20200102000000"}, {"0001"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1", "20200102000000"});
    CHECK(r.history.applied[0].recorded == "0001");
  }
  SUBCASE("a version that is not a number is refused") {
    auto r = read("dbmate", rows({"version"}, {{"abc"}}));
    CHECK(r.status.code() == Code::drift);
    CHECK(r.status.message() ==
          "dbmate history \"public\".\"t\" records version \"abc\", which is not a number: "
          "pgshift adopts numbered migrations only");
  }
}

TEST_CASE("adopt::flyway") {
  const std::vector<std::string> cols{"version", "type", "script", "success", "applied_at"};
  SUBCASE("successful rows are applied; schema rows are not migrations") {
    auto r =
        read("flyway", rows(cols, {{"0", "SCHEMA", "<< Flyway Schema Creation >>", "true", "t"},
                                   {"1", "SQL", "V1__init.sql", "true", "t1"},
                                   {"2", "SQL", "V2__more.sql", "true", "t2"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1", "2"});
    CHECK(r.history.applied[1].recorded == "V2__more.sql");
  }
  SUBCASE("a baseline covers every version up to it, without needing a file") {
    auto r = read("flyway", rows(cols, {{"5", "BASELINE", "<< Flyway Baseline >>", "true", "t"},
                                        {"6", "SQL", "V6__x.sql", "true", "t"}}));
    REQUIRE(r.status.is_ok());
    CHECK(r.history.through == "5");
    CHECK(!r.history.through_is_file);
    CHECK(versions(r.history) == V{"6"});
    CHECK(r.history.newest() == "6");
  }
  SUBCASE("a failed row is refused, naming the version and script") {
    auto r = read("flyway", rows(cols, {{"1", "SQL", "V1__init.sql", "true", "t"},
                                        {"2", "SQL", "V2__add.sql", "false", "t"}}));
    CHECK(r.status.code() == Code::drift);
    CHECK(r.status.message().find("flyway history \"public\".\"t\" records version 2 "
                                  "(\"V2__add.sql\") as failed") == 0);
    CHECK(r.status.message().find("flyway repair") != std::string::npos);
  }
  SUBCASE("deleted and undone versions are not applied") {
    auto r = read("flyway", rows(cols, {{"1", "SQL", "V1__a.sql", "true", "t"},
                                        {"2", "SQL", "V2__b.sql", "true", "t"},
                                        {"3", "SQL", "V3__c.sql", "true", "t"},
                                        {"2", "DELETE", "V2__b.sql", "true", "t"},
                                        {"3", "UNDO_SQL", "U3__c.sql", "true", "t"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1"});
  }
  SUBCASE("repeatable migrations are not adopted, and said so; a failed one is refused") {
    auto r = read("flyway", rows(cols, {{"1", "SQL", "V1__a.sql", "true", "t"},
                                        {std::nullopt, "SQL", "R__views.sql", "true", "t"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1"});
    REQUIRE(r.history.ignored.size() == 1);
    CHECK(r.history.ignored[0].find("R__views.sql") != std::string::npos);
    auto f = read("flyway", rows(cols, {{std::nullopt, "SQL", "R__views.sql", "false", "t"}}));
    CHECK(f.status.code() == Code::drift);
  }
  SUBCASE("dotted versions sort as numbers part by part") {
    auto r = read("flyway", rows(cols, {{"1.10", "SQL", "a", "true", "t"},
                                        {"1.2", "SQL", "b", "true", "t"},
                                        {"2", "SQL", "c", "true", "t"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1.2", "1.10", "2"});
  }
}

TEST_CASE("adopt::sql-migrate and node-pg-migrate: versions from the recorded names") {
  SUBCASE("sql-migrate records file names") {
    auto r = read("sql-migrate",
                  rows({"id", "applied_at"}, {{"1_init.sql", "t1"}, {"0002_add_email.sql", "t2"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1", "2"});
    CHECK(r.history.applied[1].recorded == "0002_add_email.sql");
  }
  SUBCASE("node-pg-migrate records names without extension, hyphens included") {
    auto r = read("node-pg-migrate",
                  rows({"name", "applied_at"},
                       {{"1700000000000_create-users", "t"}, {"1700000000001_add-email", "t"}}));
    REQUIRE(r.status.is_ok());
    CHECK(versions(r.history) == V{"1700000000000", "1700000000001"});
  }
  SUBCASE("a name without a leading version is refused") {
    auto r = read("node-pg-migrate", rows({"name", "applied_at"}, {{"create-users", "t"}}));
    CHECK(r.status.code() == Code::drift);
    CHECK(r.status.message() ==
          "node-pg-migrate history \"public\".\"t\" records migration \"create-users\", whose "
          "name does not start with a version number: pgshift adopts numbered migrations only");
    auto s = read("sql-migrate", rows({"id", "applied_at"}, {{"init.sql", "t"}}));
    CHECK(s.status.code() == Code::drift);
  }
}

TEST_CASE("adopt::versions") {
  CHECK(canonical_version("0003") == "3");
  CHECK(canonical_version("1.1") == "1.1");
  CHECK(leading_version("0042_x") == "42");
  CHECK(leading_version("x42") == "");
  CHECK(compare_versions("1.2", "1.10") < 0);
  CHECK(compare_versions("1", "1.0") == 0);
  CHECK(compare_versions("10", "9") > 0);
}
