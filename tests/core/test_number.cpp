#include <doctest/doctest.h>

#include <cstdint>

#include "core/number.hpp"

using pgshift::Code;
using pgshift::core::parse_integer;
using pgshift::core::parse_number;

TEST_CASE("core::parse_number") {
  SUBCASE("reads the whole text as a number, never throwing") {
    CHECK(parse_number<int>("0") == 0);
    CHECK(parse_number<int>("42") == 42);
    CHECK(parse_number<int>("-7") == -7);
    CHECK(parse_number<long long>("9223372036854775807") == 9223372036854775807LL);
    CHECK(parse_number<double>("0.25") == 0.25);
    CHECK(parse_number<double>("-1") == -1.0);
  }
  SUBCASE("refuses what std::stoi would throw on or half-read") {
    const char* bad[] = {"", " 1", "1 ", "+1", "abc", "1x", "1.5", "0x10", "1e3", "--1"};
    for (const char* text : bad) {
      CAPTURE(text);
      CHECK_FALSE(parse_number<int>(text).has_value());
    }
    CHECK_FALSE(parse_number<int>("2147483648").has_value());
    CHECK_FALSE(parse_number<long long>("99999999999999999999").has_value());
    CHECK_FALSE(parse_number<std::uint32_t>("-1").has_value());
    CHECK_FALSE(parse_number<double>("1.5x").has_value());
  }
}

TEST_CASE("core::parse_integer") {
  SUBCASE("a whole number is its value") {
    auto r = parse_integer("12", "history layout version");
    REQUIRE(r.is_ok());
    CHECK(*r == 12);
  }
  SUBCASE("anything else is invalid_input naming what was read and the text") {
    auto r = parse_integer("abc", "history layout version");
    CHECK(r.status().code() == Code::invalid_input);
    CHECK(r.status().message() == "history layout version: \"abc\" is not a whole number");
    CHECK(parse_integer("99999999999999999999", "count").status().message() ==
          "count: \"99999999999999999999\" is out of range");
    CHECK(parse_integer("", "count").status().message() == "count: \"\" is not a whole number");
  }
}
