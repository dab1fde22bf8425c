// Durations as written in config, flags and directives: "250ms", "2s", "5min", "1h".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

// Parses a non-negative whole number followed by a unit: ms, s, min, h (optional space
// between), at most 2147483647ms (about 596h): the longest timeout PostgreSQL accepts, and
// far from where deadlines computed with std::chrono overflow. On failure returns
// invalid_input with a message naming the text and the units (or the limit).
Result<Millis> parse_duration(std::string_view text);

// "20%" -> 0.2: a whole number of percent from 0 to 9999 and a '%'; nullopt otherwise (also
// for text without the '%', so callers can fall back to a duration).
std::optional<double> parse_percent(std::string_view text);

// The shortest exact spelling: 250ms, 2s, 5min, 1h, 90s.
std::string format_duration(Millis d);

}  // namespace pgshift::core
