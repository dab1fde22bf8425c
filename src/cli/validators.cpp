#include "cli/command.hpp"

namespace pgshift::cli {

const CLI::Validator& decimal() {
  static const CLI::Validator k_decimal(
      [](std::string& value) -> std::string {
        const bool digits =
            !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || (value.size() > 1 && value[0] == '0')) {
          return "\"" + value.substr(0, 32) +
                 "\" is not a whole number in decimal digits (no sign, no leading 0, no 0x)";
        }
        return "";
      },
      "");
  return k_decimal;
}

}  // namespace pgshift::cli
