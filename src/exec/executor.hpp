// Executor: runs a Plan on one session and records it through the history Store (docs/design.md
// §5-6).
//
// transactional plan: BEGIN; SET LOCAL lock_timeout (the ladder's rung) and
//   statement_timeout; every step; history row + audit event; COMMIT. Any failure rolls the
//   whole transaction back, so it leaves no trace but the failure event written after the
//   rollback. A lock timeout or deadlock retries the whole transaction on the next rung.
// other plans run unit by unit (plan.hpp), each along the ladder on its own; the history row is
//   written as `partial` before the first unit and updated with each, so a crash or failure
//   resumes at the first unit not done:
//   - a transaction unit: BEGIN; SET LOCAL ...; its steps; its progress; COMMIT, so a crash
//     never leaves it done but unrecorded;
//   - an autocommit unit: its one step with timeouts SET before and RESET after (they never
//     leak into later statements), then its progress. A run resuming at such a step first
//     checks whether an earlier run's step took effect (resume_check.hpp). CONCURRENTLY index
//     steps get the care of concurrent_index.hpp.
// Failpoints "before-progress" and "after-progress" surround each unit's progress write
// (core/failpoint.hpp).
// Before a statement that blocks reads or writes, the pre-flight check reports sessions in long
// transactions holding locks on its table (preflight.hpp). While a statement runs, the monitor
// notes who blocks it, so each failed attempt names its blockers in one line.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/session.hpp"
#include "exec/monitor.hpp"
#include "exec/plan.hpp"
#include "exec/preflight.hpp"
#include "history/store.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"

namespace pgshift::exec {

struct Context {
  db::Session& session;
  history::Store& store;
  const EventSink& sink;
  CancelToken* cancel = nullptr;  // fires session.cancel() while a step runs
  Monitor* monitor = nullptr;     // names blockers and reports index progress (optional)
  PreflightState preflight{};     // carried across the migrations of one run
  // Runs a `-- pgshift:batch` step with the backfill primitive (set by the runner, which knows
  // the backfill options; src/backfill depends on exec, not the other way round).
  std::function<Status(const Plan&, const Step&)> run_batch;
};

// What is recorded about the migration besides the plan: its kind and both checksums.
struct Record {
  history::Kind kind = history::Kind::sql;
  std::string checksum_up;
  std::string checksum_down;
  std::string checksum_mode = "normalized";
  // Autocommit plans resuming a partial row: the steps an earlier run recorded as done, and
  // their checksums. Unset for a fresh run. The step after them may have committed without
  // being recorded (the earlier run was killed in between): when it runs alone in autocommit,
  // its effect is checked before it runs again (resume_check.hpp).
  std::optional<int> resume_from;
  std::vector<std::string> done_checksums;
  // The detail of the "ok" audit event, e.g. {"allow_unsafe": true, "findings": [...]} when
  // `up --allow-unsafe` ran a migration the linter would have refused; "" usually.
  std::string audit_detail;
};

// Runs an up plan. Errors: failed (names the step, its location and the SQLSTATE),
// interrupted (the running statement was cancelled, the transaction rolled back).
Status run_up(Context& ctx, const Plan& plan, const Record& record);

// Runs a down plan and deletes the history row with it.
Status run_down(Context& ctx, const Plan& plan);

// Runs plan.steps[from..] one at a time in autocommit, as for an autocommit migration (each
// along the ladder, with the pre-flight check, CONCURRENTLY index care, batched steps through
// ctx.run_batch), calling after_each(step, ordinal) after each success. Writes no history: the
// caller (an operations migration's phase) records its own. Errors as run_up's.
Status run_steps(Context& ctx, const Plan& plan, std::size_t from,
                 const std::function<Status(const Step&, int)>& after_each);

}  // namespace pgshift::exec
