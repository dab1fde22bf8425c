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
