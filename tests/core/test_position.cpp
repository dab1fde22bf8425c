#include <doctest/doctest.h>

#include <string>

#include "core/position.hpp"

using namespace pgshift::core;

TEST_CASE("core::position_of") {
  SUBCASE("lines and columns are 1-based") {
    struct Row {
      const char* text;
      std::size_t offset;
      int line;
      int column;
    };
    const Row rows[] = {
        {"abc", 0, 1, 1},      {"abc", 2, 1, 3},    {"a\nbc", 2, 2, 1}, {"a\nbc", 3, 2, 2},
        {"a\n\n\nx", 4, 4, 1}, {"a\r\nb", 3, 2, 1}, {"", 0, 1, 1},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      CAPTURE(r.offset);
      Position p = position_of(r.text, r.offset);
      CHECK(p.line == r.line);
      CHECK(p.column == r.column);
    }
  }

  SUBCASE("columns count characters, not bytes") {
    // "é" is 2 bytes, "€" 3 bytes, "😀" 4 bytes.
    std::string text = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80x";
    CHECK(position_of(text, 2).column == 2);
    CHECK(position_of(text, 5).column == 3);
    CHECK(position_of(text, 9).column == 4);
  }

  SUBCASE("an offset past the end is clamped to the end") {
    Position p = position_of("ab\ncd", 100);
    CHECK(p.line == 2);
    CHECK(p.column == 3);
  }
}

TEST_CASE("core::PositionIndex") {
  SUBCASE("every offset gets the position position_of gives, in any order") {
    // Several strides of mixed text: multi-byte characters straddle the stride boundaries.
    std::string text;
    for (int i = 0; text.size() < 3 * PositionIndex::k_stride + 100; ++i) {
      text += i % 7 == 0 ? "\n" : i % 3 == 0 ? "\xe2\x82\xac" : "ab";
    }
    const PositionIndex index(text);
    for (std::size_t offset = text.size() + 5; offset-- > 0;) {
      CAPTURE(offset);
      const Position want = position_of(text, offset);
      const Position got = index.at(offset);
      REQUIRE(got.line == want.line);
      REQUIRE(got.column == want.column);
    }
  }

  SUBCASE("an empty text is all line 1 column 1") {
    const PositionIndex index("");
    CHECK(index.at(0).line == 1);
    CHECK(index.at(10).column == 1);
  }
}

TEST_CASE("core::input_error") {
  pgshift::Status s = input_error("migrations/1_a.sql", {3, 7}, "something is wrong");
  CHECK(s.code() == pgshift::Code::invalid_input);
  CHECK(s.message() == "migrations/1_a.sql:3:7: something is wrong");

  SUBCASE("the token quoted after \"at or near\" is one short line, not the rest of the file") {
    std::string rest = "'abc \"x\" def\n";
    for (int i = 0; i < 100000; ++i) {
      rest += "INSERT INTO t VALUES (" + std::to_string(i) + ", \"q\");\n";
    }
    pgshift::Status long_one = input_error(
        "migrations/1_a.sql", {2, 8}, "unterminated quoted string at or near \"" + rest + "\"");
    CHECK(long_one.message() ==
          "migrations/1_a.sql:2:8: unterminated quoted string at or near \"'abc \"x\" def INSERT "
          "INTO t VALUES (0, \"q\"); INSERT INTO t VALUES...\"");
  }
}

TEST_CASE("core::input_error keeps an error on one line") {
  // Found by fuzz/sql: the parser quotes the rest of the file after an unterminated comment.
  pgshift::Status s =
      input_error("m.sql", {2, 1}, "unterminated /* comment at or near \"/* a\nb\"");
  CHECK(s.message() == "m.sql:2:1: unterminated /* comment at or near \"/* a b\"");
  s = input_error("m.sql", {1, 1}, "first\r\nsecond");
  CHECK(s.message() == "m.sql:1:1: first...");
}
