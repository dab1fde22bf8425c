#include "runner/ops_run.hpp"

#include <fmt/format.h>

#include <set>

#include "core/position.hpp"
#include "core/version.hpp"
#include "history/backfills.hpp"
#include "ops/plan_json.hpp"
#include "ops/sqlgen.hpp"
#include "runner/ops_catalog.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

namespace {

bool in_flight(const Entry& e) {
  return e.row && e.row->kind == history::Kind::ops &&
         (e.row->state == history::RowState::expanded ||
          e.row->state == history::RowState::partial);
}

// The tables an operations file changes, under every name it gives them.
std::set<std::string> tables_of(const ops::OpsFile& file) {
  std::set<std::string> out;
  for (const auto& op : file.operations) {
    for (const ops::Target& t : op->targets()) {
      out.insert(t.table);
    }
  }
  return out;
}

history::MigrationRow row_for(const Options& options, const Entry& entry) {
  history::MigrationRow row = entry.row ? *entry.row : history::MigrationRow{};
  row.version = entry.version;
  row.name = entry.name;
  row.kind = history::Kind::ops;
  row.checksum_mode = mode_name(options.checksum_mode);
  row.checksum_up = entry.file->checksum_up(options.checksum_mode);
  row.checksum_down.clear();
  return row;
}

history::EventRow event(const Entry& entry, const char* action, const char* outcome,
                        std::string detail) {
  return history::EventRow{action, entry.version, entry.name, outcome, std::move(detail), "", "",
                           ""};
}

const char* outcome_of(const Status& s) {
  return s.code() == Code::interrupted ? "interrupted" : "failed";
}

void emit_to(const exec::Context& ctx, Event e) {
  if (ctx.sink) {
    ctx.sink(e);
  }
}

// The version schemas of older operations migrations: the new version no longer needs them
// once this one is complete (docs/design.md §7: contract drops old version schemas).
std::vector<std::string> older_version_schemas(const Entry& entry,
                                               const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  for (const Entry& e : entries) {
    // Older expanded ones are completed before this one (complete goes in version order).
    if (core::compare_versions(e.version, entry.version) >= 0 || !e.row ||
        e.row->kind != history::Kind::ops) {
      continue;
    }
    if (e.file && e.file->ops) {
      out.push_back(e.file->ops->env().version_schema);
    }
  }
  return out;
}

}  // namespace

Result<ops::MigrationPlan> plan_operations(db::Session& session, const Entry& target,
                                           const std::vector<Entry>& entries,
                                           const std::vector<const ops::OpsFile*>& before) {
  const ops::OpsFile& file = *target.file->ops;
  PGSHIFT_ASSIGN_OR_RETURN(auto model, load_model(session, file.schema));
  const std::set<std::string> mine = tables_of(file);
  for (const Entry& e : entries) {
    if (!in_flight(e) || e.version == target.version || !e.file || !e.file->ops ||
        e.file->ops->schema != file.schema) {
      continue;
    }
    for (const std::string& t : tables_of(*e.file->ops)) {
      if (mine.count(t)) {
        return core::input_error(
            file.path, {1, 1},
            fmt::format("table \"{}\" is also changed by migration {} \"{}\", which is still "
                        "{}: complete it (pgshift complete {}) or roll it back first",
                        t, e.version, e.name, history::state_name(e.row->state), e.version));
      }
    }
    PGSHIFT_TRY(ops::replay(*e.file->ops, model));
  }
  for (const ops::OpsFile* earlier : before) {
    if (earlier->schema == file.schema) {
      PGSHIFT_TRY(ops::replay(*earlier, model));
    }
  }
  return ops::plan_migration(file, model, session.server_version());
}

Result<std::map<std::string, ops::MigrationPlan>> plan_pending(
    db::Session& session, const std::vector<const Entry*>& todo,
    const std::vector<Entry>& entries) {
  std::map<std::string, ops::MigrationPlan> out;
  std::vector<const ops::OpsFile*> before;
  for (const Entry* e : todo) {
    if (e->file->kind != history::Kind::ops) {
      break;  // what a SQL migration changes is not in the model: planned when it runs
    }
    if (e->state == State::partial) {
      continue;  // resumes its stored plan
    }
    auto plan = plan_operations(session, *e, entries, before);
    if (!plan) {
      return plan.status();
    }
    out.emplace(e->version, std::move(plan).value());
    before.push_back(e->file->ops.get());
  }
  return out;
}

