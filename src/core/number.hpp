// Numbers read from text without exceptions: std::stoi and friends throw on text that is not
// a number or does not fit, and nothing may throw out of the library.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

#include "pgshift/status.hpp"

namespace pgshift::core {

// The whole of text as a base-10 number of type T (an integer or a floating-point type): no
// blanks, no '+', no trailing characters; a leading '-' only where T is signed. nullopt when
// text is not such a number or does not fit in T.
template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || p != end) {
    return std::nullopt;
  }
  return value;
}

// parse_number<long long>, or invalid_input naming what was being read and the text:
// `history layout version: "abc" is not a whole number` (or "is out of range").
Result<long long> parse_integer(std::string_view text, std::string_view what);

}  // namespace pgshift::core
