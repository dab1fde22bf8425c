#include <doctest/doctest.h>

#include "db/session.hpp"

using namespace pgshift;
using namespace pgshift::db;

TEST_CASE("db::inline_params") {
  SUBCASE("each $N becomes its parameter as a literal, NULL for none") {
    auto r = inline_params("SELECT $1, $2, $10",
                           {"a'b", std::nullopt, "c", "", "", "", "", "", "", "j"});
    REQUIRE(r.is_ok());
    CHECK(*r == "SELECT 'a''b', NULL, 'j'");
  }
  SUBCASE("a placeholder without its parameter is an internal error, not an exception") {
    const char* bad[] = {"SELECT $2", "SELECT $0", "SELECT $99999999999999999999999"};
    for (const char* sql : bad) {
      CAPTURE(sql);
      auto r = inline_params(sql, {"a"});
      CHECK_FALSE(r.is_ok());
      CHECK(r.status().message().find("internal error: no parameter $") == 0);
    }
  }
}

TEST_CASE("db::Rows::integer") {
  Rows rows;
  rows.columns = {"n"};
  rows.rows = {{"42"}, {std::nullopt}, {"4.5"}, {"99999999999999999999"}};
  SUBCASE("reads an integer column") {
    CHECK(rows.integer(0, "n") == 42);
  }
  SUBCASE("NULL and text that is no whole number give the fallback instead of throwing") {
    CHECK(rows.integer(1, "n", -1) == -1);
    CHECK(rows.integer(2, "n", -1) == -1);
    CHECK(rows.integer(3, "n", -1) == -1);
  }
}
