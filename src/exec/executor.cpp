#include "exec/executor.hpp"

#include <fmt/format.h>

#include <chrono>

#include "core/duration.hpp"
#include "core/quote.hpp"
#include "db/error.hpp"

namespace pgshift::exec {

namespace {

using Clock = std::chrono::steady_clock;

const char* action_of(const Plan& p) {
  return p.direction == core::Direction::up ? "up" : "down";
}

std::string label(const Plan& p) {
  return fmt::format("migration {} \"{}\"", p.version, p.name);
}

long long ms_since(Clock::time_point t) {
  return std::chrono::duration_cast<Millis>(Clock::now() - t).count();
}

// "SET [LOCAL] lock_timeout = '2000ms'; ..." for the plan's timeouts; empty when none.
std::string timeout_sql(const Plan& p, bool local) {
  std::string out;
  const char* scope = local ? "SET LOCAL " : "SET ";
  if (p.lock_timeout) {
    out += fmt::format("{}lock_timeout = {};", scope,
                       core::quote_literal(std::to_string(p.lock_timeout->count()) + "ms"));
  }
  if (p.statement_timeout) {
    out += fmt::format("{}statement_timeout = {};", scope,
                       core::quote_literal(std::to_string(p.statement_timeout->count()) + "ms"));
  }
  return out;
}

// Cancels the session's running query when the token fires, for the guard's lifetime.
class CancelGuard {
 public:
  CancelGuard(CancelToken* token, db::Session& session) : m_token(token) {
    if (m_token) {
      m_id = m_token->on_cancel([&session] { session.cancel(); });
    }
  }
  ~CancelGuard() {
    if (m_token && m_id) {
      m_token->remove(m_id);
    }
  }
  CancelGuard(const CancelGuard&) = delete;
  CancelGuard& operator=(const CancelGuard&) = delete;

