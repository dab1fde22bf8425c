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
// `body` between dollar quotes whose tag occurs nowhere in it, so that no text in the body (a
// quoted name such as "x$pgshift$;DROP TABLE t;--") can end the quote early: $<tag>$ when the
// body allows it, else $<tag>_1$, $<tag>_2$, ... (the first that fits; the same body always
// gets the same tag). `tag` must be a valid dollar-quote tag: a letter or '_', then letters,
// digits or '_'.
std::string dollar_quote(std::string_view body, std::string_view tag = "pgshift");

}  // namespace pgshift::core
