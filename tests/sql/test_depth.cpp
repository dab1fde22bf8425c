#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sql/depth.hpp"

namespace pgshift::sql::detail {
namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

// Index of the first token of the statement refused, or -1.
long too_deep(const std::string& sql) {
  const ScanOutput scanned = scan(sql);
  REQUIRE_FALSE(scanned.error);
  const auto at = chains_too_deep(scanned.tokens);
  return at ? static_cast<long>(scanned.tokens[*at].start) : -1;
}

}  // namespace

TEST_CASE("sql::detail::chains_too_deep") {
  constexpr int k_links = 2 * k_max_tree_depth + 10;  // operators: 2 levels each, 4x the limit
  SUBCASE("long chains of left-associative links are refused at their statement") {
    const std::string rows[] = {
        "SELECT 1" + repeat(" + 1", k_links),
        "SELECT 1" + repeat("::int", k_links),
        "SELECT x" + repeat(" || x", k_links),
        "SELECT * FROM a" + repeat(" JOIN b ON a.x = b.x AND true", k_links),
        "SELECT 1" + repeat(" UNION SELECT 1", 2 * k_links),
        // Nesting adds up: chains inside parentheses sit on the chain around them.
        "SELECT " + repeat("1 + 1 + (", k_links / 2) + "1" + std::string(k_links / 2, ')'),
    };
    for (const std::string& sql : rows) {
      CAPTURE(sql.substr(0, 60));
      CHECK(too_deep("SELECT 1;\n" + sql + ";\nSELECT 2;") == 10);
    }
  }
  SUBCASE("long flat lists are not chains") {
    const std::string rows[] = {
        "INSERT INTO t VALUES " + repeat("(1 + 1, -2, 'a'::text), ", k_links) + "(1, 2, 'a')",
        "SELECT 1 WHERE " + repeat("a = 1 AND b <> 2 OR ", k_links) + "true",
        "SELECT CASE " + repeat("WHEN a = 1 THEN b + 1 ", k_links) + "ELSE 0 END",
        "SELECT * FROM t WHERE id IN (" + repeat("1, ", k_links) + "2)",
        "SELECT " + repeat("a + 1, ", k_links) + "1",
        repeat("SELECT 1 + 1 + 1;\n", k_links),
    };
    for (const std::string& sql : rows) {
      CAPTURE(sql.substr(0, 60));
      CHECK(too_deep(sql) == -1);
    }
  }
}

TEST_CASE("sql::detail::settle_tree") {
  SUBCASE("moves every location by the shift, and nothing else") {
    nlohmann::json tree = nlohmann::json::parse(
        R"({"SelectStmt": {"targetList": [{"ResTarget": {"val": {"A_Const": {"ival": {"ival": 5},)"
        R"( "location": 7}}, "location": 7}}], "limitCount": {"A_Const": {"location": -1}}}})");
    CHECK_FALSE(settle_tree(tree, 100));
    const nlohmann::json& target = tree["SelectStmt"]["targetList"][0]["ResTarget"];
    CHECK(target["location"] == 107);
    CHECK(target["val"]["A_Const"]["location"] == 107);
    CHECK(target["val"]["A_Const"]["ival"]["ival"] == 5);
    CHECK(tree["SelectStmt"]["limitCount"]["A_Const"]["location"] == -1);  // unknown stays so
  }
  SUBCASE("measures the depth without recursion, refusing past the limit") {
    // Built inside out; nlohmann frees it without recursion too.
    auto nested = [](int depth) {
      nlohmann::json j = 1;
      for (int i = 1; i < depth; ++i) {
        nlohmann::json outer = nlohmann::json::object();
        outer["A"] = std::move(j);
        j = std::move(outer);
      }
      return j;
    };
    nlohmann::json at_limit = nested(k_max_tree_depth + 1);  // the scalar at the bottom is free
    CHECK_FALSE(settle_tree(at_limit, 0));
    nlohmann::json deeper = nested(k_max_tree_depth + 2);
    CHECK(settle_tree(deeper, 0));
    nlohmann::json far_deeper = nested(200000);
    CHECK(settle_tree(far_deeper, 0));
  }
  SUBCASE("nlohmann-json reads and frees libpg_query's output of any depth without recursion") {
    // What settle_tree is handed is parsed by nlohmann first: that must not recurse either.
    std::string text;
    for (int i = 0; i < 200000; ++i) {
      text += R"({"A_Expr":{"lexpr":)";
    }
    text += "1" + std::string(2 * 200000, '}');
    nlohmann::json deep = nlohmann::json::parse(text);
    CHECK(settle_tree(deep, 0));
  }
}

}  // namespace pgshift::sql::detail
