// The registry of lint rules: every rule, in the order of registry.cpp's table.
#pragma once

#include <span>
#include <string_view>

#include "lint/rule.hpp"

namespace pgshift::lint {

// Every rule, sorted by id.
std::span<const Rule* const> all_rules();
// The rule with that id, or nullptr.
const Rule* find_rule(std::string_view id);

}  // namespace pgshift::lint
