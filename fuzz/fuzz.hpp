// What every fuzz target shares: the input as text, a size cap, and the oracle check.
//
// A target returns -1 for an input it rejects (libFuzzer then keeps it out of the corpus) and
// 0 otherwise; a crash, a sanitizer report or a failed expect() is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/utf8.hpp"

namespace pgshift::fuzz {

// The largest input a target looks at. Migration files are small; a bigger input finds
// nothing new and slows every run down. It also keeps parse trees shallow enough: deeper
// nesting (a 20,000-term `1+1+...` chain) is bounded by the parser's own depth limit, which
// has its own regression tests, not by fuzzing.
inline constexpr std::size_t k_max_input = 8192;

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// SQL reaches the parser only as valid UTF-8: discovery and `pgshift lint PATH` refuse other
// files, and TOML strings are UTF-8. Targets that parse SQL reject other input.
inline bool parser_input(const std::string& text) {
  return !core::first_invalid_utf8(text).has_value();
}

// An oracle: a property the code promises for every input. Aborts (a finding) when it fails.
inline void expect(bool ok, const char* what, const std::string& detail = "") {
  if (!ok) {
    std::fprintf(stderr, "pgshift fuzz: property failed: %s\n%s\n", what, detail.c_str());
    std::abort();
  }
}

// A one-line error (STYLE: errors fit on one line), non-empty.
inline void expect_one_line_error(const std::string& message) {
  expect(!message.empty(), "an error has a message");
  expect(message.find('\n') == std::string::npos, "an error message is one line", message);
}

}  // namespace pgshift::fuzz
