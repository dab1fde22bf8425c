#include <doctest/doctest.h>

#include "core/quote.hpp"

using namespace pgshift::core;

TEST_CASE("core::quote_ident") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"users", "\"users\""},   {"Users", "\"Users\""},     {"a\"b", "\"a\"\"b\""},  {"", "\"\""},
      {"select", "\"select\""}, {"x; drop", "\"x; drop\""}, {"\"\"", "\"\"\"\"\"\""}};
  for (const Row& r : rows) {
    CAPTURE(r.in);
    CHECK(quote_ident(r.in) == r.out);
  }
}

TEST_CASE("core::quote_literal") {
  SUBCASE("single quotes are doubled") {
    CHECK(quote_literal("abc") == "'abc'");
    CHECK(quote_literal("") == "''");
    CHECK(quote_literal("it's") == "'it''s'");
    CHECK(quote_literal("''") == "''''''");
  }
  SUBCASE("text with a backslash uses the E'' form with backslashes doubled") {
    CHECK(quote_literal("a\\b") == "E'a\\\\b'");
    CHECK(quote_literal("\\'") == "E'\\\\'''");
    CHECK(quote_literal("\\") == "E'\\\\'");
  }
}
