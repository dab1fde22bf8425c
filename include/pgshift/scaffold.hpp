// Scaffolding: `pgshift init` and `pgshift new` (no database needed).
#pragma once

#include <string>
#include <vector>

#include "pgshift/status.hpp"

namespace pgshift {

struct InitOptions {
  std::string config_path = "pgshift.toml";
  std::string dir = "migrations";
  bool force = false;  // overwrite an existing pgshift.toml
};

// Writes a commented pgshift.toml and creates the migrations directory. Returns the paths
// created. Refuses (invalid_input) to overwrite an existing config unless force.
Result<std::vector<std::string>> init_project(const InitOptions& opts);

struct NewOptions {
  std::string dir = "migrations";
  std::string name;         // [a-z0-9_]+ (spaces and dashes are turned into underscores)
  bool sequential = false;  // next integer (zero-padded like the newest) instead of a timestamp
  bool single = false;      // one file with -- pgshift:up / -- pgshift:down sections
  bool ops = false;         // an operations (.toml) file
  std::string timestamp;    // YYYYMMDDHHMMSS to use; empty = now (UTC). For tests.
};

// Creates the next migration file(s) and returns their paths. The version is a UTC timestamp
// by default, or the next number with `sequential`; it is always greater than every existing
// version in `dir`.
Result<std::vector<std::string>> new_migration(const NewOptions& opts);

}  // namespace pgshift
