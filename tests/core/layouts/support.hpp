// Helpers for the layout tests: a layout's answers about one name or one file's text.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "core/layout.hpp"

namespace pgshift::test {

inline const core::Layout& layout(std::string_view id) {
  const core::Layout* l = core::find_layout(id);
  REQUIRE(l != nullptr);
  return *l;
}

// What `id` makes of the file name (an error message, "" when not its name, or the match).
inline Result<std::optional<core::NameMatch>> name_of(std::string_view id, std::string_view name) {
  return layout(id).match(name);
}

// `id` reading a file named `name` (whose name it must match) holding `text`.
inline Result<core::MigrationSource> read_as(std::string_view id, const std::string& name,
                                             const std::string& text) {
  auto m = layout(id).match(name);
  REQUIRE(m.is_ok());
  REQUIRE(m->has_value());
  return layout(id).read(core::Entry{"m/" + name, **m, text});
}

// The error message of reading `text` as `id`.
inline std::string read_error(std::string_view id, const std::string& name,
                              const std::string& text) {
  auto r = read_as(id, name, text);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == Code::invalid_input);
  return r.status().message();
}

}  // namespace pgshift::test
