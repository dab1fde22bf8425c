// Helpers shared by the layout readers (private to src/core/layouts).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/layout.hpp"

namespace pgshift::core::layouts {

// Case-insensitive suffix test; `lower_suffix` is lowercase.
bool iends_with(std::string_view s, std::string_view lower_suffix);
// The number of ASCII digits at the start of `s`.
std::size_t leading_digits(std::string_view s);

// The answers of Layout::match.
Result<std::optional<NameMatch>> not_mine();
Result<std::optional<NameMatch>> mine(NameMatch m);
Result<std::optional<NameMatch>> malformed(std::string_view reason, std::string_view expected);

// A whole file as one section (an up or down file): its directives parsed. For a down file a
// bad directive becomes the down_error, so that only `down` refuses for it.
Result<MigrationSource> read_whole_file(Entry& e, std::string down_hint);

// True when some line of `text` that contains `needle` satisfies `is_annotation`: a cheap
// search first, so that a file without the needle costs one scan.
bool any_line(std::string_view text, std::string_view needle,
              bool (*is_annotation)(std::string_view line));

}  // namespace pgshift::core::layouts
