#include "core/duration.hpp"

#include <cstdint>
#include <limits>

#include "core/number.hpp"

namespace pgshift::core {

namespace {

struct Unit {
  std::string_view name;
  std::int64_t millis;
};

constexpr Unit k_units[] = {{"ms", 1}, {"s", 1000}, {"min", 60'000}, {"h", 3'600'000}};

// The longest duration: PostgreSQL's timeouts take at most INT_MAX milliseconds, and a deadline
// this far ahead still fits std::chrono's clocks (a 64-bit count of nanoseconds overflows at
// 292 years, which a value of 64-bit milliseconds would pass unnoticed).
constexpr std::int64_t k_max_millis = std::numeric_limits<std::int32_t>::max();

Status invalid(std::string_view text) {
  return Status::error(Code::invalid_input,
                       "invalid duration \"" + std::string(text) +
                           "\": write a whole number and a unit: 250ms, 2s, 5min, 1h");
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  // Surrounding whitespace is forgiven (it is invisible in TOML strings and shell variables);
  // inside, only one optional space between the number and the unit.
  std::string_view s = text;
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  std::size_t i = 0;
  std::int64_t value = 0;
  bool too_large = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    int digit = s[i] - '0';
    if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) {
      too_large = true;
    } else {
      value = value * 10 + digit;
    }
    ++i;
  }
  if (i == 0) {
    return invalid(text);
  }
  std::string_view unit = s.substr(i);
  if (!unit.empty() && unit.front() == ' ') {
    unit.remove_prefix(1);
  }
  for (const Unit& u : k_units) {
    if (unit == u.name) {
      if (too_large || value > k_max_millis / u.millis) {
        return Status::error(Code::invalid_input,
                             "invalid duration \"" + std::string(text) +
                                 "\": too large, the longest is 2147483647ms (about 596h)");
      }
      return Millis(value * u.millis);
    }
  }
  return invalid(text);
}

std::string format_duration(Millis d) {
  std::int64_t ms = d.count();
  if (ms < 0) {
    // Not produced by parse_duration; spelled out so that logs never show a wrong value.
    return "-" + std::to_string(0 - static_cast<std::uint64_t>(ms)) + "ms";
  }
  if (ms == 0) {
    return "0s";
  }
  for (auto it = std::rbegin(k_units); it != std::rend(k_units); ++it) {
    if (ms % it->millis == 0) {
      return std::to_string(ms / it->millis) + std::string(it->name);
    }
  }
  return std::to_string(ms) + "ms";
}

std::optional<double> parse_percent(std::string_view text) {
  if (text.size() < 2 || text.size() > 5 || text.back() != '%') {
    return std::nullopt;
  }
  const std::string_view digits = text.substr(0, text.size() - 1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const std::optional<int> percent = parse_number<int>(digits);
  if (!percent) {
    return std::nullopt;
  }
  return *percent / 100.0;
}

}  // namespace pgshift::core
