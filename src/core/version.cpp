#include "core/version.hpp"

#include <vector>

namespace pgshift::core {

namespace {

// The components of a version, each without leading zeros ("01.010" -> {"1", "10"}).
std::vector<std::string_view> components(std::string_view v) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = v.find('.', start);
    std::string_view c = v.substr(start, dot == std::string_view::npos ? v.npos : dot - start);
    while (c.size() > 1 && c.front() == '0') {
      c.remove_prefix(1);
    }
    out.push_back(c);
    if (dot == std::string_view::npos) {
      return out;
    }
    start = dot + 1;
  }
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
  std::vector<std::string_view> parts = components(version);
  // Flyway's rule: 1.0 is version 1 (trailing zero components do not count).
  while (parts.size() > 1 && parts.back() == "0") {
    parts.pop_back();
  }
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) {
      out += '.';
    }
    out += p;
  }
  return out;
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
  // Canonical again, so that callers passing "0002" or "1.0" still compare as versions.
  const std::vector<std::string_view> pa = components(a);
  const std::vector<std::string_view> pb = components(b);
  for (std::size_t i = 0; i < pa.size() || i < pb.size(); ++i) {
    std::string_view x = i < pa.size() ? pa[i] : "0";
    std::string_view y = i < pb.size() ? pb[i] : "0";
    if (int c = compare_numbers(x, y); c != 0) {
      return c;
    }
  }
  return 0;
}

}  // namespace pgshift::core
