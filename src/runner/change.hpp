// A change `up` makes to the database: adopting another tool's history, an SQL migration, an
// operations migration. One interface, so that the phases of up (select -> check -> execute)
// never branch on what kind of change they hold, and a new kind is one more implementation.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "ops/planner.hpp"
#include "pgshift/migrator.hpp"
#include "runner/adoption.hpp"
#include "runner/lint_gate.hpp"
#include "runner/reconcile.hpp"

namespace pgshift::runner {

struct Snapshot;

// What the check phase gives every change.
struct CheckContext {
  const Options& options;
  const UpOptions& up;
  const EventSink& sink;
  // Operations migrations planned against the catalog before anything runs, by version
  // (plan_pending); one planned later, when it runs, is absent.
  const std::map<std::string, ops::MigrationPlan>& planned;
};

// What the execute phase gives every change.
struct RunContext {
  exec::Context& exec;
  const Options& options;
  const UpOptions& up;
  const Snapshot& snapshot;  // files and baseline, for a fresh reconciliation of history
  const LintOverrides& overrides;
  RunReport& report;
};

class Change {
 public:
  virtual ~Change() = default;
  // Refusals of this change alone, before anything runs (what refuses changes together, parse
  // errors and lint, up checks for all of them at once), and what it keeps from the check
  // phase (an operations migration's plan).
  virtual Status check(const CheckContext& ctx) = 0;
  // The SQL file the lint gate judges in the run's order; null when it has none (operations
  // migrations generate their own safe SQL, an adoption runs none).
  virtual const Prepared* linted() const { return nullptr; }
  // True when it runs SQL of its own (the monitor's connection is opened for those).
  virtual bool runs_sql() const { return true; }
  // The migration it applies, for messages about the runner lock; null for an adoption.
  virtual const Entry* entry() const { return nullptr; }
  // What it will do, for the report and --dry-run: plans appended to `plans`, or events.
  virtual void describe(const CheckContext& ctx, RunReport& report) const = 0;
  // Does it, under the runner lock, counting what it did in ctx.report.
  virtual Status run(RunContext& ctx) = 0;
};

// The change that applies `entry` (pending or partial): SQL or operations, by its file.
std::unique_ptr<Change> migration_change(const Entry& entry);
// The implementations, one file each (change_<kind>.cpp).
std::unique_ptr<Change> sql_change(const Entry& entry);
std::unique_ptr<Change> ops_change(const Entry& entry);
std::unique_ptr<Change> adoption_change(const Adoption& adoption);

}  // namespace pgshift::runner
