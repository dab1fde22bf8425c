#include "core/excerpt.hpp"

namespace pgshift::core {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The bytes of the character a UTF-8 lead byte starts (1 for ASCII and stray bytes).
std::size_t char_length(char lead) {
  const auto u = static_cast<unsigned char>(lead);
  return u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
}

// Drops a character the cut left incomplete at the end of `s`.
void drop_partial(std::string& s) {
  std::size_t lead = s.size();
  while (lead > 0 && is_continuation(s[lead - 1])) {
    --lead;
  }
  if (lead > 0 && s.size() - (lead - 1) < char_length(s[lead - 1])) {
    s.resize(lead - 1);
  }
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  std::string out;
  bool space = false;
  bool cut = false;
  for (char c : text) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    const std::size_t need = (space ? 1 : 0) + 1;
    if (out.size() + need > max_bytes) {
      cut = true;
      break;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  if (cut) {
    drop_partial(out);
    out += "...";
  }
  return out;
}

std::string cap_near(std::string_view message, std::size_t max_bytes) {
  constexpr std::string_view k_near = " at or near \"";
  const std::size_t near = message.find(k_near);
  const std::size_t last = message.rfind('"');
  if (near == std::string_view::npos || last < near + k_near.size()) {
    return std::string(message);
  }
  const std::size_t begin = near + k_near.size();
  const std::string_view token = message.substr(begin, last - begin);
  if (token.size() <= max_bytes && token.find_first_of("\r\n") == std::string_view::npos) {
    return std::string(message);
  }
  return std::string(message.substr(0, begin)) + excerpt(token, max_bytes) +
         std::string(message.substr(last));
}

}  // namespace pgshift::core
