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
#include "exec/ladder.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"
#include "sql/batch_target.hpp"
#include "sql/locks.hpp"

namespace pgshift::exec {

// A statement the file marked with `-- pgshift:batch`: run by the backfill primitive in keyset
// batches instead of as one statement (docs/backfill.md).
struct BatchStep {
  sql::BatchTarget target;
  std::optional<int> size;               // size=N: the first batch's size
  std::optional<Millis> sleep;           // sleep=DUR
  std::optional<double> sleep_fraction;  // sleep=N%
  int directive_line = 0;
};

struct Step {
  std::string id;   // stable and readable: "3_add_email.up.2" (version_name.direction.ordinal)
  std::string sql;  // one statement, without its trailing semicolon
  std::string path;
  int line = 1;
  int column = 1;
  std::string checksum;  // normalized checksum of the statement (resume checks)
  sql::Effects effects;  // locks, rewrites, scans: the classification the linter shares
  std::optional<sql::IndexTarget> concurrent_index;  // CREATE/DROP/REINDEX ... CONCURRENTLY
  std::optional<BatchStep> batch;                    // -- pgshift:batch above it

  std::string location() const;  // "path:line:col"
  // The strongest lock and where: `ACCESS EXCLUSIVE on "users"`; "no table lock" when none.
  std::string lock_description() const;
  bool concurrently() const { return effects.concurrently; }
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
  // How the transaction starts: "BEGIN", or the wrapper's own text
  // ("BEGIN ISOLATION LEVEL SERIALIZABLE"), so its options are honoured.
  std::string begin_sql = "BEGIN";
  // The lock_timeout ladder of every attempt (config, then the file's directives).
  LadderConfig ladder;
  // An explicit `-- pgshift:lock-timeout` also applies to CONCURRENTLY steps, which otherwise
  // wait for their (traffic-compatible) locks without a timeout.
  bool lock_timeout_from_directive = false;
  std::optional<Millis> statement_timeout;
  bool statement_timeout_from_directive = false;
  Millis preflight_threshold{5000};
  Millis preflight_wait{0};
  std::vector<Step> steps;

  // lock_timeout for `step` on ladder attempt `attempt`; nullopt: none (CONCURRENTLY steps).
  std::optional<Millis> lock_timeout_for(const Step& step, int attempt) const;
  std::optional<Millis> statement_timeout_for(const Step& step) const;
};

// Parses the section of `source` for `direction` and plans it. Errors (invalid_input with
// file:line:col): SQL syntax errors, psql meta-commands, transaction control other than one
// BEGIN ... COMMIT around the whole file, such a wrapper in a file that must run in autocommit,
// and a missing section (no down SQL); interrupted when `cancel` is requested while parsing.
Result<Plan> make_plan(const core::MigrationSource& source, core::Direction direction,
                       const Options& options, const CancelToken* cancel = nullptr);

}  // namespace pgshift::exec
