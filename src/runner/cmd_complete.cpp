// Migrator::complete and Migrator::rollback: the contract phase of expanded operations
// migrations (oldest first), and the undoing of an expand (newest first), under the runner
// lock. Which migrations they act on is decided before anything runs.
#include <fmt/format.h>

#include "core/version.hpp"
#include "pgshift/migrator.hpp"
#include "runner/batch.hpp"
#include "runner/ops_run.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

using runner::Entry;
using runner::State;

namespace {

bool expanded(const Entry& e) {
  return e.row && e.row->kind == history::Kind::ops && e.state == State::expanded;
}

std::string list_of(const std::vector<const Entry*>& entries) {
  std::string out;
  for (const Entry* e : entries) {
    out += (out.empty() ? "" : ", ") + e->version;
  }
  return out;
}

Status check_version_flag(const PhaseOptions& opts, const char* command) {
  if (opts.version && !core::is_version(*opts.version)) {
    return Status::error(Code::invalid_input, fmt::format("{}: \"{}\" is not a version (digits "
                                                          "only)",
                                                          command, *opts.version));
  }
  return Status::ok();
}

// The entries a phase acts on, in the order it acts on them.
Result<std::vector<const Entry*>> choose(const PhaseOptions& opts, const std::vector<Entry>& all,
                                         bool completing) {
  std::vector<const Entry*> candidates;  // oldest first
  for (const Entry& e : all) {
    // Rollback goes by the row: a partial expand whose file was edited since (state changed)
    // is still rolled back with the plan stored when it started.
    const bool in_flight =
        e.row && e.row->kind == history::Kind::ops &&
        (e.row->state == history::RowState::expanded || e.row->state == history::RowState::partial);
    if (completing ? expanded(e) : in_flight) {
      candidates.push_back(&e);
    }
  }
  const char* command = completing ? "complete" : "rollback";
  if (candidates.empty()) {
    return Status::error(Code::invalid_input,
                         fmt::format("{}: no operations migration is expanded", command));
  }
  if (!opts.version) {
    if (completing) {
      return candidates;
    }
    return std::vector<const Entry*>{candidates.back()};
  }
  const std::string v = core::canonical_version(*opts.version);
  std::vector<const Entry*> chosen;
  bool found = false;
  for (const Entry* e : candidates) {
    if (completing && core::compare_versions(e->version, v) <= 0) {
      chosen.push_back(e);
    }
    found = found || e->version == v;
  }
  if (!found) {
    return Status::error(Code::invalid_input,
                         fmt::format("{}: migration {} is not expanded (expanded: {})", command, v,
                                     list_of(candidates)));
  }
  if (!completing) {
    if (candidates.back()->version != v) {
      return Status::error(Code::invalid_input,
                           fmt::format("rollback: migration {} is expanded after {}: roll back "
                                       "the newest first (pgshift rollback {})",
                                       candidates.back()->version, v, candidates.back()->version));
    }
    chosen.push_back(candidates.back());
  }
  return chosen;
}

Result<RunReport> run_phase(const Options& options, const EventSink& sink, CancelToken* cancel,
                            const PhaseOptions& opts, bool completing) {
  const char* command = completing ? "complete" : "rollback";
  PGSHIFT_TRY(check_version_flag(opts, command));
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap,
      runner::take_snapshot(
          options, opts.dry_run ? runner::Access::read_only : runner::Access::write, sink, cancel));
  // Complete refuses edited files as up does; rollback runs the stored plan, which an edit of
  // the file (or of any other file) does not change.
  if (completing) {
    PGSHIFT_TRY(runner::check_drift(snap.entries, sink));
  }
  auto chosen = choose(opts, snap.entries, completing);
  if (!chosen) {
    return chosen.status();
  }
  RunReport report;
  report.dry_run = opts.dry_run;
  for (const Entry* e : *chosen) {
    if (completing && (!e->file || !e->file->ops)) {
      return Status::error(Code::invalid_input,
                           fmt::format("{}: migration {} \"{}\": {}", command, e->version, e->name,
                                       e->file ? e->file->up_error.message() : e->detail));
    }
    auto plan = runner::stored_plan(*snap.conn.store, *e);
    if (!plan) {
      return plan.status();
    }
    if (*plan) {
      auto views = runner::phase_views(options, *e, **plan);
      report.plans.push_back(views[completing ? 1 : 2]);
    }
  }
  if (opts.dry_run) {
    return report;
  }
  PGSHIFT_TRY(snap.conn.store->install_or_upgrade());
  auto monitor = runner::open_monitor(options, sink);
  exec::Context ctx = runner::exec_context(options, *snap.conn.session, *snap.conn.store, sink,
                                           cancel, monitor.get());
  for (const Entry* e : *chosen) {
    PGSHIFT_TRY(runner::check_lock(snap.conn, e->version, e->name, false));
    PGSHIFT_TRY(completing ? runner::complete(ctx, options, *e, snap.entries)
                           : runner::rollback(ctx, options, *e));
    ++report.done;
  }
  if (!chosen->empty()) {
    PGSHIFT_TRY(runner::check_lock(snap.conn, chosen->back()->version, chosen->back()->name, true));
  }
  return report;
}

}  // namespace

Result<RunReport> Migrator::complete(const PhaseOptions& opts) {
  return run_phase(m_options, m_sink, m_cancel, opts, true);
}

Result<RunReport> Migrator::rollback(const PhaseOptions& opts) {
  return run_phase(m_options, m_sink, m_cancel, opts, false);
}

}  // namespace pgshift
