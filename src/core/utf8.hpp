// UTF-8 validation of migration files.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pgshift::core {

// Byte offset of the first byte that is not part of valid UTF-8 (overlongs, surrogates and
// code points past U+10FFFF are invalid), or nullopt when the whole text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace pgshift::core
