// The [lint] settings (docs/design.md §9, docs/configuration.md.md). A plain struct:
// core::load_options fills it from pgshift.toml, the environment and flags.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "lint/finding.hpp"
#include "pgshift/options.hpp"

namespace pgshift::lint {

struct Config {
  // Rules never run (`disabled = ["prefer-robust-stmts"]`); their ignores are not reported
  // as unused either.
  std::set<std::string> disabled;
  // Per-rule severity in place of the rule's default (`severity = { ban-drop-column = "warning"
  // }`).
  std::map<std::string, Severity> severity;
  // Target server_version_num (`pg_version = 110000`, --pg-version). nullopt: the server's,
  // from Facts, else k_default_pg_version.
  std::optional<int> pg_version;
  // Below this many rows (facts), a hazard on a table is a warning: default 10,000.
  std::int64_t small_table_rows = 10000;
  // --standalone: the files are run by another runner (psql ...), so pgshift's guarantees are
  // off: no lock_timeout set for them, no CONCURRENTLY statement moved out of a transaction.
  bool standalone = false;
  // [ddl] statement_timeout: pgshift sets it for every statement it runs (CONCURRENTLY ones
  // excepted), so require-statement-timeout is satisfied without a directive. nullopt: none.
  std::optional<Millis> statement_timeout;
};

// What the rules assume without --pg-version or a database: PostgreSQL 15, the version of the
// parser (libpg_query) and of pgshift's sandbox.
constexpr int k_default_pg_version = 150000;

}  // namespace pgshift::lint