Result<std::optional<ops::MigrationPlan>> stored_plan(history::Store& store, const Entry& entry) {
  if (!in_flight(entry)) {
    return std::optional<ops::MigrationPlan>{};
  }
  PGSHIFT_ASSIGN_OR_RETURN(auto ev, store.latest_event("plan", entry.version));
  if (!ev) {
    return std::optional<ops::MigrationPlan>{};
  }
  auto plan = ops::plan_from_json(ev->detail);
  if (!plan) {
    return plan.status();
  }
  return std::optional<ops::MigrationPlan>{std::move(plan).value()};
}

exec::Plan phase_plan(const Options& options, const Entry& entry, const char* phase,
                      std::vector<exec::Step> steps) {
  exec::Plan p;
  p.version = entry.version;
  p.name = entry.name;
  p.path = entry.file ? entry.file->source.path : "";
  p.direction = core::Direction::up;
  p.transactional = false;
  p.mode_reason = fmt::format(
      "operations migration, {} phase: each step on its own, its "
      "statements in one implicit transaction",
      phase);
  p.ladder = exec::ladder_config(options.ddl);
  p.statement_timeout = options.ddl.statement_timeout;
  p.preflight_threshold = options.ddl.preflight_threshold;
  p.preflight_wait = options.ddl.preflight_wait;
  p.steps = std::move(steps);
  return p;
}

std::vector<PlanView> phase_views(const Options& options, const Entry& entry,
                                  const ops::MigrationPlan& plan) {
  std::vector<PlanView> out;
  const std::pair<const char*, const std::vector<exec::Step>*> phases[] = {
      {"expand", &plan.expand}, {"contract", &plan.contract}, {"rollback", &plan.rollback}};
  for (const auto& [name, steps] : phases) {
    PlanView v = plan_view(phase_plan(options, entry, name, *steps));
    v.direction = name;
    out.push_back(std::move(v));
  }
  return out;
}

Status expand(exec::Context& ctx, const Options& options, const Entry& entry,
              const std::vector<Entry>& entries, const ops::MigrationPlan* planned) {
  history::MigrationRow row = row_for(options, entry);
  std::optional<ops::MigrationPlan> plan;
  std::optional<history::EventRow> plan_event;  // a new plan, stored with the partial row
  std::size_t from = 0;
  if (entry.state == State::partial) {
    PGSHIFT_ASSIGN_OR_RETURN(auto stored, stored_plan(ctx.store, entry));
    if (stored) {
      plan = std::move(*stored);
      from = static_cast<std::size_t>(entry.row->statements_done);
    }
  }
  if (!plan) {
    if (planned) {
      plan = *planned;
    } else {
      auto fresh = plan_operations(ctx.session, entry, entries);
      if (!fresh) {
        return fresh.status();
      }
      plan = std::move(fresh).value();
    }
    // Stored before anything runs: a resumed expand, complete and rollback run these steps.
    plan_event = event(entry, "plan", "ok", ops::plan_to_json(*plan));
    row.statement_checksums.clear();
  }
  row.state = history::RowState::partial;
  row.statements_done = static_cast<int>(from);
  row.error.clear();
  // The plan and the partial row commit in one statement: a run killed between the two left a
  // plan without a row, and the next run planned and recorded the migration's plan again.
  PGSHIFT_TRY(plan_event ? ctx.store.save(row, *plan_event) : ctx.store.save_progress(row));
  emit_to(ctx, Event{"expand_started",
                     Level::info,
                     fmt::format("expanding {} {}{} ({} steps)", entry.version, entry.name,
                                 from > 0 ? fmt::format(", resuming at step {}", from + 1) : "",
                                 plan->expand.size()),
                     {}}
                   .with("version", entry.version)
                   .with("name", entry.name)
                   .with("from", static_cast<std::int64_t>(from)));
  const exec::Plan xp = phase_plan(options, entry, "expand", plan->expand);
  Status s = exec::run_steps(ctx, xp, from, [&](const exec::Step& step, int ordinal) {
    row.statements_done = ordinal;
    row.statement_checksums.push_back(step.checksum);
    emit_to(ctx, Event{"step_done", Level::debug, step.id + " done", {}}.with("step", step.id));
    return ctx.store.save_progress(row);
  });
  if (!s) {
    row.error = s.message();
    (void)ctx.store.save_progress(row);
    (void)ctx.store.record_event(event(entry, "expand", outcome_of(s), s.message()));
    return s;
  }
  row.state = history::RowState::expanded;
  PGSHIFT_TRY(ctx.store.save(row, event(entry, "expand", "ok", "")));
  emit_to(ctx, Event{"migration_expanded",
                     Level::info,
                     fmt::format("expanded {} {}: the new version reads and writes through schema "
                                 "\"{}\" (search_path or SET pgshift.version = '{}'); run "
                                 "`pgshift complete {}` once no client uses the old shape",
                                 entry.version, entry.name, plan->version_schema, entry.version,
                                 entry.version),
                     {}}
                   .with("version", entry.version)
                   .with("name", entry.name)
                   .with("version_schema", plan->version_schema));
  return Status::ok();
}

