#include <doctest/doctest.h>

#include <string>

#include "core/utf8.hpp"

using pgshift::core::first_invalid_utf8;

TEST_CASE("core::first_invalid_utf8") {
  SUBCASE("well-formed text is accepted") {
    const std::string rows[] = {
        "",
        "plain ascii; SELECT 1;",
        "caf\xc3\xa9",       // U+00E9
        "\xe2\x82\xac",      // U+20AC
        "\xf0\x9f\x98\x80",  // U+1F600
        "\xed\x9f\xbf",      // U+D7FF, last before the surrogates
        "\xee\x80\x80",      // U+E000, first after them
        "\xf4\x8f\xbf\xbf",  // U+10FFFF, the last code point
        "\xef\xbb\xbf"
        "BOM is valid",                  // U+FEFF
        std::string("nul\0inside", 10),  // NUL is valid UTF-8
    };
    for (const std::string& text : rows) {
      CAPTURE(text);
      CHECK_FALSE(first_invalid_utf8(text).has_value());
    }
  }

  SUBCASE("reports the offset of the first bad byte") {
    struct Row {
      std::string text;
      std::size_t offset;
      const char* why;
    };
    const Row rows[] = {
        {"ab\x80", 2, "lone continuation byte"},
        {"a\xc3", 1, "truncated at the end"},
        {"a\xe2\x82z", 1, "truncated before an ASCII byte"},
        {"\xc0\xaf", 0, "overlong two-byte form"},
        {"\xc1\xbf", 0, "overlong two-byte form"},
        {"\xe0\x80\xaf", 0, "overlong three-byte form"},
        {"\xf0\x80\x80\xaf", 0, "overlong four-byte form"},
        {"ok\xed\xa0\x80", 2, "UTF-16 surrogate U+D800"},
        {"\xed\xbf\xbf", 0, "UTF-16 surrogate U+DFFF"},
        {"\xf4\x90\x80\x80", 0, "past U+10FFFF"},
        {"\xf5\x80\x80\x80", 0, "lead byte F5"},
        {"\xff", 0, "byte FF"},
        {"caf\xe9", 3, "latin-1 e-acute"},
        {"\xc3\xa9\xc3\xa9\xc3", 4, "valid characters, then a truncated one"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.why);
      auto bad = first_invalid_utf8(r.text);
      REQUIRE(bad.has_value());
      CHECK(*bad == r.offset);
    }
  }
}
