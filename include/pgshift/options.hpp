// Options: everything a pgshift run is configured with, after layering pgshift.toml <
// environment < flags (src/core/config.hpp does the layering). Defaults are the values shown.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace pgshift {

using Millis = std::chrono::milliseconds;

enum class ChecksumMode {
  normalized,  // SHA-256 of the PostgreSQL scanner's tokens: whitespace/comments do not count
  exact,       // SHA-256 of the bytes
};

struct DdlOptions {
  // lock_timeout set for every migration step that takes a lock; none when not set.
  std::optional<Millis> lock_timeout;
  // statement_timeout set for each migration; none by default.
  std::optional<Millis> statement_timeout;
  // How many times a step that hit lock_timeout or a deadlock is retried (issue 3's ladder).
  int retries = 0;
};

struct Options {
  // libpq connection URL or conninfo; empty means libpq's own PG* variables.
  std::string database_url;
  // Folder of migration files.
  std::string dir = "migrations";
  // Schema holding pgshift's history tables.
  std::string history_schema = "pgshift";
  ChecksumMode checksum_mode = ChecksumMode::normalized;
  // How long to wait for the runner's advisory lock before giving up (exit 4).
  Millis lock_wait{60000};
  DdlOptions ddl;
  // application_name of pgshift's connections (shown to operators in pg_stat_activity).
  std::string application_name = "pgshift";
};

}  // namespace pgshift
