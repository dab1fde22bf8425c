// Plan and Step: what the executor runs, as data (docs/design.md §6).
//
// A Plan is one direction of one migration: an ordered list of Steps, grouped in Units that
// each commit at once (the whole file in one transaction, or each statement on its own).
// Plans are printed by --dry-run and `plan` and never contain anything the executor decides on
// its own.
#pragma once

#include <cstddef>
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
  std::string node;      // the top parse node, "IndexStmt" (as sql::Statement)
  std::string checksum;  // normalized checksum of the statement (resume checks)
  sql::Effects effects;  // locks, rewrites, scans: the classification the linter shares
  std::optional<sql::IndexTarget> concurrent_index;  // CREATE/DROP/REINDEX ... CONCURRENTLY
  std::optional<BatchStep> batch;                    // -- pgshift:batch above it

  std::string location() const;  // "path:line:col"
  // The strongest lock and where: `ACCESS EXCLUSIVE on "users"`; "no table lock" when none.
  std::string lock_description() const;
  bool concurrently() const { return effects.concurrently; }
  // The statement on one line, cut to about 60 characters, for messages about it.
  std::string brief() const;
};

// Steps that commit at once (docs/file-formats.md#transactions).
struct Unit {
  std::size_t first = 0;  // its first step, an index into Plan::steps
  std::size_t count = 0;  // how many steps
  // true: BEGIN; SET LOCAL timeouts; its steps; its progress; COMMIT. The progress commits with
  //   the steps or not at all, so a crash never leaves the unit done but unrecorded.
  // false: its one step alone in autocommit, because it cannot run in a transaction block,
  //   may commit by itself (CALL, DO with COMMIT) or runs in batches. Its progress is written
  //   after it, so a run that resumes at it first checks whether it took effect
  //   (resume_check.hpp).
  bool transaction = true;
  // How the transaction starts: "BEGIN", or a BEGIN written in the file with its options.
  std::string begin_sql = "BEGIN";
  int begin_line = 0;   // the line of the file's BEGIN that opens it; 0 when not written
  int commit_line = 0;  // ... and of its COMMIT
  std::size_t end() const { return first + count; }
};

struct Plan {
  std::string version;
  std::string name;
  std::string path;
  core::Direction direction = core::Direction::up;
  // true: all steps in one transaction with the history row; false: unit by unit (`units`),
  // progress recorded with each.
  bool transactional = true;
  // The file's own transaction control: each BEGIN ... COMMIT block is one unit, each
  // statement outside the blocks a unit of its own (sql/units.hpp). Not transactional.
  bool as_written = false;
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
  // Every step in exactly one unit, in order: one transaction unit around all steps when
  // `transactional`; the file's blocks and the statements outside them when `as_written`;
  // else one unit per step. Empty only in plans made outside make_plan (operations phases),
  // which run step by step in autocommit.
  std::vector<Unit> units;

  // lock_timeout for `step` on ladder attempt `attempt`; nullopt: none (CONCURRENTLY steps).
  std::optional<Millis> lock_timeout_for(const Step& step, int attempt) const;
  std::optional<Millis> statement_timeout_for(const Step& step) const;
};

// Why a partial run of `plan` that recorded `done` steps cannot resume, or "" when it can: a
// resumed run starts where a unit starts, and step `done` is now inside a unit (the file's
// BEGIN and COMMIT were moved since), whose earlier steps would run again.
std::string resume_refusal(const Plan& plan, std::size_t done);

// Parses the section of `source` for `direction` and plans it. Errors (invalid_input with
// file:line:col): SQL syntax errors, psql meta-commands, transaction control pgshift cannot run
// as written (a nested BEGIN, COMMIT without BEGIN, ROLLBACK, SAVEPOINT ..., a statement that
// cannot run in a transaction block inside one, BEGIN in a -- pgshift:no-transaction file; see
// sql/units.hpp), a misplaced -- pgshift:batch, and a missing section (no down SQL); interrupted
// when `cancel` is requested while parsing.
Result<Plan> make_plan(const core::MigrationSource& source, core::Direction direction,
                       const Options& options, const CancelToken* cancel = nullptr);

}  // namespace pgshift::exec
