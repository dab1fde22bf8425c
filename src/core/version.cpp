#include "core/version.hpp"

namespace pgshift::core {

namespace {

// The component of `v` that starts at `pos`, without its leading zeros, and `pos` moved past
// it and its dot; "0" once `v` is used up (a missing component counts as 0). No allocation:
// versions are compared for every sort and map of migrations.
std::string_view next_component(std::string_view v, std::size_t& pos) {
  if (pos >= v.size()) {
    return "0";
  }
  std::size_t dot = v.find('.', pos);
  std::size_t end = dot == std::string_view::npos ? v.size() : dot;
  std::string_view c = v.substr(pos, end - pos);
  pos = end + 1;
  while (c.size() > 1 && c.front() == '0') {
    c.remove_prefix(1);
  }
  return c;
}

// Versions can exceed 64 bits (timestamps with extra digits): compare as digit strings.
int compare_numbers(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

bool is_version(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') {
    return false;
  }
  char prev = 0;
  for (char c : s) {
    const bool digit = c >= '0' && c <= '9';
    if (!digit && !(c == '.' && prev != '.')) {
      return false;
    }
    prev = c;
  }
  return true;
}

std::string canonical_version(std::string_view version) {
  if (!is_version(version)) {
    return std::string(version);
  }
  if (version.find('.') == std::string_view::npos) {  // the common case: one number
    std::size_t pos = 0;
    return std::string(next_component(version, pos));
  }
  std::string out;
  std::string zeros;  // "0" components held back until a later one is not zero
  std::size_t pos = 0;
  while (pos < version.size()) {
    std::string_view c = next_component(version, pos);
    if (c == "0" && !out.empty()) {
      zeros += ".0";  // Flyway's rule: 1.0 is version 1 (trailing zero components do not count)
      continue;
    }
    out += out.empty() ? "" : zeros + ".";
    zeros.clear();
    out += c;
  }
  return out.empty() ? "0" : out;
}

int compare_versions(std::string_view a, std::string_view b) {
  const bool va = is_version(a);
  const bool vb = is_version(b);
  if (!va || !vb) {
    if (va != vb) {
      return va ? -1 : 1;  // keys (repeatables) after every version
    }
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  // Component by component, so that callers passing "0002" or "1.0" still compare as versions.
  std::size_t pa = 0;
  std::size_t pb = 0;
  while (pa < a.size() || pb < b.size()) {
    if (int c = compare_numbers(next_component(a, pa), next_component(b, pb)); c != 0) {
      return c;
    }
  }
  return 0;
}

}  // namespace pgshift::core
