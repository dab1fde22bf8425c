// Configuration layering: pgshift.toml < environment < flags (docs/design.md §4).
//
//   database_url, dir, layout, history_schema, checksum ("normalized" | "exact")   top level
//   [lock]  wait                                                              duration
//   [ddl]   lock_timeout, statement_timeout (durations), retries (integer)
//   [backfill] batch sizes, target_batch_time, sleep ("50ms" or "20%"), statement_timeout,
//           max_replication_lag, pause_on_autovacuum, max_lock_wait
//   [lint]  disabled (rule ids), [lint.severity] (rule id = "error"|"warning"|"off"),
//           pg_version ("15", "9.6", 150004), small_table_rows (integer), standalone (bool)
//   [adopt] from ("auto" | "none" | a tool), table ("[schema.]table")
//
// `${VAR}` in strings expands from the environment (an unset variable is an error). Unknown
// keys, wrong types and bad durations are errors naming "file:line:col".
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

// Reads environment variables; tests pass a map instead of the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// Flag values given on the command line; unset ones do not override.
struct FlagOverrides {
  std::optional<std::string> database_url;
  std::optional<std::string> dir;
  std::optional<std::string> history_schema;
  std::optional<std::string> checksum;   // "normalized" | "exact"
  std::optional<std::string> lock_wait;  // duration text, e.g. "5s"
  std::optional<std::string> adopt_from;
  std::optional<std::string> adopt_table;
  std::optional<std::string> layout;  // a layout id or "auto" (core/layout.hpp)
};

// Applies the TOML document at `config_path` (if given), then the environment
// (PGSHIFT_DATABASE_URL, else DATABASE_URL; PGSHIFT_DIR; PGSHIFT_LAYOUT; PGSHIFT_HISTORY_SCHEMA;
// PGSHIFT_LOCK_WAIT), then the flags, onto the defaults of Options.
// `config_path` nullopt: no config file. `config_required`: an explicitly named --config that
// is missing is an error; otherwise (the implicit ./pgshift.toml) a missing file is no error.
Result<Options> load_options(const std::optional<std::string>& config_path, bool config_required,
                             const FlagOverrides& flags, const EnvLookup& env);

// Parses TOML text (path only names it in errors) onto `into`. Exposed for tests.
Status apply_toml(const std::string& text, const std::string& path, const EnvLookup& env,
                  Options& into);

// Checks that s is a valid TOML document; "path:line:col: message" otherwise.
Status check_toml_syntax(const std::string& text, const std::string& path);

// A PostgreSQL version as written in [lint] pg_version or --pg-version, as a
// server_version_num: "15" -> 150000, "15.4" -> 150004, "9.6" -> 90600, "150004" -> 150004;
// nullopt when it is none of these. k_pg_version_help says what is accepted.
std::optional<int> parse_pg_version(std::string_view text);
extern const char* const k_pg_version_help;

// Validates a schema name for history_schema: [A-Za-z_][A-Za-z0-9_$]*, at most 63 bytes.
Status check_schema_name(const std::string& name, const std::string& what);

}  // namespace pgshift::core
