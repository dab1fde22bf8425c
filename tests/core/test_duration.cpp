#include <doctest/doctest.h>

#include "core/duration.hpp"

using pgshift::Code;
using pgshift::Millis;
using pgshift::core::format_duration;
using pgshift::core::parse_duration;

TEST_CASE("core::parse_duration") {
  SUBCASE("accepts a whole number and a unit, with at most one space between") {
    struct Row {
      const char* text;
      long long ms;
    };
    const Row rows[] = {
        {"250ms", 250},
        {"2s", 2000},
        {"5min", 300000},
        {"1h", 3600000},
        {"0s", 0},
        {"0ms", 0},
        {"90s", 90000},
        {"2 s", 2000},
        {"10 min", 600000},
        {"007s", 7000},
        {" 5s ", 5000},
        {"24h", 86400000},
        {"1500ms", 1500},
        {"596h", 2145600000LL},
        {"2147483647ms", 2147483647LL},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      auto d = parse_duration(r.text);
      REQUIRE(d.is_ok());
      CHECK(d->count() == r.ms);
    }
  }

  SUBCASE("rejects negative, fractional, unit-less and unknown-unit text") {
    const char* rows[] = {"",       "-5s",  "1.5s",  "5",   "s",  "5 minutes", "5m",   "5sec", "5S",
                          "5 ms x", "5  s", "1e3ms", "+5s", "5d", "ms5",       "5\ts", "0x10s"};
    for (const char* text : rows) {
      CAPTURE(text);
      auto d = parse_duration(text);
      REQUIRE_FALSE(d.is_ok());
      CHECK(d.status().code() == Code::invalid_input);
    }
  }

  SUBCASE("the message quotes the text and lists the units") {
    auto d = parse_duration("5 minutes");
    REQUIRE_FALSE(d.is_ok());
    CHECK(d.status().message() ==
          "invalid duration \"5 minutes\": write a whole number and a unit: 250ms, 2s, 5min, 1h");
  }

  SUBCASE("values above 2147483647ms are rejected, not wrapped or accepted to overflow later") {
    // 2562048h fits 64-bit milliseconds but not a steady_clock deadline in nanoseconds: it was
    // accepted as --lock-wait and gave up after 50ms.
    const char* rows[] = {"2147483648ms",
                          "2147484s",
                          "35792min",
                          "597h",
                          "2562048h",
                          "9223372036854775807ms",
                          "9223372036854775808ms",
                          "99999999999999999999999h",
                          "2562047788016h"};
    for (const char* text : rows) {
      CAPTURE(text);
      auto d = parse_duration(text);
      REQUIRE_FALSE(d.is_ok());
      CHECK(d.status().code() == Code::invalid_input);
      CHECK(d.status().message() == "invalid duration \"" + std::string(text) +
                                        "\": too large, the longest is 2147483647ms (about 596h)");
    }
  }
}

TEST_CASE("core::format_duration") {
  SUBCASE("uses the largest unit that divides the value exactly") {
    struct Row {
      long long ms;
      const char* text;
    };
    const Row rows[] = {{250, "250ms"},   {2000, "2s"},       {300000, "5min"},  {3600000, "1h"},
                        {90000, "90s"},   {5400000, "90min"}, {0, "0s"},         {1, "1ms"},
                        {1001, "1001ms"}, {7200000, "2h"},    {-1500, "-1500ms"}};
    for (const Row& r : rows) {
      CAPTURE(r.ms);
      CHECK(format_duration(Millis(r.ms)) == r.text);
    }
  }

  SUBCASE("what it writes parses back to the same value") {
    for (long long ms : {0LL, 1LL, 999LL, 1000LL, 61000LL, 60000LL, 3600000LL, 3601000LL}) {
      CAPTURE(ms);
      auto back = parse_duration(format_duration(Millis(ms)));
      REQUIRE(back.is_ok());
      CHECK(back->count() == ms);
    }
  }
}
