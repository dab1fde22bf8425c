// The registry of history readers: one per tool pgshift adopts from.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "adopt/reader.hpp"

namespace pgshift::adopt {

// Every reader, in the order of registry.cpp's table.
std::span<const Reader* const> all_readers();
// The reader of that tool ("goose"), or nullptr.
const Reader* find_reader(std::string_view tool);
// "golang-migrate, goose, ...": the tools, for messages.
std::string tool_names();

}  // namespace pgshift::adopt
