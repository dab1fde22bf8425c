// Quoting for SQL text built by pgshift. Every identifier goes through quote_ident, every
// literal through quote_literal (or a bound parameter): no raw names in SQL.
#pragma once

#include <string>
#include <string_view>

namespace pgshift::core {

// Always double-quotes, doubling embedded quotes: users -> "users", a"b -> "a""b".
std::string quote_ident(std::string_view name);
// 'text' with embedded quotes doubled; backslashes made safe with the E'' form when present.
std::string quote_literal(std::string_view value);

}  // namespace pgshift::core
