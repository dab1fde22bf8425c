// The bridge from a migration's `-- pgshift:batch` step to the backfill primitive: the
// executor calls it for batched steps (exec::Context::run_batch).
#pragma once

#include <functional>

#include "backfill/run.hpp"
#include "db/session.hpp"
#include "exec/executor.hpp"
#include "exec/monitor.hpp"
#include "exec/plan.hpp"
#include "history/store.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"
#include "pgshift/options.hpp"

namespace pgshift::runner {

// The backfill of a batched step: named after the step id, options from [backfill] with the
// directive's size= and sleep= on top.
backfill::Spec batch_spec(const Options& options, const exec::Step& step);

// Outcome as the executor's Status: done is ok, interrupted and paused are `interrupted` (a
// re-run of up resumes), cancelled is a failure.
Status outcome_status(const backfill::Report& report, const std::string& name);

std::function<Status(const exec::Plan&, const exec::Step&)> batch_runner(const Options& options,
                                                                         db::Session& session,
                                                                         const EventSink& sink,
                                                                         CancelToken* cancel,
                                                                         exec::Monitor* monitor);

// The executor's context for a command that writes: its work session and history store, the
// run's sink, cancel token and monitor, and batched steps run by batch_runner.
exec::Context exec_context(const Options& options, db::Session& session, history::Store& store,
                           const EventSink& sink, CancelToken* cancel, exec::Monitor* monitor);

}  // namespace pgshift::runner
