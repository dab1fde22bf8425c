#include "exec/executor.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "core/duration.hpp"
#include "core/failpoint.hpp"
#include "core/quote.hpp"
#include "db/error.hpp"
#include "exec/concurrent_index.hpp"
#include "exec/preflight.hpp"
#include "exec/resume_check.hpp"

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

std::string ms_literal(Millis m) {
  return core::quote_literal(std::to_string(m.count()) + "ms");
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

// The outcome of one attempt: which step failed (if one did) and who blocked it.
struct Attempt {
  Status status;
  const Step* step = nullptr;
  int ordinal = 0;
  std::vector<db::Backend> blockers;
};

// What an attempt waited for: its lock, or, for concurrent builds, mostly older transactions.
std::string waited_for(const Step* step) {
  if (!step) {
    return "a lock";
  }
  return step->lock_description() +
         (step->concurrently() ? " (or for older transactions to finish)" : "");
}

std::string blockers_text(const std::vector<db::Backend>& blockers) {
  return blockers.empty() ? "no blocking session was seen (it may have finished meanwhile)"
                          : "blocked by " + db::describe_all(blockers);
}

// The error of a failed step: which migration, which statement, where, and the SQLSTATE.
Status step_error(const Context& ctx, const Plan& p, const Attempt& a, int attempts) {
  const Status& s = a.status;
  if (cancelled(ctx) &&
      (db::is_query_canceled(s) || db::is_connection_lost(s) || s.code() == Code::interrupted)) {
    return Status::error(Code::interrupted,
                         fmt::format("{} interrupted at statement {} ({})", label(p), a.ordinal,
                                     a.step ? a.step->location() : p.path));
  }
  if (s.code() == Code::interrupted) {
    return s;
  }
  std::string where =
      a.step ? fmt::format(" at statement {} ({})", a.ordinal, a.step->location()) : "";
  std::string msg;
  if (db::is_lock_timeout(s) || db::is_deadlock(s)) {
    msg = fmt::format("{} failed{}: gave up after {} attempt{} waiting for {}: {}; {}", label(p),
                      where, attempts, attempts == 1 ? "" : "s", waited_for(a.step), s.message(),
                      blockers_text(a.blockers));
  } else {
    msg = fmt::format("{} failed{}: {}", label(p), where, s.message());
  }
  if (!s.sqlstate().empty()) {
    msg += fmt::format(" [SQLSTATE {}]", s.sqlstate());
  }
  return Status::error(Code::failed, msg).with_sqlstate(s.sqlstate());
}

// One line per failed attempt, naming the blockers.
void report_retry(Context& ctx, const Plan& p, const Attempt& a, int attempt, Millis sleep,
                  std::optional<Millis> timeout) {
  const std::string what = waited_for(a.step);
  const std::string why =
      db::is_deadlock(a.status)
          ? "deadlocked"
          : "timed out after " + core::format_duration(timeout.value_or(Millis(0)));
  Event e{"lock_retry",
          Level::warning,
          fmt::format("{}: attempt {} of {} {} waiting for {}; {}; retrying in {}",
                      a.step ? a.step->id : label(p), attempt + 1, p.ladder.retries + 1, why, what,
                      blockers_text(a.blockers), core::format_duration(sleep)),
          {}};
  e.with("version", p.version)
      .with("step", a.step ? a.step->id : std::string())
      .with("attempt", static_cast<std::int64_t>(attempt + 1))
      .with("attempts", static_cast<std::int64_t>(p.ladder.retries + 1))
      .with("lock_timeout_ms", static_cast<std::int64_t>(timeout.value_or(Millis(0)).count()))
      .with("sleep_ms", static_cast<std::int64_t>(sleep.count()))
      .with("sqlstate", a.status.sqlstate())
      .with("blockers", static_cast<std::int64_t>(a.blockers.size()));
  if (!a.blockers.empty()) {
    a.blockers.front().add_fields(e, "blocker_");
  }
  emit(ctx, e);
}

// Runs `attempt(n)` along the plan's ladder (exec::run_ladder) until it succeeds, fails for
// good, or the ladder is exhausted. `timeout_of(n)` is attempt n's lock_timeout, for the report.
Attempt with_ladder(Context& ctx, const Plan& p, const std::function<Attempt(int)>& attempt,
                    const std::function<std::optional<Millis>(int)>& timeout_of, int& attempts) {
  Attempt last;
  LadderHooks hooks;
  hooks.on_retry = [&](int n, const Status&, Millis sleep) {
    report_retry(ctx, p, last, n, sleep, timeout_of(n));
  };
  const LadderOutcome o = run_ladder(
      p.ladder, ctx.cancel,
      [&](int n) {
        last = attempt(n);
        return last.status;
      },
      hooks);
  attempts = o.attempts;
  if (o.interrupted) {
    last.status = Status::error(Code::interrupted, label(p) + " interrupted between attempts");
  }
  return last;
}

// Runs one statement (after `prefix`, statements sent in the same round trip), watched by the
// monitor; the failure carries its blockers.
Attempt run_statement(Context& ctx, const Step& step, int ordinal, const std::string& prefix = "") {
  Attempt a;
  a.step = &step;
  a.ordinal = ordinal;
  Watch watch(ctx.monitor, ctx.session.backend_pid(), step.id, step.concurrent_index.has_value());
  a.status = ctx.session.exec(prefix + step.sql);
  a.blockers = watch.finish();
  forward_notices(ctx, step);
  return a;
}

history::EventRow event_for(const Plan& p, const char* outcome, std::string detail) {
  return history::EventRow{action_of(p), p.version, p.name, outcome, std::move(detail), "", "", ""};
}

// Writes the failure (or interruption) to the audit log, outside any transaction.
void record_failure(Context& ctx, const Plan& p, const Status& s) {
  const char* outcome = s.code() == Code::interrupted ? "interrupted" : "failed";
  (void)ctx.store.record_event(event_for(p, outcome, s.message()));
  // debug: the same message ends the command as its error; --json -v consumers get both.
  emit(ctx, Event{"migration_failed", Level::debug, s.message(), {}}
                .with("version", p.version)
                .with("name", p.name)
                .with("direction", std::string(action_of(p)))
                .with("sqlstate", s.sqlstate()));
}

Status finish_event(Context& ctx, const Plan& p, Clock::time_point started, int attempts) {
  auto ms = ms_since(started);
  emit(ctx, Event{p.direction == core::Direction::up ? "migration_applied" : "migration_reverted",
                  Level::info,
                  fmt::format("{} {} {} ({} statement{}, {}ms{})",
                              p.direction == core::Direction::up ? "applied" : "reverted",
                              p.version, p.name, p.steps.size(), p.steps.size() == 1 ? "" : "s", ms,
                              attempts > 1 ? fmt::format(", {} attempts", attempts) : ""),
                  {}}
                .with("version", p.version)
                .with("name", p.name)
                .with("transactional", p.transactional)
                .with("statements", static_cast<std::int64_t>(p.steps.size()))
                .with("attempts", static_cast<std::int64_t>(attempts))
                .with("duration_ms", static_cast<std::int64_t>(ms)));
  return Status::ok();
}

// The history write that commits with a unit (the migration's row for a transactional plan,
// the progress for a unit of an autocommit one), built once its statements ran; nullopt: none.
using Finish = std::function<std::optional<history::Store::Statement>(long long elapsed_ms)>;

// The whole of a transactional plan as one unit.
Unit whole(const Plan& p) {
  return Unit{0, p.steps.size(), true, p.begin_sql};
}

// One attempt of a transaction unit: BEGIN; SET LOCAL ...; steps; history; COMMIT. To spend
// fewer round trips than a plain psql session, BEGIN and its SETs travel with the first
// statement (they cannot fail, so an error there is that statement's), and the history write
// travels with COMMIT.
Attempt transaction_attempt(Context& ctx, const Plan& p, const Unit& u, int n, const Finish& finish,
                            Clock::time_point started) {
  Attempt a;
  std::string begin = u.begin_sql + ";";
  if (u.count > 0) {
    begin += "SET LOCAL lock_timeout = " + ms_literal(rung(p.ladder, n).lock_timeout) + ";";
  }
  if (p.statement_timeout) {
    begin += "SET LOCAL statement_timeout = " + ms_literal(*p.statement_timeout) + ";";
  }
  for (std::size_t i = u.first; i < u.end(); ++i) {
    const Step& step = p.steps[i];
    const int ordinal = static_cast<int>(i) + 1;
    if (cancelled(ctx)) {
      a.status = Status::error(Code::interrupted, "interrupted");
      a.step = &step;
      a.ordinal = ordinal;
      break;
    }
    a = run_statement(ctx, step, ordinal, i == u.first ? begin + "\n" : "");
    if (!a.status) {
      break;
    }
  }
  if (a.status && u.count == 0) {
    a.status = ctx.session.exec(begin);
  }
  if (a.status && cancelled(ctx)) {
    a.status = Status::error(Code::interrupted, "interrupted before commit");
  }
  if (a.status) {
    a.step = nullptr;
    core::failpoint("before-progress");  // a kill here rolls the whole unit back
    const auto history = finish(ms_since(started));
    Result<std::string> record =
        history ? db::inline_params(history->sql, history->params) : Result<std::string>("");
    a.status =
        record ? ctx.session.exec(*record + (history ? ";\nCOMMIT" : "COMMIT")) : record.status();
    if (a.status) {
      core::failpoint("after-progress");
      return a;
    }
    a.status = Status::error(Code::failed,
                             "recording history and committing failed: " + a.status.message())
                   .with_sqlstate(a.status.sqlstate());
  }
  (void)ctx.session.exec("ROLLBACK");
  return a;
}

// Runs a transaction unit along the ladder, after the pre-flight check of its steps.
Attempt run_transaction_unit(Context& ctx, const Plan& p, const Unit& u, const Finish& finish,
                             Clock::time_point started, int& attempts) {
  CancelGuard guard(ctx.cancel, ctx.session);
  std::vector<const Step*> steps;
  for (std::size_t i = u.first; i < u.end(); ++i) {
    steps.push_back(&p.steps[i]);
  }
  preflight(ctx.session, p, steps, ctx.sink, ctx.cancel, ctx.preflight);
  return with_ladder(
      ctx, p, [&](int n) { return transaction_attempt(ctx, p, u, n, finish, started); },
      [&](int n) { return std::optional<Millis>(rung(p.ladder, n).lock_timeout); }, attempts);
}

Status run_in_transaction(Context& ctx, const Plan& p, const Finish& finish) {
  const auto started = Clock::now();
  if (cancelled(ctx)) {
    return Status::error(Code::interrupted, label(p) + " not started: interrupted");
  }
  int attempts = 0;
  Attempt a = run_transaction_unit(ctx, p, whole(p), finish, started, attempts);
  if (a.status) {
    return finish_event(ctx, p, started, attempts);
  }
  Status s = step_error(ctx, p, a, attempts);
  record_failure(ctx, p, s);
  return s;
}

// One attempt of one autocommit step, with its timeouts set around it and reset after.
Attempt autocommit_attempt(Context& ctx, const Plan& p, const Step& step, int ordinal, int n) {
  std::string set;
  if (auto t = p.lock_timeout_for(step, n)) {
    set += "SET lock_timeout = " + ms_literal(*t) + ";";
  }
  if (auto t = p.statement_timeout_for(step)) {
    set += "SET statement_timeout = " + ms_literal(*t) + ";";
  }
  Attempt a;
  a.step = &step;
  a.ordinal = ordinal;
  if (!set.empty()) {
    a.status = ctx.session.exec(set);
    if (!a.status) {
      return a;
    }
  }
  a = run_statement(ctx, step, ordinal);
  if (!set.empty()) {
    Status reset = ctx.session.exec("RESET lock_timeout; RESET statement_timeout;");
    if (a.status && !reset) {
      a.status = reset;
    }
  }
  return a;
}

// Runs one autocommit step along the ladder. CONCURRENTLY index steps get their care around
// every attempt, so a retry never trips over the invalid index the previous attempt left.
Status run_autocommit_step(Context& ctx, const Plan& p, const Step& step, int ordinal,
                           int& attempts) {
  CancelGuard guard(ctx.cancel, ctx.session);
  preflight(ctx.session, p, {&step}, ctx.sink, ctx.cancel, ctx.preflight);
  auto attempt = [&](int n) {
    if (!step.concurrent_index) {
      return autocommit_attempt(ctx, p, step, ordinal, n);
    }
    Attempt a;
    a.status = run_concurrent_index(ctx, step, [&] {
      a = autocommit_attempt(ctx, p, step, ordinal, n);
      return a.status;
    });
    a.step = &step;  // also when the failure came from the checks around the statement
    a.ordinal = ordinal;
    return a;
  };
  Attempt last = with_ladder(
      ctx, p, attempt, [&](int n) { return p.lock_timeout_for(step, n); }, attempts);
  if (last.status) {
    return last.status;
  }
  return step_error(ctx, p, last, std::max(attempts, 1));
}

// Runs one step alone in autocommit: through the backfill primitive when it is batched, else
// along the ladder.
Status run_alone(Context& ctx, const Plan& plan, const Step& step, int ordinal, int& attempts) {
  if (step.batch) {
    // The backfill primitive runs it; a cancel request lets the running batch commit.
    return ctx.run_batch ? ctx.run_batch(plan, step)
                         : Status::error(Code::failed, step.location() +
                                                           ": batched statements need a backfill "
                                                           "runner");
  }
  return run_autocommit_step(ctx, plan, step, ordinal, attempts);
}

// Runs plan.steps[from..] one at a time in autocommit, calling after_each(step, ordinal) after
// each success (progress recording). Stops at the first failure or cancel request.
Status run_autocommit_steps(Context& ctx, const Plan& plan, std::size_t from, int& max_attempts,
                            const std::function<Status(const Step&, int)>& after_each) {
  max_attempts = 1;
  for (std::size_t i = from; i < plan.steps.size(); ++i) {
    const Step& step = plan.steps[i];
    const int ordinal = static_cast<int>(i) + 1;
    if (cancelled(ctx)) {
      return Status::error(Code::interrupted, fmt::format("{} interrupted before statement {} ({})",
                                                          label(plan), ordinal, step.location()));
    }
    int attempts = 0;
    Status s = run_alone(ctx, plan, step, ordinal, attempts);
    max_attempts = std::max(max_attempts, attempts);
    if (s) {
      s = after_each(step, ordinal);
    }
    if (!s) {
      return s;
    }
  }
  return Status::ok();
}

// The units of a plan; one autocommit unit per step for a plan made outside make_plan.
std::vector<Unit> units_of(const Plan& plan) {
  if (!plan.units.empty()) {
    return plan.units;
  }
  std::vector<Unit> out;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    out.push_back(Unit{i, 1, false, "BEGIN"});
  }
  return out;
}

