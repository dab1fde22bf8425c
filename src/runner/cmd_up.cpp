// Migrator::up: validate everything that will run, then apply pending (and resume partial)
// migrations in version order under the runner lock.
#include <fmt/format.h>

#include <list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/version.hpp"
#include "exec/executor.hpp"
#include "lint/linter.hpp"
#include "pgshift/migrator.hpp"
#include "runner/batch.hpp"
#include "runner/lint_gate.hpp"
#include "runner/ops_run.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

using runner::Entry;
using runner::State;

namespace {

// --to must name a version that exists in files (a typo must not apply everything).
Status check_target(const std::optional<std::string>& to, const std::vector<Entry>& entries,
                    const char* flag) {
  if (!to) {
    return Status::ok();
  }
  std::string v = core::canonical_version(*to);
  for (const auto& e : entries) {
    if (e.version == v) {
      return Status::ok();
    }
  }
  return Status::error(Code::invalid_input,
                       fmt::format("{}: no migration has version {}", flag, v));
}

}  // namespace

Result<RunReport> Migrator::up(const UpOptions& opts) {
  if (opts.to && !core::is_version(*opts.to)) {  // before connecting: a typo is exit 2
    return Status::error(Code::invalid_input,
                         fmt::format("--to: \"{}\" is not a version (digits only)", *opts.to));
  }
  auto snap = runner::take_snapshot(
      m_options, opts.dry_run ? runner::Access::read_only : runner::Access::write, m_sink,
      m_cancel);
  if (!snap) {
    return snap.status();
  }
  auto& entries = snap->entries;
  PGSHIFT_TRY(check_target(opts.to, entries, "--to"));
  PGSHIFT_TRY(runner::check_drift(entries, m_sink));

  const std::string target = opts.to ? core::canonical_version(*opts.to) : "";
  const std::string newest = runner::newest_recorded(entries);
  std::vector<const Entry*> todo;
  std::vector<const runner::Prepared*> to_check;
  for (const auto& e : entries) {
    if (e.state == State::missing) {
      runner::emit(m_sink,
                   Event{"missing",
                         Level::warning,
                         fmt::format("migration {} \"{}\": {}", e.version, e.name, e.detail),
                         {}}
                       .with("version", e.version));
      continue;
    }
    if (e.state != State::pending && e.state != State::partial) {
      continue;
    }
    if (!target.empty() && core::compare_versions(e.version, target) > 0) {
      continue;
    }
    if (e.state == State::pending && !newest.empty() &&
        core::compare_versions(e.version, newest) < 0 && !opts.out_of_order) {
      return Status::error(
          Code::drift,
          fmt::format("pending migration {} \"{}\" is older than the newest recorded migration {}: "
                      "it was probably written on another branch; check it does not depend on a "
                      "state that no longer holds, then run with --out-of-order",
                      e.version, e.name, newest));
    }
    todo.push_back(&e);
    to_check.push_back(e.file);
  }
  // Every file that will run must parse, before the first one runs.
  PGSHIFT_TRY(runner::check_parse(to_check, m_sink));

  // Operations files are checked against the catalog before anything runs (each is planned
  // again just before it runs, after the migrations before it changed the schema).
  auto planned = runner::plan_pending(*snap->conn.session, todo, entries);
  if (!planned) {
    return planned.status();
  }
  RunReport report;
  report.dry_run = opts.dry_run;
  for (const Entry* e : todo) {
    if (e->file->kind == "ops") {
      auto it = planned->find(e->version);
      if (it == planned->end()) {
        runner::emit(m_sink, Event{"not_planned",
                                   Level::info,
                                   fmt::format("migration {} \"{}\" is planned when it runs: a "
                                               "pending SQL migration before it changes the "
                                               "schema it plans against",
                                               e->version, e->name),
                                   {}}
                                 .with("version", e->version));
        continue;
      }
      auto views = runner::phase_views(m_options, *e, it->second);
      report.plans.push_back(views[0]);
      if (opts.complete) {
        report.plans.push_back(views[1]);
      }
      continue;
    }
    int resume = e->state == State::partial ? e->row->statements_done : 0;
    if (e->state == State::partial && e->file->up->transactional) {
      return Status::error(
          Code::drift,
          fmt::format("migration {} \"{}\" stopped part-way as a non-transactional file but now "
                      "runs in a transaction: restore its -- pgshift:no-transaction directive",
                      e->version, e->name));
    }
    report.plans.push_back(runner::plan_view(*e->file->up, resume));
  }
  // The linter judges what will run, in order and with the target's facts (DESIGN §9).
  std::vector<const runner::Prepared*> to_lint;
  for (const Entry* e : todo) {
    if (e->file->kind == "sql") {  // operations generate their own (safe) SQL
      to_lint.push_back(e->file);
    }
  }
  auto findings = runner::lint_pending(m_options, snap->conn.session.get(), to_lint);
  if (!findings) {
    return findings.status();
  }
  runner::emit_findings(m_sink, *findings);
  const int lint_errors = lint::count(*findings, lint::Severity::error);
  // Per migration (by path), the rules whose errors --allow-unsafe overrode: its audit event.
  std::map<std::string, std::set<std::string>> overridden;
  if (lint_errors > 0 && !opts.dry_run) {
    if (!opts.allow_unsafe) {
      return Status::error(
          Code::lint_refused,
          fmt::format("lint refused the run: {} error-level finding{} in the pending migrations, "
                      "nothing was run (make them safe, suppress one with -- pgshift:lint-ignore "
                      "RULE, or run with --allow-unsafe)",
                      lint_errors, lint_errors == 1 ? "" : "s"));
    }
    for (const lint::Finding& f : *findings) {
      if (f.severity == lint::Severity::error) {
        overridden[f.path].insert(f.rule);
      }
    }
    runner::emit(m_sink, Event{"allow_unsafe",
                               Level::warning,
                               fmt::format("running despite {} error-level lint finding{} "
                                           "(--allow-unsafe); recorded in the audit events",
                                           lint_errors, lint_errors == 1 ? "" : "s"),
                               {}}
                             .with("findings", static_cast<std::int64_t>(lint_errors)));
  }
  if (opts.dry_run) {
    return report;
  }
  // Only now that every check passed: a refused run must not even create the history schema.
  PGSHIFT_TRY(snap->conn.store->install_or_upgrade());

  auto monitor = todo.empty() ? nullptr : runner::open_monitor(m_options, m_sink);
  exec::Context ctx{
      *snap->conn.session,
      *snap->conn.store,
      m_sink,
      m_cancel,
      monitor.get(),
      {},
      runner::batch_runner(m_options, *snap->conn.session, m_sink, m_cancel, monitor.get())};
  std::list<std::vector<history::MigrationRow>> history_now;
  for (const Entry* ep : todo) {
    const Entry& e = *ep;
    PGSHIFT_TRY(runner::check_lock(snap->conn, e.version, e.name, false));
    if (e.file->kind == "ops") {
      // History as it is now: earlier migrations of this run are in it (a fresh plan replays
      // the expanded ones; complete acts on the row this expand writes).
      auto now = [&]() -> Result<std::vector<Entry>> {
        auto rows = snap->conn.store->load();
        if (!rows) {
          return rows.status();
        }
        // Kept to the end: entries point into their rows (and snap->entries into the old ones).
        history_now.push_back(std::move(rows).value());
        return runner::reconcile(snap->files, history_now.back(), snap->baseline);
      };
      auto before = now();
      if (!before) {
        return before.status();
      }
      const Entry* current = runner::find_entry(*before, e.version);
      auto it = planned->find(e.version);
      PGSHIFT_TRY(runner::expand(ctx, m_options, *current, *before,
                                 it == planned->end() ? nullptr : &it->second));
      if (opts.complete) {
        auto after = now();
        if (!after) {
          return after.status();
        }
        PGSHIFT_TRY(
            runner::complete(ctx, m_options, *runner::find_entry(*after, e.version), *after));
      }
      ++report.done;
      continue;
    }
    exec::Record rec;
    rec.kind = e.file->kind;
    rec.checksum_mode = runner::mode_name(m_options.checksum_mode);
    rec.checksum_up = e.file->checksum_up(m_options.checksum_mode);
    rec.checksum_down = e.file->checksum_down(m_options.checksum_mode);
    if (e.state == State::partial) {
      rec.resume_from = e.row->statements_done;
      rec.done_checksums = e.row->statement_checksums;
    }
    if (e.file->source.up) {
      if (auto it = overridden.find(e.file->source.up->path); it != overridden.end()) {
        rec.audit_detail =
            nlohmann::json{
                {"allow_unsafe", true},
                {"findings", std::vector<std::string>(it->second.begin(), it->second.end())}}
                .dump();
      }
    }
    PGSHIFT_TRY(exec::run_up(ctx, *e.file->up, rec));
    ++report.done;
  }
  if (!todo.empty()) {
    PGSHIFT_TRY(runner::check_lock(snap->conn, todo.back()->version, todo.back()->name, true));
  }
  return report;
}

}  // namespace pgshift
