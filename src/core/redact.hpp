// Keeps passwords out of every output: connection URLs and conninfo strings are shown with
// the password replaced by "****".
#pragma once

#include <string>
#include <string_view>

namespace pgshift::core {

// postgresql://u:secret@h/db -> postgresql://u:****@h/db; also ?password=... and
// conninfo "password=secret" (quoted or not). Other text is returned unchanged.
std::string redact_url(std::string_view url);

// The password a URL/conninfo carries (empty if none); the CLI scrubs it from every line.
std::string password_of(std::string_view url);

// Replaces every occurrence of `secret` (when non-empty) in text with "****".
std::string scrub(std::string_view text, std::string_view secret);

}  // namespace pgshift::core