// The progress to record once a unit is done; nullopt records nothing (down).
using Progress = std::function<std::optional<history::Store::Statement>(const Unit&)>;

// Writes an autocommit unit's progress, after its statement committed.
Status record_progress(Context& ctx, const std::optional<history::Store::Statement>& progress) {
  core::failpoint("before-progress");  // a kill here leaves the statement done but unrecorded
  if (progress) {
    PGSHIFT_TRY(ctx.session.query(progress->sql, progress->params).status());
  }
  core::failpoint("after-progress");
  return Status::ok();
}

const char* verdict_name(EarlierEffect::Verdict v) {
  switch (v) {
    case EarlierEffect::Verdict::done:
      return "done";
    case EarlierEffect::Verdict::not_done:
      return "not_done";
    case EarlierEffect::Verdict::repeatable:
      return "repeatable";
    case EarlierEffect::Verdict::unknown:
      break;
  }
  return "unknown";
}

// The autocommit step an earlier run stopped at may have committed without being recorded (a
// kill between the two): true when its effect is there, so it is recorded as done instead of
// run again. Says what it found either way.
Result<bool> took_effect_earlier(Context& ctx, const Plan& plan, const Step& step, int ordinal) {
  PGSHIFT_ASSIGN_OR_RETURN(auto effect, check_earlier_effect(ctx.session, step));
  using Verdict = EarlierEffect::Verdict;
  const std::string what = fmt::format("{}: statement {} ({})", label(plan), ordinal, step.brief());
  std::string message;
  switch (effect.verdict) {
    case Verdict::done:
      message = what + " already took effect: " + effect.found + "; recorded as done";
      break;
    case Verdict::not_done:
      message = what + " did not take effect before the earlier run stopped: " + effect.found +
                "; running it";
      break;
    case Verdict::repeatable:
    case Verdict::unknown:
      message = what + " may have run before the earlier run stopped: " + effect.found +
                "; running it again";
      break;
  }
  emit(ctx, Event{"resume_check",
                  effect.verdict == Verdict::unknown ? Level::warning : Level::info,
                  message,
                  {}}
                .with("version", plan.version)
                .with("step", step.id)
                .with("statement", static_cast<std::int64_t>(ordinal))
                .with("verdict", std::string(verdict_name(effect.verdict)))
                .with("found", effect.found));
  return effect.verdict == Verdict::done;
}

