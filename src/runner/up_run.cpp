#include "runner/up_run.hpp"

#include <algorithm>

#include "runner/batch.hpp"
#include "runner/ops_run.hpp"

namespace pgshift::runner {

UpRun make_run(const Snapshot& snap, std::vector<const Entry*> todo, bool dry_run) {
  UpRun run;
  run.report.dry_run = dry_run;
  if (snap.adoption) {
    run.changes.push_back(adoption_change(*snap.adoption));
  }
  for (const Entry* e : todo) {
    run.changes.push_back(migration_change(*e));
  }
  run.todo = std::move(todo);
  return run;
}

Status check_run(UpRun& run, const Snapshot& snap, const Options& options, const UpOptions& opts,
                 const EventSink& sink, const CancelToken* cancel) {
  std::vector<const Prepared*> files;
  for (const Entry* e : run.todo) {
    files.push_back(e->file);
  }
  PGSHIFT_TRY(check_parse(files, sink));
  // Operations files are checked against the catalog before anything runs (each is planned
  // again just before it runs, after the migrations before it changed the schema).
  auto planned = plan_pending(*snap.conn.session, run.todo, snap.entries);
  if (!planned) {
    return planned.status();
  }
  run.planned = std::move(planned).value();
  const CheckContext ctx{options, opts, sink, run.planned};
  std::vector<const Prepared*> linted;
  for (auto& change : run.changes) {
    PGSHIFT_TRY(change->check(ctx));
    change->describe(ctx, run.report);
    if (const Prepared* f = change->linted()) {
      linted.push_back(f);
    }
  }
  // The linter judges what will run, in order and with the target's facts.
  auto overrides = gate_pending(options, snap.conn.session.get(), linted, opts.allow_unsafe,
                                opts.dry_run, sink, cancel);
  if (!overrides) {
    return overrides.status();
  }
  run.overrides = std::move(overrides).value();
  return Status::ok();
}

Status execute_run(UpRun& run, const Snapshot& snap, const Options& options, const UpOptions& opts,
                   const EventSink& sink, CancelToken* cancel) {
  // Only now that every check passed: a refused run must not even create the history schema.
  PGSHIFT_TRY(snap.conn.store->install_or_upgrade());
  const bool sql = std::any_of(run.changes.begin(), run.changes.end(),
                               [](const auto& c) { return c->runs_sql(); });
  auto monitor = sql ? open_monitor(options, sink) : nullptr;
  db::Session& session = *snap.conn.session;
  exec::Context ctx = exec_context(options, session, *snap.conn.store, sink, cancel, monitor.get());
  RunContext rc{ctx, options, opts, snap, run.overrides, run.report};
  const Entry* last = nullptr;
  for (auto& change : run.changes) {
    const Entry* e = change->entry();
    PGSHIFT_TRY(e ? check_lock(snap.conn, e->version, e->name, false) : snap.conn.lock->check());
    PGSHIFT_TRY(change->run(rc));
    last = e ? e : last;
  }
  // A lock lost during the last migration (its backfill, say) must not end in exit 0.
  return last ? check_lock(snap.conn, last->version, last->name, true) : Status::ok();
}

}  // namespace pgshift::runner
