// Plan and Step: what the executor runs, as data (DESIGN §6).
//
// A Plan is one direction of one migration: an ordered list of Steps and whether they run in
// one transaction or each on its own in autocommit. Plans are printed by --dry-run and `plan`
// and never contain anything the executor decides on its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/discovery.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::exec {

struct Step {
  std::string id;   // stable and readable: "3_add_email.up.2" (version_name.direction.ordinal)
  std::string sql;  // one statement, without its trailing semicolon
  std::string path;
  int line = 1;
  int column = 1;
  std::string checksum;  // normalized checksum of the statement (resume checks)

  std::string location() const;  // "path:line:col"
};

struct Plan {
  std::string version;
  std::string name;
  std::string path;
  core::Direction direction = core::Direction::up;
  // true: all steps in one transaction with the history row; false: autocommit, one step at a
  // time, progress recorded after each.
  bool transactional = true;
  std::string mode_reason;  // why it runs as it does ("-- pgshift:no-transaction", ...)
  bool wrapped = false;     // the file's own BEGIN; ... COMMIT; was taken as the transaction
  std::optional<Millis> lock_timeout;
  std::optional<Millis> statement_timeout;
  std::vector<Step> steps;
};

// Parses the section of `source` for `direction` and plans it. Errors (invalid_input with
// file:line:col): SQL syntax errors, psql meta-commands, transaction control other than one
// BEGIN ... COMMIT around the whole file, such a wrapper in a file that must run in autocommit,
// and a missing section (no down SQL).
Result<Plan> make_plan(const core::MigrationSource& source, core::Direction direction,
                       const Options& options);

}  // namespace pgshift::exec
