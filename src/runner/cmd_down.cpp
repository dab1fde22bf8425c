// Migrator::down: revert applied migrations newest first with their down SQL. Everything
// that will run is checked first (file present, down SQL present and parsing), so a refusal
// never leaves the database half-reverted.
#include <fmt/format.h>

#include <algorithm>

#include "core/version.hpp"
#include "exec/executor.hpp"
#include "history/backfills.hpp"
#include "pgshift/migrator.hpp"
#include "runner/batch.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

using runner::Entry;
using runner::State;

namespace {

// The flags alone, checked before connecting so that a typo is exit 2 whatever the server.
Status check_flags(const DownOptions& opts) {
  if (int(opts.all) + int(opts.to.has_value()) + int(opts.steps.has_value()) > 1) {
    return Status::error(Code::invalid_input, "--to, --steps and --all exclude each other");
  }
  if (opts.to && !core::is_version(*opts.to)) {
    return Status::error(
        Code::invalid_input,
        fmt::format(
            "--to: \"{}\" is not a version (digits, or numbers separated by dots such as 1.10)",
            *opts.to));
  }
  if (opts.steps && *opts.steps < 1) {
    return Status::error(Code::invalid_input, "--steps: must be at least 1");
  }
  return Status::ok();
}

// The applied migrations (newest first) that the flags select.
std::vector<const Entry*> select(const DownOptions& opts,
                                 const std::vector<const Entry*>& applied) {
  std::vector<const Entry*> out;
  if (opts.to) {
    std::string v = core::canonical_version(*opts.to);
    for (const auto* e : applied) {
      if (core::compare_versions(e->version, v) > 0) {
        out.push_back(e);
      }
    }
    return out;
  }
  std::size_t n = opts.all ? applied.size() : static_cast<std::size_t>(opts.steps.value_or(1));
  for (std::size_t i = 0; i < n && i < applied.size(); ++i) {
    out.push_back(applied[i]);
  }
  return out;
}

}  // namespace

Result<RunReport> Migrator::down(const DownOptions& opts) {
  PGSHIFT_TRY(check_flags(opts));
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap, runner::take_snapshot(
                     m_options, opts.dry_run ? runner::Access::read_only : runner::Access::write,
                     m_sink, m_cancel));
  PGSHIFT_TRY(runner::check_adopted(snap, "reverting migrations"));
  PGSHIFT_TRY(runner::check_drift(snap.entries, m_sink));

  std::vector<const Entry*> applied;  // newest first
  for (const auto& e : snap.entries) {
    if (e.row && core::is_version(e.version)) {  // repeatable migrations are never reverted
      applied.push_back(&e);
    }
  }
  std::reverse(applied.begin(), applied.end());
  if (opts.to) {
    // As for up --to: a typo must not revert everything.
    const std::string v = core::canonical_version(*opts.to);
    bool known = v == "0";  // --to 0 explicitly means "revert all"
    for (const auto& e : snap.entries) {
      known = known || e.version == v;
    }
    if (!known) {
      return Status::error(Code::invalid_input,
                           fmt::format("--to: no migration has version {} (use --to 0 or --all "
                                       "to revert everything)",
                                       v));
    }
  }
  const auto chosen = select(opts, applied);

  RunReport report;
  report.dry_run = opts.dry_run;
  for (const Entry* e : chosen) {
    if (e->state == State::partial) {
      return Status::error(Code::drift,
                           fmt::format("migration {} \"{}\" stopped part-way ({}): finish it with "
                                       "pgshift up before reverting it",
                                       e->version, e->name, e->detail));
    }
    if (!e->file) {
      return Status::error(Code::invalid_input, fmt::format("cannot revert migration {} \"{}\": {}",
                                                            e->version, e->name, e->detail));
    }
    if (e->row->kind == history::Kind::ops) {
      return Status::error(
          Code::invalid_input,
          e->row->state == history::RowState::applied
              ? fmt::format("cannot revert migration {} \"{}\": it is a completed operations "
                            "migration, whose contract phase removed the old shape; write a new "
                            "migration that changes it back",
                            e->version, e->name)
              : fmt::format("cannot revert migration {} \"{}\" with down: it is an expanded "
                            "operations migration; undo it with pgshift rollback {}",
                            e->version, e->name, e->version));
    }
    if (!e->file->down_error.is_ok()) {
      return e->file->down_error;
    }
    if (!e->file->down) {
      auto plan = exec::make_plan(e->file->source, core::Direction::down, m_options, m_cancel);
      return plan.status();  // explains that there is no down SQL and how to add it
    }
    if (e->down_changed) {
      runner::emit(m_sink, Event{"down_changed",
                                 Level::warning,
                                 fmt::format("the down SQL of migration {} \"{}\" was edited "
                                             "since it was applied; running the edited version",
                                             e->version, e->name),
                                 {}}
                               .with("version", e->version));
    }
    report.plans.push_back(runner::plan_view(*e->file->down));
  }
  if (opts.dry_run) {
    return report;
  }
  // Only now that every check passed: a refused run must not even create the history schema.
  PGSHIFT_TRY(snap.conn.store->install_or_upgrade());
  auto monitor = chosen.empty() ? nullptr : runner::open_monitor(m_options, m_sink);
  exec::Context ctx = runner::exec_context(m_options, *snap.conn.session, *snap.conn.store, m_sink,
                                           m_cancel, monitor.get());
  for (const Entry* e : chosen) {
    PGSHIFT_TRY(runner::check_lock(snap.conn, e->version, e->name, false));
    PGSHIFT_TRY(exec::run_down(ctx, *e->file->down));
    // Its batched statements' backfills are finished business: applying it again runs them
    // again from the first key.
    PGSHIFT_TRY(history::Backfills(*snap.conn.session, m_options.history_schema)
                    .remove_prefix(e->version + "_" + e->name + "."));
    ++report.done;
  }
  if (!chosen.empty()) {
    PGSHIFT_TRY(runner::check_lock(snap.conn, chosen.back()->version, chosen.back()->name, true));
  }
  return report;
}

}  // namespace pgshift
