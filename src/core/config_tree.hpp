// A TOML document as a neutral tree with source positions, for readers outside src/core that
// must not include toml++ (operations files, docs/design.md §7). Keys keep their file order, so the
// first mistake in a file is the one reported.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/position.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

struct TomlNode {
  // Defined where TomlNode is complete: clang with libstdc++ refuses an implicit one, whose
  // noexcept needs std::pair<std::string, TomlNode> (below) to be complete already.
  TomlNode();

  enum class Kind { string, integer, floating, boolean, array, table, other };
  Kind kind = Kind::other;
  Position pos;  // where the value starts
  // Where it ends: a multi-line string whose first newline TOML trimmed spans one more line
  // than its text holds, and raw_sql needs its statements' true lines.
  Position end;
  std::string text;             // string
  long long integer = 0;        // integer
  double number = 0;            // floating
  bool boolean = false;         // boolean
  std::vector<TomlNode> items;  // array
  // table: (key, value) in file order, with the key's own position in `key_pos`
  std::vector<std::pair<std::string, TomlNode>> fields;
  std::vector<Position> key_pos;

  // "a string", "an integer", "a table", ...: for messages.
  const char* kind_name() const;
};

// Parses `text` (read from `path`). Errors: invalid_input "path:line:col: <toml++'s reason>".
Result<TomlNode> parse_toml_tree(const std::string& text, const std::string& path);

}  // namespace pgshift::core