Status complete(exec::Context& ctx, const Options& options, const Entry& entry,
                const std::vector<Entry>& entries) {
  PGSHIFT_ASSIGN_OR_RETURN(auto stored, stored_plan(ctx.store, entry));
  if (!stored) {
    return Status::error(Code::failed,
                         fmt::format("migration {} \"{}\" has no stored plan in history: it "
                                     "cannot be completed (roll it back and expand it again)",
                                     entry.version, entry.name));
  }
  const ops::MigrationPlan& plan = *stored;
  std::vector<exec::Step> steps;
  const auto older = older_version_schemas(entry, entries);
  if (!older.empty()) {
    ops::Env env = entry.file->ops->env();
    ops::Steps drop(env, "contract", 0, 1);
    std::string sql = "SET LOCAL client_min_messages = warning";  // no NOTICE per schema gone
    for (const auto& s : older) {
      sql += ";\nDROP SCHEMA IF EXISTS " + ops::gen::q(s) + " CASCADE";
    }
    drop.sql("older_version_schemas", sql, "DROP SCHEMA (older versions' views)", {});
    steps = drop.take();
  }
  steps.insert(steps.end(), plan.contract.begin(), plan.contract.end());
  emit_to(ctx,
          Event{"complete_started",
                Level::info,
                fmt::format("completing {} {} ({} steps)", entry.version, entry.name, steps.size()),
                {}}
              .with("version", entry.version));
  const exec::Plan cp = phase_plan(options, entry, "contract", std::move(steps));
  Status s = exec::run_steps(ctx, cp, 0, [](const exec::Step&, int) { return Status::ok(); });
  if (!s) {
    (void)ctx.store.record_event(event(entry, "complete", outcome_of(s), s.message()));
    return s;
  }
  history::MigrationRow row = row_for(options, entry);
  row.state = history::RowState::applied;
  row.error.clear();
  PGSHIFT_TRY(ctx.store.save(row, event(entry, "complete", "ok", "")));
  emit_to(ctx, Event{"migration_completed",
                     Level::info,
                     fmt::format("completed {} {}: only the new shape remains", entry.version,
                                 entry.name),
                     {}}
                   .with("version", entry.version)
                   .with("name", entry.name));
  return Status::ok();
}

Status rollback(exec::Context& ctx, const Options& options, const Entry& entry) {
  PGSHIFT_ASSIGN_OR_RETURN(auto stored, stored_plan(ctx.store, entry));
  if (stored) {
    emit_to(ctx, Event{"rollback_started",
                       Level::info,
                       fmt::format("rolling back {} {} ({} steps)", entry.version, entry.name,
                                   stored->rollback.size()),
                       {}}
                     .with("version", entry.version));
    const exec::Plan rp = phase_plan(options, entry, "rollback", stored->rollback);
    Status s = exec::run_steps(ctx, rp, 0, [](const exec::Step&, int) { return Status::ok(); });
    if (!s) {
      (void)ctx.store.record_event(event(entry, "rollback", outcome_of(s), s.message()));
      return s;
    }
  }
  // Its backfills are finished business: expanding it again fills again from the first key.
  PGSHIFT_TRY(history::Backfills(ctx.session, options.history_schema)
                  .remove_prefix(entry.version + "_" + entry.name + "."));
  PGSHIFT_TRY(ctx.store.remove(entry.version, event(entry, "rollback", "ok", "")));
  emit_to(ctx, Event{"migration_rolled_back",
                     Level::info,
                     fmt::format("rolled back {} {}: the old shape is as it was", entry.version,
                                 entry.name),
                     {}}
                   .with("version", entry.version)
                   .with("name", entry.name));
  return Status::ok();
}

}  // namespace pgshift::runner