// Runs the units of `plan` from step `from` on (a unit boundary), each followed by its
// progress: inside a transaction unit, so that it commits with it, and right after an
// autocommit one. `resuming`: an earlier run stopped at `from`, so an autocommit step there is
// checked for its effect first. `done` counts the steps done; stops at the first failure or
// cancel request.
Status run_units(Context& ctx, const Plan& plan, std::size_t from, bool resuming,
                 const Progress& progress, int& max_attempts, std::size_t& done) {
  max_attempts = 1;
  done = from;
  const auto started = Clock::now();
  for (const Unit& u : units_of(plan)) {
    if (u.first < from || u.count == 0) {
      continue;
    }
    const Step& first = plan.steps[u.first];
    const int ordinal = static_cast<int>(u.first) + 1;
    if (cancelled(ctx)) {
      return Status::error(Code::interrupted, fmt::format("{} interrupted before statement {} ({})",
                                                          label(plan), ordinal, first.location()));
    }
    int attempts = 0;
    Status s;
    if (u.transaction) {
      Attempt a = run_transaction_unit(
          ctx, plan, u, [&](long long) { return progress(u); }, started, attempts);
      s = a.status ? Status::ok() : step_error(ctx, plan, a, std::max(attempts, 1));
    } else {
      bool earlier = false;
      if (resuming && u.first == from) {
        PGSHIFT_ASSIGN_OR_RETURN(auto found, took_effect_earlier(ctx, plan, first, ordinal));
        earlier = found;
      }
      if (!earlier) {
        s = run_alone(ctx, plan, first, ordinal, attempts);
      }
      if (s) {
        s = record_progress(ctx, progress(u));
      }
    }
    max_attempts = std::max(max_attempts, attempts);
    if (!s) {
      return s;
    }
    done = u.end();
    for (std::size_t i = u.first; i < u.end(); ++i) {
      emit(ctx,
           Event{"statement_done",
                 Level::debug,
                 fmt::format("{} statement {}/{} done", plan.version, i + 1, plan.steps.size()),
                 {}}
               .with("step", plan.steps[i].id)
               .with("statement", static_cast<std::int64_t>(i + 1)));
    }
  }
  return Status::ok();
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
      return std::optional(
          ctx.store.save_statement(row, event_for(plan, "ok", record.audit_detail)));
    });
  }

  const auto started = Clock::now();
  const std::size_t from = static_cast<std::size_t>(record.resume_from.value_or(0));
  row.state = history::RowState::partial;
  // The row once `end` steps are done: what they are, by checksum (the done ones as recorded).
  auto row_at = [&](std::size_t end) {
    history::MigrationRow r = row;
    r.statements_done = static_cast<int>(end);
    r.statement_checksums = record.done_checksums;
    r.statement_checksums.resize(std::min(from, end));
    for (std::size_t i = r.statement_checksums.size(); i < end; ++i) {
      r.statement_checksums.push_back(plan.steps[i].checksum);
    }
    return r;
  };
  if (record.resume_from) {
    emit(ctx, Event{"migration_resumed",
                    Level::info,
                    fmt::format("resuming {} {} at statement {} of {}", plan.version, plan.name,
                                from + 1, plan.steps.size()),
                    {}}
                  .with("version", plan.version)
                  .with("statement", static_cast<std::int64_t>(from + 1)));
  }
  if (std::string refusal = resume_refusal(plan, from); !refusal.empty()) {
    return Status::error(Code::drift, refusal);
  }
  int max_attempts = 1;
  std::size_t done = from;
  Status s = ctx.store.save_progress(row_at(from));
  if (s) {
    s = run_units(
        ctx, plan, from, record.resume_from.has_value(),
        [&](const Unit& u) { return std::optional(ctx.store.progress_statement(row_at(u.end()))); },
        max_attempts, done);
  }
  if (s) {
    history::MigrationRow applied = row_at(plan.steps.size());
    applied.state = history::RowState::applied;
    applied.duration_ms = ms_since(started);
    s = ctx.store.save(applied, event_for(plan, "ok", record.audit_detail));
    if (s) {
      return finish_event(ctx, plan, started, max_attempts);
    }
  }
  history::MigrationRow stopped = row_at(done);
  stopped.error = s.message();
  (void)ctx.store.save_progress(stopped);
  record_failure(ctx, plan, s);
  return s;
}

Status run_steps(Context& ctx, const Plan& plan, std::size_t from,
                 const std::function<Status(const Step&, int)>& after_each) {
  int max_attempts = 1;
  return run_autocommit_steps(ctx, plan, from, max_attempts, after_each);
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
      return std::optional(ctx.store.remove_statement(plan.version, event_for(plan, "ok", "")));
    });
  }
  // Down files that must run in autocommit record no progress and are re-run from their first
  // statement after a failure, so they should be written to be repeatable (IF EXISTS); see
  // docs/file-formats.md.
  const auto started = Clock::now();
  int max_attempts = 1;
  std::size_t done = 0;
  Status s = run_units(
      ctx, plan, 0, false, [](const Unit&) { return std::optional<history::Store::Statement>(); },
      max_attempts, done);
  if (s) {
    s = ctx.store.remove(plan.version, event_for(plan, "ok", ""));
    if (s) {
      return finish_event(ctx, plan, started, max_attempts);
    }
  }
  record_failure(ctx, plan, s);
  return s;
}

}  // namespace pgshift::exec
