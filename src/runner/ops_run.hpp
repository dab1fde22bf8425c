// Running operations migrations (docs/design.md §7): planning against the catalog, and the three
// phases with their history.
//
//   expand    plan (catalog + the shapes of migrations still expanded, replayed from their
//             files), store the plan as the detail of a "plan" event, write the row as
//             `partial`, run the expand steps recording progress after each, then `expanded`
//   complete  run the stored contract steps (after dropping older version schemas); `applied`
//   rollback  run the stored rollback steps; delete the migration's backfill rows and its row
//
// Every step is idempotent, so an interrupted phase is simply run again: expand resumes after
// its last recorded step (with the stored plan, whatever the catalog shows by then), complete
// and rollback run all their steps again.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "ops/planner.hpp"
#include "pgshift/migrator.hpp"
#include "runner/reconcile.hpp"

namespace pgshift::runner {

// Plans the operations migration of `target` against the catalog. Refused (invalid_input, at
// the operation's line) when the file does not fit the schema, or when it changes a table that
// another migration still in flight (expanded or partial) changes.
// `before`: pending operations files that run before it in the same `up`, replayed too.
Result<ops::MigrationPlan> plan_operations(db::Session& session, const Entry& target,
                                           const std::vector<Entry>& entries,
                                           const std::vector<const ops::OpsFile*>& before = {});

// Plans the pending operations migrations of `todo` (in order) that no pending SQL migration
// precedes, each with the ones before it replayed: what `up` checks before running anything,
// and what its dry run shows. The plans, by version.
Result<std::map<std::string, ops::MigrationPlan>> plan_pending(
    db::Session& session, const std::vector<const Entry*>& todo, const std::vector<Entry>& entries);

// The plan to run for `entry`'s phase: the stored one when its expand has started (a "plan"
// event exists and the row is partial or expanded), else nullopt.
Result<std::optional<ops::MigrationPlan>> stored_plan(history::Store& store, const Entry& entry);

// The executor's plan of one phase (autocommit steps, the [ddl] ladder).
exec::Plan phase_plan(const Options& options, const Entry& entry, const char* phase,
                      std::vector<exec::Step> steps);

// The user-facing views of a migration's three phases (for plan and --dry-run).
std::vector<PlanView> phase_views(const Options& options, const Entry& entry,
                                  const ops::MigrationPlan& plan);

// The phases. `entries` is the snapshot's reconciliation (complete drops the version schemas of
// older operations migrations it finds there).
// `planned`: the plan made (by plan_pending) before the run started, if any; else expand plans
// against `entries` (a reconciliation taken after the migrations before it ran).
Status expand(exec::Context& ctx, const Options& options, const Entry& entry,
              const std::vector<Entry>& entries, const ops::MigrationPlan* planned = nullptr);
Status complete(exec::Context& ctx, const Options& options, const Entry& entry,
                const std::vector<Entry>& entries);
Status rollback(exec::Context& ctx, const Options& options, const Entry& entry);

}  // namespace pgshift::runner
