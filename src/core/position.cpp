#include "core/position.hpp"

#include <algorithm>

#include "core/excerpt.hpp"

namespace pgshift::core {

namespace {

// The longest token quoted after "at or near": a long identifier (63 bytes) fits.
constexpr std::size_t k_quoted_max = 64;

// `pos` moved over text[from, to).
Position advance(std::string_view text, std::size_t from, std::size_t to, Position pos) {
  for (std::size_t i = from; i < to; ++i) {
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

// The message up to its first line break ("..." marks the cut, and closes a quote the cut left
// open): an error stays one line whatever the parser quoted (found by fuzz/sql).
std::string first_line(const std::string& message) {
  const std::size_t cut = message.find_first_of("\r\n");
  if (cut == std::string::npos) {
    return message;
  }
  std::string out = message.substr(0, cut) + "...";
  if (std::count(out.begin(), out.end(), '"') % 2 == 1) {
    out += '"';
  }
  return out;
}

}  // namespace

Position position_of(std::string_view text, std::size_t offset) {
  return advance(text, 0, std::min(offset, text.size()), Position{});
}

PositionIndex::PositionIndex(std::string_view text) : m_text(text) {
  m_marks.reserve(text.size() / k_stride + 1);
  Position pos;
  for (std::size_t at = 0; at <= text.size(); at += k_stride) {
    m_marks.push_back(pos);
    pos = advance(text, at, std::min(at + k_stride, text.size()), pos);
  }
}

Position PositionIndex::at(std::size_t offset) const {
  offset = std::min(offset, m_text.size());
  const std::size_t mark = offset / k_stride;
  return advance(m_text, mark * k_stride, offset, m_marks[mark]);
}

Status input_error(const std::string& path, Position pos, const std::string& message) {
  return Status::error(Code::invalid_input, path + ":" + std::to_string(pos.line) + ":" +
                                                std::to_string(pos.column) + ": " +
                                                first_line(cap_near(message, k_quoted_max)));
}

}  // namespace pgshift::core
