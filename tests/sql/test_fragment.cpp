#include "sql/fragment.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace pgshift;

TEST_CASE("sql::rename_columns") {
  const std::map<std::string, std::string> names{{"a", "_pgshift_new_a"}, {"b c", "b"}};
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"a > 0", "\"_pgshift_new_a\" > 0"},
      {"\"a\" > 0 AND \"b c\" IS NULL", "\"_pgshift_new_a\" > 0 AND \"b\" IS NULL"},
      {"t.a > 0", "t.a > 0"},  // qualified: left alone
      {"lower(a) = 'a'", "lower(\"_pgshift_new_a\") = 'a'"},
      {"other + 1", "other + 1"},
  };
  for (const Case& c : cases) {
    auto out = sql::rename_columns(c.in, names);
    REQUIRE(out);
    CHECK(*out == c.out);
  }
  auto cols = sql::expression_columns("a + b * a > coalesce(\"X\", 1)");
  REQUIRE(cols);
  CHECK(*cols == std::vector<std::string>{"a", "b", "X"});
}
