// Source positions: 1-based line and column of a byte offset, and "file:line:col" errors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pgshift/status.hpp"

namespace pgshift::core {

struct Position {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, counted in characters (UTF-8 code points) from the line start
};

// Position of byte `offset` in `text` (offset past the end is clamped). Reads `text` from the
// start: for many offsets in one text use PositionIndex.
Position position_of(std::string_view text, std::size_t offset);

// Positions of many offsets in one text, as position_of gives them. Asking position_of for
// every statement of a file reads the file once per statement (quadratic: 9 s for 16k INSERTs);
// the index keeps the position of every k_stride-th byte, so a lookup reads at most k_stride
// bytes whatever the order of the offsets. Views `text`, which must outlive it.
class PositionIndex {
 public:
  static constexpr std::size_t k_stride = 4096;

  explicit PositionIndex(std::string_view text);
  Position at(std::size_t offset) const;

 private:
  std::string_view m_text;
  std::vector<Position> m_marks;  // m_marks[i] = position_of(m_text, i * k_stride)
};

// "path:line:col: message" as an invalid_input Status. The token a parser quotes "at or near"
// is cut to one line of at most 64 bytes (core::cap_near): after an unterminated literal it is
// the rest of the file; any other message of several lines is cut at its first line break.
Status input_error(const std::string& path, Position pos, const std::string& message);

}  // namespace pgshift::core
