#include <doctest/doctest.h>

#include "core/version.hpp"

using namespace pgshift::core;

TEST_CASE("core::canonical_version") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {{"0002", "2"},  {"2", "2"},   {"000", "0"},
                      {"0", "0"},     {"10", "10"}, {"20261121093000", "20261121093000"},
                      {"0100", "100"}};
  for (const Row& r : rows) {
    CAPTURE(r.in);
    CHECK(canonical_version(r.in) == r.out);
  }
}

TEST_CASE("core::compare_versions") {
  SUBCASE("compares numerically, not as text") {
    CHECK(compare_versions("2", "10") < 0);
    CHECK(compare_versions("10", "2") > 0);
    CHECK(compare_versions("9", "9") == 0);
    CHECK(compare_versions("19", "20") < 0);
  }
  SUBCASE("leading zeros do not matter") {
    CHECK(compare_versions("0002", "2") == 0);
    CHECK(compare_versions("0010", "9") > 0);
  }
  SUBCASE("versions longer than 64 bits still compare") {
    CHECK(compare_versions("123456789012345678901234567890", "123456789012345678901234567891") < 0);
    CHECK(compare_versions("99999999999999999999", "100000000000000000000") < 0);
  }
}

TEST_CASE("core::is_version") {
  CHECK(is_version("1"));
  CHECK(is_version("0002"));
  CHECK(is_version("20261121093000"));
  CHECK_FALSE(is_version(""));
  CHECK_FALSE(is_version("1a"));
  CHECK_FALSE(is_version("-1"));
  CHECK_FALSE(is_version(" 1"));
  CHECK_FALSE(is_version("\xd9\xa1"));  // ARABIC-INDIC DIGIT ONE: not ASCII
}

TEST_CASE("core versions with dots") {
  SUBCASE("canonical spelling drops leading zeros and trailing zero numbers") {
    CHECK(canonical_version("01.010") == "1.10");
    CHECK(canonical_version("1.0") == "1");
    CHECK(canonical_version("1.0.0") == "1");
    CHECK(canonical_version("0.0") == "0");
    CHECK(canonical_version("13.1") == "13.1");
    CHECK(canonical_version("R__views") == "R__views");  // not a version: unchanged
  }
  SUBCASE("compared number by number") {
    CHECK(compare_versions("1.9", "1.10") < 0);
    CHECK(compare_versions("1.10", "1.9") > 0);
    CHECK(compare_versions("13", "13.1") < 0);
    CHECK(compare_versions("1.0", "1") == 0);
    CHECK(compare_versions("2", "1.99") > 0);
    CHECK(compare_versions("20261121093000", "1.1") > 0);
  }
  SUBCASE("keys that are not versions come after every version, as text") {
    CHECK(compare_versions("99999999999999", "R__a") < 0);
    CHECK(compare_versions("R__b", "R__a") > 0);
    CHECK(compare_versions("R__a", "R__a") == 0);
  }
  SUBCASE("is_version takes numbers separated by single dots") {
    CHECK(is_version("1.10"));
    CHECK(is_version("2026.01.05"));
    CHECK_FALSE(is_version("1..2"));
    CHECK_FALSE(is_version(".1"));
    CHECK_FALSE(is_version("1."));
    CHECK_FALSE(is_version("1_1"));
    CHECK_FALSE(is_version("R__x"));
  }
}