 private:
  CancelToken* m_token;
  int m_id = 0;
};

bool cancelled(const Context& ctx) {
  return ctx.cancel && ctx.cancel->requested();
}

void emit(const Context& ctx, Event e) {
  if (ctx.sink) {
    ctx.sink(e);
  }
}

void forward_notices(Context& ctx, const Step& step) {
  for (auto& n : ctx.session.take_notices()) {
    emit(ctx, Event{"notice", Level::info, n, {}}.with("step", step.id));
  }
}

// The error of a failed step: which migration, which statement, where, and the SQLSTATE.
Status step_error(const Context& ctx, const Plan& p, const Step& step, int ordinal,
                  const Status& s) {
  if (cancelled(ctx) && (db::is_query_canceled(s) || db::is_connection_lost(s))) {
    return Status::error(Code::interrupted, fmt::format("{} interrupted at statement {} ({})",
                                                        label(p), ordinal, step.location()));
  }
  std::string msg = fmt::format("{} failed at statement {} ({}): {}", label(p), ordinal,
                                step.location(), s.message());
  if (!s.sqlstate().empty()) {
    msg += fmt::format(" [SQLSTATE {}]", s.sqlstate());
  }
  return Status::error(Code::failed, msg).with_sqlstate(s.sqlstate());
}

history::EventRow event_for(const Plan& p, const char* outcome, std::string detail) {
  return history::EventRow{action_of(p), p.version, p.name, outcome, std::move(detail), "", "", ""};
}

// Writes the failure (or interruption) to the audit log, outside any transaction.
void record_failure(Context& ctx, const Plan& p, const Status& s) {
  const char* outcome = s.code() == Code::interrupted ? "interrupted" : "failed";
  (void)ctx.store.record_event(event_for(p, outcome, s.message()));
  // debug: the same message ends the command as its error; --json consumers get both.
  emit(ctx, Event{"migration_failed", Level::debug, s.message(), {}}
                .with("version", p.version)
                .with("name", p.name)
                .with("direction", std::string(action_of(p)))
                .with("sqlstate", s.sqlstate()));
}

Status finish_event(Context& ctx, const Plan& p, Clock::time_point started) {
  auto ms = ms_since(started);
  emit(ctx,
       Event{p.direction == core::Direction::up ? "migration_applied" : "migration_reverted",
             Level::info,
             fmt::format("{} {} {} ({} statement{}, {}ms)",
                         p.direction == core::Direction::up ? "applied" : "reverted", p.version,
                         p.name, p.steps.size(), p.steps.size() == 1 ? "" : "s", ms),
             {}}
           .with("version", p.version)
           .with("name", p.name)
           .with("transactional", p.transactional)
           .with("statements", static_cast<std::int64_t>(p.steps.size()))
           .with("duration_ms", static_cast<std::int64_t>(ms)));
  return Status::ok();
}

// BEGIN; steps; finish (history write); COMMIT — or ROLLBACK on the first failure.
Status run_in_transaction(Context& ctx, const Plan& p,
                          const std::function<Status(long long)>& finish) {
  const auto started = Clock::now();
  CancelGuard guard(ctx.cancel, ctx.session);
  if (cancelled(ctx)) {
    return Status::error(Code::interrupted, label(p) + " not started: interrupted");
  }
  Status s = ctx.session.exec("BEGIN;" + timeout_sql(p, true));
  int ordinal = 0;
  for (const auto& step : p.steps) {
    if (!s) {
      break;
    }
    ++ordinal;
    if (cancelled(ctx)) {
      s = Status::error(Code::interrupted, fmt::format("{} interrupted before statement {} ({})",
                                                       label(p), ordinal, step.location()));
      break;
    }
    Status r = ctx.session.exec(step.sql);
    forward_notices(ctx, step);
    if (!r) {
      s = step_error(ctx, p, step, ordinal, r);
    }
  }
  if (s) {
    s = finish(ms_since(started));
  }
  if (s && cancelled(ctx)) {
    s = Status::error(Code::interrupted, label(p) + " interrupted before commit");
  }
  if (s) {
    s = ctx.session.exec("COMMIT");
    if (s) {
      return finish_event(ctx, p, started);
    }
    s = Status::error(Code::failed, label(p) + ": commit failed: " + s.message())
            .with_sqlstate(s.sqlstate());
  }
  (void)ctx.session.exec("ROLLBACK");
  record_failure(ctx, p, s);
  return s;
}

// Runs one statement in autocommit with the plan's timeouts around it, never leaking them.
Status run_autocommit_step(Context& ctx, const Plan& p, const Step& step) {
  std::string set = timeout_sql(p, false);
  if (!set.empty()) {
    PGSHIFT_TRY(ctx.session.exec(set));
  }
  Status r = ctx.session.exec(step.sql);
  if (!set.empty()) {
    Status reset = ctx.session.exec("RESET lock_timeout; RESET statement_timeout;");
    if (r && !reset) {
      r = reset;
    }
  }
  forward_notices(ctx, step);
  return r;
}

}  // namespace

Status run_up(Context& ctx, const Plan& plan, const Record& record) {
  history::MigrationRow row;
  row.version = plan.version;
  row.name = plan.name;
  row.kind = record.kind;
  row.checksum_up = record.checksum_up;
  row.checksum_down = record.checksum_down;
  row.checksum_mode = record.checksum_mode;
  row.statements_done = static_cast<int>(plan.steps.size());
  emit(ctx, Event{"migration_started",
                  Level::debug,
                  fmt::format("applying {} {}", plan.version, plan.name),
                  {}}
                .with("version", plan.version)
                .with("name", plan.name)
                .with("transactional", plan.transactional));

  if (plan.transactional) {
    return run_in_transaction(ctx, plan, [&](long long ms) {
      row.duration_ms = ms;
      return ctx.store.save(row, event_for(plan, "ok", ""));
    });
  }

  const auto started = Clock::now();
  CancelGuard guard(ctx.cancel, ctx.session);
  row.state = "partial";
  row.statements_done = record.resume_from;
  row.statement_checksums = record.done_checksums;
  if (record.resume_from > 0) {
    emit(ctx, Event{"migration_resumed",
                    Level::info,
                    fmt::format("resuming {} {} at statement {} of {}", plan.version, plan.name,
                                record.resume_from + 1, plan.steps.size()),
                    {}}
                  .with("version", plan.version)
                  .with("statement", static_cast<std::int64_t>(record.resume_from + 1)));
  }
  Status s = ctx.store.save_progress(row);
  for (std::size_t i = static_cast<std::size_t>(record.resume_from); s && i < plan.steps.size();
       ++i) {
    const Step& step = plan.steps[i];
    const int ordinal = static_cast<int>(i) + 1;
    if (cancelled(ctx)) {
      s = Status::error(Code::interrupted, fmt::format("{} interrupted before statement {} ({})",
                                                       label(plan), ordinal, step.location()));
      break;
    }
    Status r = run_autocommit_step(ctx, plan, step);
    if (!r) {
      s = step_error(ctx, plan, step, ordinal, r);
      break;
    }
    row.statements_done = ordinal;
    row.statement_checksums.push_back(step.checksum);
    s = ctx.store.save_progress(row);
    emit(ctx,
         Event{"statement_done",
               Level::debug,
               fmt::format("{} statement {}/{} done", plan.version, ordinal, plan.steps.size()),
               {}}
             .with("step", step.id)
             .with("statement", static_cast<std::int64_t>(ordinal)));
  }
  if (s) {
    row.state = "applied";
    row.duration_ms = ms_since(started);
    s = ctx.store.save(row, event_for(plan, "ok", ""));
    if (s) {
      return finish_event(ctx, plan, started);
    }
  }
  row.error = s.message();
  (void)ctx.store.save_progress(row);
  record_failure(ctx, plan, s);
  return s;
}

Status run_down(Context& ctx, const Plan& plan) {
  emit(ctx, Event{"migration_started",
                  Level::debug,
                  fmt::format("reverting {} {}", plan.version, plan.name),
                  {}}
                .with("version", plan.version)
                .with("name", plan.name)
                .with("transactional", plan.transactional));
  if (plan.transactional) {
    return run_in_transaction(ctx, plan, [&](long long) {
      return ctx.store.remove(plan.version, event_for(plan, "ok", ""));
    });
  }
  // Down files that must run in autocommit are re-run from their first statement after a
  // failure, so they should be written to be repeatable (IF EXISTS); see docs/file-formats.md.
  const auto started = Clock::now();
  CancelGuard guard(ctx.cancel, ctx.session);
  Status s;
  int ordinal = 0;
  for (const auto& step : plan.steps) {
    ++ordinal;
    if (cancelled(ctx)) {
      s = Status::error(Code::interrupted, fmt::format("{} interrupted before statement {} ({})",
                                                       label(plan), ordinal, step.location()));
      break;
    }
    Status r = run_autocommit_step(ctx, plan, step);
    if (!r) {
      s = step_error(ctx, plan, step, ordinal, r);
      break;
    }
  }
  if (s) {
    s = ctx.store.remove(plan.version, event_for(plan, "ok", ""));
    if (s) {
      return finish_event(ctx, plan, started);
    }
  }
  record_failure(ctx, plan, s);
  return s;
}

}  // namespace pgshift::exec
