// Migration versions: a run of digits compared numerically ("2" < "10", "0002" == "2").
#pragma once

#include <string>
#include <string_view>

namespace pgshift::core {

// Strips leading zeros ("0002" -> "2", "000" -> "0"). Input must be all digits.
std::string canonical_version(std::string_view digits);
// Numeric comparison of two canonical versions: <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);
// True when s is a non-empty run of ASCII digits.
bool is_version(std::string_view s);

}  // namespace pgshift::core
