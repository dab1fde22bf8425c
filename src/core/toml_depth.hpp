// How deeply a TOML document nests, checked on its text before toml++ reads it. toml++ limits
// nested arrays and inline tables (256) but not tables made by dotted keys and headers: a
// header `[a.a.a. ... .a]` of 150,000 parts crashes it (and the readers after it, which recurse
// over the tree), in a file of 300 kB.
#pragma once

#include <string>
#include <string_view>

#include "pgshift/status.hpp"

namespace pgshift::core {

// The deepest a TOML document may nest, counting every table of a dotted key or header, every
// array and every inline table on the way to a value. toml++'s own limit for arrays and inline
// tables alone is the same.
inline constexpr int k_max_toml_depth = 256;

// invalid_input "path:line:col: ..." at the key that goes deeper than k_max_toml_depth; ok for
// anything else, malformed TOML included (toml++ reports that).
Status check_toml_depth(std::string_view text, const std::string& path);

}  // namespace pgshift::core
