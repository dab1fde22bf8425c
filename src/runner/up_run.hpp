// The phases of `up` (and `adopt`) after the select phase: check everything that can refuse the
// run before anything runs, then execute the changes in order under the runner lock.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runner/change.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

struct UpRun {
  std::vector<const Entry*> todo;                     // the migrations to run, in version order
  std::vector<std::unique_ptr<Change>> changes;       // the adoption (if any), then todo's changes
  std::map<std::string, ops::MigrationPlan> planned;  // check phase: operations plans
  LintOverrides overrides;                            // check phase: what --allow-unsafe let by
  RunReport report;
};

// The changes of a run: adopting the snapshot's other history (if any), then `todo`.
UpRun make_run(const Snapshot& snap, std::vector<const Entry*> todo, bool dry_run);

// Every refusal before anything runs, in this order: SQL that does not parse (invalid_input),
// operations files that do not fit the catalog (invalid_input), each change's own refusals,
// error-level lint findings (lint_refused unless allow_unsafe); interrupted when `cancel` is
// requested while linting. Fills run.report's plans.
Status check_run(UpRun& run, const Snapshot& snap, const Options& options, const UpOptions& opts,
                 const EventSink& sink, const CancelToken* cancel);

// Creates or upgrades the history schema (only now that every check passed) and runs each
// change, checking the runner lock's connection before each.
Status execute_run(UpRun& run, const Snapshot& snap, const Options& options, const UpOptions& opts,
                   const EventSink& sink, CancelToken* cancel);

}  // namespace pgshift::runner
