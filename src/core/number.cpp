#include "core/number.hpp"

#include <fmt/format.h>

namespace pgshift::core {

Result<long long> parse_integer(std::string_view text, std::string_view what) {
  if (auto v = parse_number<long long>(text)) {
    return *v;
  }
  long long ignored = 0;
  const bool too_big =
      !text.empty() && std::from_chars(text.data(), text.data() + text.size(), ignored).ec ==
                           std::errc::result_out_of_range;
  return Status::error(
      Code::invalid_input,
      fmt::format("{}: \"{}\" is {}", what, text, too_big ? "out of range" : "not a whole number"));
}

}  // namespace pgshift::core
