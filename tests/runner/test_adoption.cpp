#include <doctest/doctest.h>

#include "runner/adoption.hpp"

using namespace pgshift;
using namespace pgshift::runner;

namespace {

Prepared file(const std::string& version, const std::string& kind = "sql") {
  Prepared p;
  p.source.version = version;
  p.source.name = "m" + version;
  p.source.path = "migrations/" + version + "_m" + version + (kind == "sql" ? ".up.sql" : ".toml");
  p.kind = kind == "sql" ? history::Kind::sql : history::Kind::ops;
  p.up_normalized = "up" + version;
  p.down_normalized = "down" + version;
  return p;
}

adopt::ForeignHistory golang_migrate(const std::string& through) {
  adopt::ForeignHistory h;
  h.tool = "golang-migrate";
  h.table = "\"public\".\"schema_migrations\"";
  h.through = through;
  h.through_is_file = true;
  return h;
}

adopt::ForeignHistory goose(const std::vector<std::string>& versions) {
  adopt::ForeignHistory h;
  h.tool = "goose";
  h.table = "\"public\".\"goose_db_version\"";
  for (const auto& v : versions) {
    h.applied.push_back({v, v, "2024-01-02T03:04:05Z"});
  }
  return h;
}

std::vector<std::string> versions(const std::vector<history::MigrationRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) {
    out.push_back(r.version);
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("runner::match_files") {
  const Options options;
  const std::vector<Prepared> files{file("1"), file("2"), file("3"), file("4")};
  SUBCASE("golang-migrate's last version covers every file up to it") {
    auto rows = match_files(golang_migrate("3"), files, options);
    REQUIRE(rows.is_ok());
    CHECK(versions(*rows) == V{"1", "2", "3"});
    const auto& r = rows->front();
    CHECK(r.state == history::RowState::applied);
    CHECK(r.baseline);
    CHECK(r.checksum_up == "up1");
    CHECK(r.checksum_down == "down1");
    CHECK(r.checksum_mode == "normalized");
    CHECK(r.name == "m1");
  }
  SUBCASE("per-migration tools adopt exactly what they record, with their time") {
    auto rows = match_files(goose({"1", "3"}), files, options);
    REQUIRE(rows.is_ok());
    CHECK(versions(*rows) == V{"1", "3"});
    CHECK(rows->back().started_at == "2024-01-02T03:04:05Z");
  }
  SUBCASE("a recorded version without a file is refused, naming table and version") {
    auto rows = match_files(goose({"1", "7"}), files, options);
    REQUIRE(!rows.is_ok());
    CHECK(rows.status().code() == Code::drift);
    CHECK(rows.status().message().find("goose history \"public\".\"goose_db_version\" records "
                                       "version 7 (\"7\") as applied, but no migration file has "
                                       "version 7") == 0);
  }
  SUBCASE("golang-migrate's version must be a file") {
    auto rows = match_files(golang_migrate("9"), files, options);
    REQUIRE(!rows.is_ok());
    CHECK(rows.status().message().find("is at version 9, but no migration file has version 9") !=
          std::string::npos);
  }
  SUBCASE("a baseline version need not be a file") {
    auto h = golang_migrate("2");
    h.through_is_file = false;
    h.through = "2";
    auto rows = match_files(h, {file("3")}, options);
    REQUIRE(rows.is_ok());
    CHECK(rows->empty());
  }
  SUBCASE("an operations file among the adopted is refused") {
    auto rows = match_files(golang_migrate("2"), {file("1"), file("2", "ops")}, options);
    REQUIRE(!rows.is_ok());
    CHECK(rows.status().message().find("is an operations file") != std::string::npos);
  }
}

TEST_CASE("runner::pgshift_is_empty") {
  std::vector<history::MigrationRow> none;
  CHECK(pgshift_is_empty(none, std::nullopt, std::nullopt));
  CHECK(!pgshift_is_empty(none, std::string("3"), std::nullopt));
  CHECK(!pgshift_is_empty(none, std::nullopt, AdoptionInfo{}));
  CHECK(!pgshift_is_empty({history::MigrationRow{}}, std::nullopt, std::nullopt));
}
