// Source positions: 1-based line and column of a byte offset, and "file:line:col" errors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pgshift/status.hpp"

namespace pgshift::core {

struct Position {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, counted in characters (UTF-8 code points) from the line start
};

// Position of byte `offset` in `text` (offset past the end is clamped).
Position position_of(std::string_view text, std::size_t offset);

// "path:line:col: message" as an invalid_input Status. A message of several lines is cut at
// its first line break ("..." marks the cut): errors are one line.
Status input_error(const std::string& path, Position pos, const std::string& message);

}  // namespace pgshift::core
