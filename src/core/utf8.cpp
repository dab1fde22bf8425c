#include "core/utf8.hpp"

namespace pgshift::core {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  // Well-formed byte sequences, Unicode 15 table 3-7. The second byte's range depends on the
  // lead byte: that is what excludes overlongs (C0, C1, E0 80-9F, F0 80-8F), surrogates
  // (ED A0-BF) and code points past U+10FFFF (F4 90-BF, F5-FF).
  const std::size_t n = text.size();
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < n) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c == 0xE0) {
      extra = 2;
      lo = 0xA0;
    } else if (c >= 0xE1 && c <= 0xEC) {
      extra = 2;
    } else if (c == 0xED) {
      extra = 2;
      hi = 0x9F;
    } else if (c >= 0xEE && c <= 0xEF) {
      extra = 2;
    } else if (c == 0xF0) {
      extra = 3;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      extra = 3;
    } else if (c == 0xF4) {
      extra = 3;
      hi = 0x8F;
    } else {
      return i;
    }
    if (i + static_cast<std::size_t>(extra) >= n) {  // truncated at the end
      return i;
    }
    if (byte(i + 1) < lo || byte(i + 1) > hi) {
      return i;
    }
    for (int k = 2; k <= extra; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) {
        return i;
      }
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return std::nullopt;
}

}  // namespace pgshift::core
