#include "core/position.hpp"

#include <algorithm>

namespace pgshift::core {

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

namespace {

// The message up to its first line break. The parser quotes the text "at or near" an error,
// and for an unterminated comment, string or dollar quote that is the rest of the file; an
// error must stay one line. "..." marks the cut, and closes a quote the cut left open.
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

Status input_error(const std::string& path, Position pos, const std::string& message) {
  return Status::error(Code::invalid_input, path + ":" + std::to_string(pos.line) + ":" +
                                                std::to_string(pos.column) + ": " +
                                                first_line(message));
}

}  // namespace pgshift::core
