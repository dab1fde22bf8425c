#include <doctest/doctest.h>

#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::raw_sql") {
  SUBCASE("one step per statement, classified by the parser, at its line in the file") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"raw_sql\"\n"
        "up = \"\"\"\n"
        "CREATE TABLE IF NOT EXISTS audit (id bigint);\n"
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n"
        "\"\"\"\n"
        "down = \"DROP INDEX CONCURRENTLY IF EXISTS users_name_idx; DROP TABLE IF EXISTS "
        "audit\"\n");
    const exec::Step* one = step(p.expand, ".1.up_1");
    const exec::Step* two = step(p.expand, ".1.up_2");
    REQUIRE(one);
    REQUIRE(two);
    CHECK(one->sql == "CREATE TABLE IF NOT EXISTS audit (id bigint)");
    CHECK(one->line == 4);
    CHECK(two->line == 5);
    CHECK(two->concurrently());
    REQUIRE(two->concurrent_index);
    CHECK(two->concurrent_index->name == "users_name_idx");
    CHECK(two->lock_description() == "SHARE UPDATE EXCLUSIVE on users");
    CHECK(step(p.rollback, ".1.down_1")->sql == "DROP INDEX CONCURRENTLY IF EXISTS users_name_idx");
    CHECK(step(p.rollback, ".1.down_2")->sql == "DROP TABLE IF EXISTS audit");
    CHECK(step(p.contract, ".1.up_1") == nullptr);
  }
  SUBCASE("on_complete runs up at contract and needs no down") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"raw_sql\"\non_complete = true\n"
        "up = \"DROP TABLE IF EXISTS old_audit\"\n");
    CHECK(step(p.expand, ".1.up_1") == nullptr);
    REQUIRE(step(p.contract, ".1.up_1"));
    CHECK(step(p.rollback, ".1.down_1") == nullptr);
  }
  SUBCASE("no down, transaction control, meta-commands and bad SQL are refused with the line") {
    CHECK(has(read_error("[[operations]]\nop = \"raw_sql\"\nup = \"SELECT 1\"\n"),
              "m/12_change.toml:1:1: raw_sql: \"down\" is required"));
    CHECK(has(read_error("[[operations]]\nop = \"raw_sql\"\non_complete = true\n"
                         "up = \"SELECT 1\"\ndown = \"SELECT 2\"\n"),
              "would never run"));
    CHECK(has(read_error("[[operations]]\nop = \"raw_sql\"\ndown = \"SELECT 1\"\n"
                         "up = \"\"\"\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\n\"\"\"\n"),
              "m/12_change.toml:6:1: raw_sql: transaction control (\"BEGIN\") is not allowed"));
    CHECK(has(read_error("[[operations]]\nop = \"raw_sql\"\ndown = \"SELECT 1\"\n"
                         "up = \"\"\"\nSELECT 1;\n\\\\connect other\n\"\"\"\n"),
              "m/12_change.toml:6:1: psql meta-command \"\\connect\" is not supported"));
    CHECK(has(read_error("[[operations]]\nop = \"raw_sql\"\ndown = \"SELECT 1\"\n"
                         "up = \"SELEC 1\"\n"),
              "m/12_change.toml:4:"));
    CHECK(has(read_error("[[operations]]\nop = \"raw_sql\"\ndown = \"SELECT 1\"\nup = \"  \"\n"),
              "\"up\" holds no SQL statement"));
  }
  SUBCASE("it changes nothing the model knows, and conflicts with nothing") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"raw_sql\"\nup = \"ALTER TABLE users ADD COLUMN IF NOT EXISTS x "
        "int\"\ndown = \"ALTER TABLE users DROP COLUMN IF EXISTS x\"\n"
        "[[operations]]\nop = \"rename_table\"\nfrom = \"users\"\nto = \"people\"\n");
    CHECK(p.end.table("people")->columns.size() == 4);
  }
}
