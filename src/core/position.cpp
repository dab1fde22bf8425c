#include "core/position.hpp"

#include "core/excerpt.hpp"

namespace pgshift::core {

namespace {

// The longest token quoted after "at or near": a long identifier (63 bytes) fits.
constexpr std::size_t k_quoted_max = 64;

}  // namespace

Position position_of(std::string_view text, std::size_t offset) {
  if (offset > text.size()) {
    offset = text.size();
  }
  Position pos;
  for (std::size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      // Continuation bytes belong to the character their lead byte already counted.
      ++pos.column;
    }
  }
  return pos;
}

Status input_error(const std::string& path, Position pos, const std::string& message) {
  return Status::error(Code::invalid_input, path + ":" + std::to_string(pos.line) + ":" +
                                                std::to_string(pos.column) + ": " +
                                                cap_near(message, k_quoted_max));
}

}  // namespace pgshift::core
