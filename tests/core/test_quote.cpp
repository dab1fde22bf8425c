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

TEST_CASE("core::dollar_quote") {
  struct Row {
    const char* body;
    const char* tag;
    const char* out;
  };
  const Row rows[] = {
      {" BEGIN NULL; END ", "pgshift", "$pgshift$ BEGIN NULL; END $pgshift$"},
      {"", "pgshift", "$pgshift$$pgshift$"},
      {"CREATE TABLE x ()", "ddl", "$ddl$CREATE TABLE x ()$ddl$"},
      // A name holding the tag would end the quote there: the next free tag is taken.
      {"\"x$pgshift$;DROP TABLE canary;--\"", "pgshift",
       "$pgshift_1$\"x$pgshift$;DROP TABLE canary;--\"$pgshift_1$"},
      {"$pgshift$ $pgshift_1$", "pgshift", "$pgshift_2$$pgshift$ $pgshift_1$$pgshift_2$"},
      // The body's end and the closing tag would make "$pgshift$" together.
      {"ends with $pgshift", "pgshift", "$pgshift_1$ends with $pgshift$pgshift_1$"},
      {"ends with $", "pgshift", "$pgshift$ends with $$pgshift$"},
      {"$ddl$", "ddl", "$ddl_1$$ddl$$ddl_1$"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.body);
    CHECK(dollar_quote(r.body, r.tag) == r.out);
  }
  CHECK(dollar_quote("x") == "$pgshift$x$pgshift$");
}
