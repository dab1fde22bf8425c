#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lint/tree.hpp"

namespace pgshift::lint::tree {

TEST_CASE("lint::tree::walk") {
  SUBCASE("visits every node, each before what it holds, in document order") {
    const json t = json::parse(R"({"SelectStmt": {"fromClause": [{"RangeVar": {"relname": "a"}},
        {"JoinExpr": {"larg": {"RangeVar": {"relname": "b"}}, "rarg": {"RangeVar":
        {"relname": "c"}}}}], "whereClause": {"A_Expr": {"lexpr": {"ColumnRef": {}}}}}})");
    std::vector<std::string> seen;
    walk(t, [&](std::string_view type, const json& body) {
      std::string name(type);
      if (type == "RangeVar") {
        name += " " + str(body, "relname");
      }
      seen.push_back(name);
    });
    const std::vector<std::string> expected = {"SelectStmt", "RangeVar a", "JoinExpr", "RangeVar b",
                                               "RangeVar c", "A_Expr",     "ColumnRef"};
    CHECK(seen == expected);
  }
  SUBCASE("a tree far deeper than the call stack allows is walked without recursion") {
    json t = json::object();
    for (int i = 0; i < 200000; ++i) {
      json outer = json::object();
      outer["A_Expr"]["lexpr"] = std::move(t);
      t = std::move(outer);
    }
    long visits = 0;
    walk(t, [&](std::string_view, const json&) { ++visits; });
    CHECK(visits == 200000);
  }
}

}  // namespace pgshift::lint::tree
