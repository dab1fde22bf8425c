// An operations file (`<version>_<name>.toml`, docs/design.md §2 and §7), read and checked without
// a database: its top-level keys, every operation's fields, and conflicts between operations.
//
//   schema = "public"          # optional: the schema of every table named below
//
//   [[operations]]
//   op = "add_column"
//   table = "users"
//   column = { name = "email", type = "text", nullable = false }
//   up = "name || '@example.com'"
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/discovery.hpp"
#include "ops/operation.hpp"

namespace pgshift::ops {

struct OpsFile {
  std::string path;
  std::string version;  // canonical
  std::string name;
  std::string schema = "public";
  std::vector<std::unique_ptr<Operation>> operations;

  Env env(int server_version = 150000) const;
};

// Reads an operations file. Errors (invalid_input, "path:line:col: ..."): TOML syntax, unknown
// top-level keys or operation types, missing, unknown or malformed fields, SQL fragments that
// do not parse, no operation at all, and two operations that change the same column (or one
// that renames or drops a table another one changes).
Result<OpsFile> read_ops_file(const core::MigrationSource& source);

}  // namespace pgshift::ops
