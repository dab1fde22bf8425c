#include "core/version.hpp"

namespace pgshift::core {

std::string canonical_version(std::string_view digits) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') {
    ++i;
  }
  return std::string(digits.substr(i));
}

int compare_versions(std::string_view a, std::string_view b) {
  // Canonicalize again so that callers passing "0002" still compare numerically; versions
  // can exceed 64 bits (timestamps with extra digits), so compare as digit strings.
  std::string ca = canonical_version(a);
  std::string cb = canonical_version(b);
  if (ca.size() != cb.size()) {
    return ca.size() < cb.size() ? -1 : 1;
  }
  int c = ca.compare(cb);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool is_version(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

}  // namespace pgshift::core
