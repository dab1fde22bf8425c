// Migrator::plan: what up would run, as data. With a version, one migration's up and down
// plans from its file alone; offline, every file; otherwise exactly what `up` would run now.
#include <fmt/format.h>

#include "core/version.hpp"
#include "pgshift/migrator.hpp"
#include "runner/ops_run.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

// An operations migration's expand, contract and rollback steps. Planning reads the catalog
// (read-only, no lock): the stored plan once its expand started, else a fresh one.
Result<std::vector<PlanView>> Migrator::plan_operations_file(const std::string& version) {
  auto snap = runner::take_snapshot(m_options, runner::Access::read_only, m_sink, m_cancel);
  if (!snap) {
    return snap.status().context("planning an operations migration reads the database's catalog");
  }
  for (const runner::Entry& e : snap->entries) {
    if (e.version != version) {
      continue;
    }
    PGSHIFT_ASSIGN_OR_RETURN(auto stored, runner::stored_plan(*snap->conn.store, e));
    if (stored) {
      return runner::phase_views(m_options, e, *stored);
    }
    // As up would plan it: after the pending migrations before it.
    std::vector<const runner::Entry*> todo;
    for (const runner::Entry& p : snap->entries) {
      if ((p.state == runner::State::pending || p.state == runner::State::partial) && p.file &&
          core::compare_versions(p.version, version) <= 0) {
        todo.push_back(&p);
      }
    }
    auto planned = runner::plan_pending(*snap->conn.session, todo, snap->entries);
    if (!planned) {
      return planned.status();
    }
    if (auto it = planned->find(version); it != planned->end()) {
      return runner::phase_views(m_options, e, it->second);
    }
    // A pending SQL migration comes first: planned against the catalog as it is now.
    auto plan = runner::plan_operations(*snap->conn.session, e, snap->entries);
    if (!plan) {
      return plan.status();
    }
    return runner::phase_views(m_options, e, *plan);
  }
  return Status::error(Code::invalid_input,
                       fmt::format("plan: no migration has version {}", version));
}

Result<RunReport> Migrator::plan(const PlanOptions& opts) {
  if (!opts.version && !opts.offline) {
    UpOptions up;
    up.dry_run = true;
    return this->up(up);
  }
  if (opts.version && !core::is_version(*opts.version)) {
    return Status::error(
        Code::invalid_input,
        fmt::format(
            "plan: \"{}\" is not a version (digits, or numbers separated by dots such as 1.10)",
            *opts.version));
  }
  PGSHIFT_ASSIGN_OR_RETURN(auto files, runner::load_project(m_options, m_cancel));
  const std::string v = opts.version ? core::canonical_version(*opts.version) : "";
  RunReport report;
  report.dry_run = true;
  std::vector<const runner::Prepared*> chosen;
  for (const auto& f : files) {
    if (v.empty() || f.source.version == v) {
      chosen.push_back(&f);
    }
  }
  if (!v.empty() && chosen.empty()) {
    return Status::error(Code::invalid_input, fmt::format("plan: no migration has version {}", v));
  }
  PGSHIFT_TRY(runner::check_parse(chosen, m_sink));
  for (const auto* f : chosen) {
    if (f->kind == history::Kind::ops) {
      if (v.empty()) {
        runner::emit(m_sink, Event{"not_planned",
                                   Level::warning,
                                   fmt::format("migration {} \"{}\" ({}) is an operations file: "
                                               "it is planned against the database's catalog "
                                               "(pgshift plan {})",
                                               f->source.version, f->source.name, f->source.path,
                                               f->source.version),
                                   {}}
                                 .with("version", f->source.version));
        continue;
      }
      auto views = plan_operations_file(v);
      if (!views) {
        return views.status();
      }
      for (auto& view : *views) {
        report.plans.push_back(std::move(view));
      }
      continue;
    }
    if (f->up) {
      report.plans.push_back(runner::plan_view(*f->up));
    }
    if (!v.empty() && f->down) {
      report.plans.push_back(runner::plan_view(*f->down));
    }
  }
  return report;
}

}  // namespace pgshift
