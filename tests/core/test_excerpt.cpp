#include <doctest/doctest.h>

#include "core/excerpt.hpp"

using namespace pgshift::core;

TEST_CASE("core::excerpt") {
  struct Row {
    const char* text;
    std::size_t max;
    const char* out;
  };

  SUBCASE("short text is kept, on one line") {
    const Row rows[] = {
        {"SELECT 1", 20, "SELECT 1"},     {"SELECT\n  1\r\n\tFROM t", 40, "SELECT 1 FROM t"},
        {"  padded  ", 20, "padded"},     {"", 10, ""},
        {"exactly10!", 10, "exactly10!"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      CHECK(excerpt(r.text, r.max) == r.out);
    }
  }

  SUBCASE("long text is cut with an ellipsis") {
    const Row rows[] = {
        {"exactly11!!", 10, "exactly11!..."},
        {"SELECT a,\n b FROM t", 10, "SELECT a,..."},
        {"ab\xc3\xa9x", 4, "ab\xc3\xa9..."},  // a whole character before the cut stays
        {"line one\nline two\nline three", 12, "line one lin..."},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      CHECK(excerpt(r.text, r.max) == r.out);
    }
  }

  SUBCASE("a cut never splits a UTF-8 character") {
    // "é" is 2 bytes: a cut after 4 bytes would end inside the third one.
    CHECK(excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 5) == "\xc3\xa9\xc3\xa9...");
    CHECK(excerpt("ab\xe2\x82\xac", 4) == "ab...");
  }
}

TEST_CASE("core::cap_near") {
  SUBCASE("a short token is kept as written") {
    const char* m = "syntax error at or near \"TABEL\"";
    CHECK(cap_near(m, 64) == m);
  }
  SUBCASE("the rest of a file after an unterminated literal becomes one short line") {
    CHECK(cap_near("unterminated quoted string at or near \"'abc\ndef \"x\" ghi\n\"", 12) ==
          "unterminated quoted string at or near \"'abc def \"x\"...\"");
  }
  SUBCASE("a token spanning lines is put on one line even when short") {
    CHECK(cap_near("unterminated /* comment at or near \"/* a\nb\"", 64) ==
          "unterminated /* comment at or near \"/* a b\"");
  }
  SUBCASE("other messages are unchanged") {
    const char* rows[] = {"unexpected NUL byte", "psql meta-command \"\\connect\"",
                          "at or near \"unclosed"};
    for (const char* m : rows) {
      CAPTURE(m);
      CHECK(cap_near(m, 4) == m);
    }
  }
}
