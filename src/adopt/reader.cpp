#include "adopt/reader.hpp"

#include <algorithm>

#include "core/version.hpp"

namespace pgshift::adopt {

namespace {

const char* category_name(char category) {
  switch (category) {
    case 'N':
      return "integer";
    case 'S':
      return "text";
    case 'B':
      return "boolean";
    case 'D':
      return "timestamp";
    default:
      return "?";
  }
}

std::string_view next_part(std::string_view& rest) {
  const std::size_t dot = rest.find('.');
  std::string_view part = rest.substr(0, dot);
  rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  return part;
}

}  // namespace

std::string describe_columns(const Reader& reader) {
  std::string out;
  for (const Column& c : reader.columns) {
    out += (out.empty() ? "" : ", ") + std::string(c.name) + " " + category_name(c.category);
  }
  return out;
}

std::string canonical_version(std::string_view version) {
  if (core::is_version(version)) {
    return core::canonical_version(version);
  }
  return std::string(version);
}

std::string leading_version(std::string_view name) {
  std::size_t n = 0;
  while (n < name.size() && name[n] >= '0' && name[n] <= '9') {
    ++n;
  }
  return n == 0 ? std::string() : core::canonical_version(name.substr(0, n));
}

int compare_versions(std::string_view a, std::string_view b) {
  // Digit-only versions compare exactly as pgshift compares file versions; dotted ones part by
  // part, a missing part counting as 0 ("1" == "1.0", as Flyway has it).
  while (!a.empty() || !b.empty()) {
    std::string_view pa = next_part(a);
    std::string_view pb = next_part(b);
    const int c = core::compare_versions(pa.empty() ? "0" : pa, pb.empty() ? "0" : pb);
    if (c != 0) {
      return c;
    }
  }
  return 0;
}

void sort_applied(std::vector<ForeignMigration>& applied) {
  std::stable_sort(applied.begin(), applied.end(),
                   [](const ForeignMigration& x, const ForeignMigration& y) {
                     return compare_versions(x.version, y.version) < 0;
                   });
  // Keep the last of each run of equal versions: the tool's latest record of it.
  std::vector<ForeignMigration> out;
  for (auto& m : applied) {
    if (!out.empty() && compare_versions(out.back().version, m.version) == 0) {
      out.back() = std::move(m);
    } else {
      out.push_back(std::move(m));
    }
  }
  applied = std::move(out);
}

std::string ForeignHistory::newest() const {
  std::string newest = through;
  for (const auto& m : applied) {
    if (newest.empty() || compare_versions(m.version, newest) > 0) {
      newest = m.version;
    }
  }
  return newest;
}

}  // namespace pgshift::adopt
