// Migration versions: dotted numbers compared as version numbers, component by component
// ("2" < "10", "0002" == "2", "1.9" < "1.10", "1.0" == "1"), as golang-migrate, goose, dbmate
// and Flyway order their files. A key that is not a version (a Flyway repeatable migration's
// "R__<description>") sorts after every version, and such keys among themselves as text.
#pragma once

#include <string>
#include <string_view>

namespace pgshift::core {

// The one spelling of a version: leading zeros of each component and trailing zero components
// dropped ("0002" -> "2", "000" -> "0", "01.010" -> "1.10", "1.0" -> "1"). Anything that is
// not a version (is_version false) is returned unchanged.
std::string canonical_version(std::string_view version);
// Version order of two versions or keys: <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);
// True for one or more runs of ASCII digits separated by single dots ("1", "0002", "13.1").
bool is_version(std::string_view s);

}  // namespace pgshift::core
