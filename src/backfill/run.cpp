#include "backfill/run.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "backfill/batch_sql.hpp"
#include "backfill/catalog.hpp"
#include "backfill/pacing.hpp"
#include "backfill/session_guards.hpp"
#include "backfill/throttle.hpp"
#include "core/duration.hpp"
#include "core/sleep.hpp"
#include "db/error.hpp"
#include "history/backfills.hpp"

namespace pgshift::backfill {

namespace {

using Clock = std::chrono::steady_clock;

// How often a paused backfill looks again at what paused it.
constexpr Millis k_recheck{500};
// How often progress is reported at most (every batch commits; events need not).
constexpr Millis k_progress_every{1000};

Millis since(Clock::time_point t) {
  return std::chrono::duration_cast<Millis>(Clock::now() - t);
}

void emit(const Context& ctx, Event e) {
  if (ctx.sink) {
    ctx.sink(e);
  }
}

bool cancelled(const Context& ctx) {
  return ctx.cancel && ctx.cancel->requested();
}

std::string table_name(const Table& t) {
  return t.schema + "." + t.name;
}

// The existing row may be resumed only for the same statement on the same table.
std::string difference(const history::BackfillRow& row, const Spec& spec, const Table& t) {
  if (row.schema != t.schema || row.table != t.name) {
    return "table \"" + row.schema + "." + row.table + "\"";
  }
  if (row.action != spec.action()) {
    return "action " + row.action;
  }
  if (row.set_sql != spec.set_sql) {
    return "SET " + row.set_sql;
  }
  if (row.where_sql != spec.where_sql) {
    return "WHERE " + (row.where_sql.empty() ? std::string("(none)") : row.where_sql);
  }
  return "";
}

class Runner {
 public:
  Runner(Context& ctx, const Spec& spec, Table table, BatchSql sql)
      : m_ctx(ctx),
        m_spec(spec),
        m_table(std::move(table)),
        m_sql(std::move(sql)),
        m_rows(ctx.session, ctx.history_schema),
        m_sizer(spec.options),
        m_throttle(ctx.session, m_table, spec.options),
        m_timeouts(ctx.session) {}

  Result<Report> loop(std::vector<std::string> cursor, long long rows_done, long long scanned);

 private:
  Event event(const char* kind, Level level, std::string message) const {
    return Event{kind, level, std::move(message), {}}
        .with("backfill", m_spec.name)
        .with("table", table_name(m_table));
  }
  // Waits while a throttle condition holds; false when interrupted meanwhile.
  Result<bool> wait_while_throttled(Millis longest_lock_wait);
  void progress(const Report& r, bool force);

  Context& m_ctx;
  const Spec& m_spec;
  Table m_table;
  BatchSql m_sql;
  history::Backfills m_rows;
  Sizer m_sizer;
  Throttle m_throttle;
  Timeouts m_timeouts;
  Clock::time_point m_started = Clock::now();
  Clock::time_point m_last_progress{};
  Millis m_autovacuum_paused{0};  // pauses for the autovacuum run now under way
  long long m_scanned_at_start = 0;
};

Result<bool> Runner::wait_while_throttled(Millis longest_lock_wait) {
  std::string paused_for;
  Clock::time_point paused_at;
  for (;;) {
    PGSHIFT_ASSIGN_OR_RETURN(auto c, m_throttle.probe());
    if (!c.autovacuum) {
      m_autovacuum_paused = Millis{0};  // the next autovacuum run gets its own pause
    }
    c.autovacuum_paused = m_autovacuum_paused;
    c.longest_lock_wait = paused_for.empty() ? longest_lock_wait : Millis{0};
    auto reason = pause_reason(m_spec.options, c);
    if (!reason) {
      if (!paused_for.empty()) {
        const bool capped = paused_for == "autovacuum" && c.autovacuum;
        emit(m_ctx,
             event("backfill_resumed", Level::info,
                   fmt::format("backfill \"{}\" resumes after {} ({}{})", m_spec.name,
                               core::format_duration(since(paused_at)), paused_for,
                               capped ? ", still running: max_autovacuum_pause reached" : ""))
                 .with("reason", paused_for)
                 .with("paused_ms", static_cast<std::int64_t>(since(paused_at).count())));
      }
      return true;
    }
    if (reason->kind != paused_for) {
      paused_for = reason->kind;
      paused_at = Clock::now();
      emit(m_ctx, event("backfill_throttled", Level::info,
                        fmt::format("backfill \"{}\" pauses: {}", m_spec.name, reason->message))
                      .with("reason", reason->kind));
    }
    // Lock waiters cost one pause of max_lock_wait (and a smaller batch); the other
    // conditions are looked at again until they clear.
    Millis wait = reason->kind == "lock_waiters" ? m_spec.options.max_lock_wait : k_recheck;
    if (reason->kind == "lock_waiters") {
      m_sizer.shrink();
    }
    const auto before = Clock::now();
    const bool slept = core::sleep_unless_cancelled(wait, m_ctx.cancel);
    if (reason->kind == "autovacuum") {
      m_autovacuum_paused += since(before);
    }
    if (!slept) {
      return false;
    }
  }
}

void Runner::progress(const Report& r, bool force) {
  if (!force && since(m_last_progress) < k_progress_every) {
    return;
  }
  m_last_progress = Clock::now();
  const double secs = std::max(0.001, static_cast<double>(since(m_started).count()) / 1000.0);
  const double rate = static_cast<double>(r.rows_scanned - m_scanned_at_start) / secs;
  // reltuples is -1 (unknown) until the table is first vacuumed or analyzed: then there is no
  // percentage or ETA, only counts and the rate.
  const bool known = m_table.estimated_rows > 0;
  const double estimate = std::max(m_table.estimated_rows, static_cast<double>(r.rows_scanned));
  const double percent =
      known && estimate > 0 ? 100.0 * static_cast<double>(r.rows_scanned) / estimate : -1.0;
  const double eta =
      known && rate > 0 ? (estimate - static_cast<double>(r.rows_scanned)) / rate : -1.0;
  const std::string share = known ? fmt::format(" ({:.0f}%)", percent) : "";
  const std::string eta_text = known ? fmt::format(", eta {:.0f}s", eta) : "";
  emit(m_ctx,
       event("backfill_progress", Level::info,
             fmt::format("backfill \"{}\": {} rows visited{}, {} changed, {:.0f} rows/s{}",
                         m_spec.name, r.rows_scanned, share, r.rows_done, rate, eta_text))
           .with("rows_scanned", static_cast<std::int64_t>(r.rows_scanned))
           .with("rows_done", static_cast<std::int64_t>(r.rows_done))
           .with("rows_estimate", static_cast<std::int64_t>(known ? std::llround(estimate) : -1))
           .with("percent", percent)
           .with("rows_per_second", rate)
           .with("eta_seconds", eta)
           .with("batches", static_cast<std::int64_t>(r.batches))
           .with("batch_size", static_cast<std::int64_t>(m_sizer.next())));
}

Result<Report> Runner::loop(std::vector<std::string> cursor, long long rows_done,
                            long long scanned) {
  Report report;
  report.rows_done = rows_done;
  report.rows_scanned = scanned;
  m_scanned_at_start = scanned;
  Millis last_lock_wait{0};  // the longest wait other sessions had on the last batch
  const BackfillOptions& o = m_spec.options;
  for (;;) {
    if (cancelled(m_ctx)) {
      report.outcome = Outcome::interrupted;
      break;
    }
    // One batch along the lock_timeout ladder: attempt n waits out the throttles, then runs
    // the batch with rung n's lock_timeout. `r` keeps the last attempt's rows.
    int size = 0;
    Millis took{0};
    bool others_busy = false;
    bool throttle_interrupted = false;
    std::optional<Status> setup_failure;  // the throttle probe or SET failed: no batch ran
    Result<db::Rows> r = Status::error(Code::failed, "no batch ran");
    auto batch = [&](int n) -> Status {
      auto go_on = wait_while_throttled(last_lock_wait);
      if (!go_on || !*go_on) {
        throttle_interrupted = go_on.is_ok();
        setup_failure = go_on ? Status::error(Code::interrupted, "interrupted") : go_on.status();
        return *setup_failure;
      }
      Status set = m_timeouts.set(exec::rung(m_ctx.ladder, n).lock_timeout, o.statement_timeout);
      if (!set) {
        setup_failure = set;
        return set;
      }
      size = m_sizer.next();
      std::vector<db::Param> params{std::to_string(size), m_spec.name};
      for (const auto& k : cursor) {
        params.emplace_back(k);
      }
      const auto t0 = Clock::now();
      r = [&] {
        exec::Watch watch(m_ctx.monitor, m_ctx.session.backend_pid(), m_spec.name, false, true);
        return m_ctx.session.query(cursor.empty() ? m_sql.first : m_sql.next, params);
      }();
      took = since(t0);
      last_lock_wait = m_ctx.monitor ? m_ctx.monitor->longest_wait() : Millis{0};
      others_busy = m_ctx.monitor && m_ctx.monitor->others_active();
      return r ? Status::ok() : r.status();
    };
    exec::LadderHooks hooks;
    hooks.on_retry = [&](int n, const Status& failure, Millis sleep) {
      emit(m_ctx, event("backfill_lock_retry", Level::warning,
                        fmt::format("backfill \"{}\": batch waited longer than lock_timeout {} "
                                    "({}); retrying in {}",
                                    m_spec.name,
                                    core::format_duration(exec::rung(m_ctx.ladder, n).lock_timeout),
                                    failure.message(), core::format_duration(sleep)))
                      .with("attempt", static_cast<std::int64_t>(n + 1)));
    };
    const exec::LadderOutcome climbed = exec::run_ladder(m_ctx.ladder, m_ctx.cancel, batch, hooks);
    if (climbed.interrupted || throttle_interrupted) {
      report.outcome = Outcome::interrupted;
      break;
    }
    if (setup_failure) {
      return *setup_failure;
    }
    if (!r) {
      const Status& st = r.status();
      if (db::is_query_canceled(st) && !cancelled(m_ctx)) {
        // statement_timeout: nothing of the batch stayed; try half as many rows.
        if (!m_sizer.split()) {
          return st.context("backfill \"" + m_spec.name +
                            "\": a batch of one row did not finish within statement_timeout " +
                            core::format_duration(o.statement_timeout));
        }
        emit(m_ctx, event("backfill_split", Level::warning,
                          fmt::format("backfill \"{}\": a batch of {} rows hit statement_timeout "
                                      "{}; retrying with {}",
                                      m_spec.name, size, core::format_duration(o.statement_timeout),
                                      m_sizer.next())));
        continue;
      }
      if (cancelled(m_ctx) && db::is_query_canceled(st)) {
        report.outcome = Outcome::interrupted;
        break;
      }
      (void)m_rows.set_state(m_spec.name, "failed", st.message());
      return st.context("backfill \"" + m_spec.name + "\" failed on table \"" +
                        table_name(m_table) + "\"");
    }
    const long long batch_scanned = r->integer(0, "scanned");
    if (batch_scanned == 0) {
      report.outcome = Outcome::done;
      break;
    }
    ++report.batches;
    report.rows_done = r->integer(0, "rows_done");
    report.rows_scanned = r->integer(0, "rows_scanned");
    cursor.clear();
    for (std::size_t i = 0; i < m_table.key.size(); ++i) {
      cursor.push_back(r->text(0, cursor_column(i)));
    }
    m_sizer.observe(batch_scanned, took);
    progress(report, false);
    const std::string state = r->text(0, "state");
    if (state == "paused") {
      report.outcome = Outcome::paused;
      break;
    }
    if (state == "cancelled") {
      report.outcome = Outcome::cancelled;
      break;
    }
    if (batch_scanned < size) {
      report.outcome = Outcome::done;
      break;
    }
    if (!core::sleep_unless_cancelled(sleep_after(o, took, others_busy), m_ctx.cancel)) {
      report.outcome = Outcome::interrupted;
      break;
    }
  }
  if (report.batches > 0) {
    progress(report, true);
  }
  return report;
}

}  // namespace

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::done:
      return "done";
    case Outcome::paused:
      return "paused";
    case Outcome::cancelled:
      return "cancelled";
    case Outcome::interrupted:
      return "interrupted";
  }
  return "?";
}

Result<Report> run(Context& ctx, const Spec& spec, bool restart) {
  PGSHIFT_ASSIGN_OR_RETURN(auto table, resolve_table(ctx.session, spec));
  history::Backfills rows(ctx.session, ctx.history_schema);
  auto made = batch_sql(spec, table, rows.table());
  if (!made) {
    return made.status();
  }
  BatchSql sql = std::move(made).value();
  PGSHIFT_TRY(check_statement(ctx.session, spec, sql.next));

  NameLock name_lock(ctx.session, ctx.history_schema, spec.name);
  auto locked = name_lock.try_lock();
  if (!locked) {
    return locked.status();
  }
  auto existing = rows.get(spec.name);
  if (!existing) {
    return existing.status();
  }
  if (!*locked) {
    const int pid = *existing ? (*existing)->pid : 0;
    return Status::error(Code::lock_timeout,
                         fmt::format("backfill \"{}\" is being run by another process "
                                     "(backend pid {}); wait for it, or pause it with "
                                     "`pgshift backfill pause {}`",
                                     spec.name, pid, spec.name));
  }

  history::BackfillRow row;
  std::vector<std::string> cursor;
  long long rows_done = 0;
  long long scanned = 0;
  const auto estimate = static_cast<long long>(std::llround(std::max(0.0, table.estimated_rows)));
  if (*existing && !restart) {
    const history::BackfillRow& e = **existing;
    if (std::string diff = difference(e, spec, table); !diff.empty()) {
      return Status::error(Code::invalid_input,
                           fmt::format("backfill \"{}\" exists for another statement ({}); "
                                       "choose another name, or --restart to replace it",
                                       spec.name, diff));
    }
    if (e.state == "done") {
      emit(ctx, Event{"backfill_done",
                      Level::info,
                      fmt::format("backfill \"{}\" was already done ({} rows changed)", spec.name,
                                  e.rows_done),
                      {}}
                    .with("backfill", spec.name)
                    .with("rows_done", static_cast<std::int64_t>(e.rows_done))
                    .with("already", true));
      return Report{Outcome::done, e.rows_done, e.rows_scanned, 0};
    }
    if (e.state == "cancelled") {
      return Status::error(Code::invalid_input,
                           fmt::format("backfill \"{}\" was cancelled; --restart runs it again "
                                       "from the first key",
                                       spec.name));
    }
    PGSHIFT_TRY(rows.claim(spec.name, ctx.host, estimate));
    cursor = e.cursor;
    rows_done = e.rows_done;
    scanned = e.rows_scanned;
    emit(ctx, Event{"backfill_resumed",
                    Level::info,
                    fmt::format("backfill \"{}\" resumes after {} rows ({} changed)", spec.name,
                                e.rows_scanned, e.rows_done),
                    {}}
                  .with("backfill", spec.name)
                  .with("rows_scanned", static_cast<std::int64_t>(e.rows_scanned))
                  .with("reason", std::string("resume")));
  } else {
    row.name = spec.name;
    row.schema = table.schema;
    row.table = table.name;
    row.action = spec.action();
    row.set_sql = spec.set_sql;
    row.where_sql = spec.where_sql;
    for (const auto& k : table.key) {
      row.key_columns.push_back(k.name);
    }
    row.rows_estimate = estimate;
    row.host = ctx.host;
    PGSHIFT_TRY(rows.start(row));
    emit(ctx, Event{"backfill_started",
                    Level::info,
                    fmt::format("backfill \"{}\": {} of table \"{}\" in batches over its primary "
                                "key, {}",
                                spec.name, spec.action(), table_name(table),
                                estimate > 0 ? fmt::format("about {} rows", estimate)
                                             : std::string("row count not known yet")),
                    {}}
                  .with("backfill", spec.name)
                  .with("table", table_name(table))
                  .with("rows_estimate", static_cast<std::int64_t>(estimate)));
  }

  Runner runner(ctx, spec, table, std::move(sql));
  auto report = runner.loop(std::move(cursor), rows_done, scanned);
  if (!report) {
    return report;
  }
  switch (report->outcome) {
    case Outcome::done:
      PGSHIFT_TRY(rows.set_state(spec.name, "done"));
      emit(ctx, Event{"backfill_done",
                      Level::info,
                      fmt::format("backfill \"{}\" done: {} rows changed in {} batches", spec.name,
                                  report->rows_done, report->batches),
                      {}}
                    .with("backfill", spec.name)
                    .with("rows_done", static_cast<std::int64_t>(report->rows_done))
                    .with("batches", static_cast<std::int64_t>(report->batches)));
      break;
    case Outcome::interrupted:
      // Left "running" without a backend: status shows it as interrupted, a re-run resumes.
      PGSHIFT_TRY(rows.release(spec.name));
      emit(ctx, Event{"backfill_interrupted",
                      Level::warning,
                      fmt::format("backfill \"{}\" stopped after a committed batch ({} rows "
                                  "visited); run it again to resume",
                                  spec.name, report->rows_scanned),
                      {}}
                    .with("backfill", spec.name));
      break;
    case Outcome::paused:
    case Outcome::cancelled:
      PGSHIFT_TRY(rows.release(spec.name));
      emit(ctx, Event{"backfill_stopped",
                      Level::info,
                      fmt::format("backfill \"{}\" {} on request after {} rows visited", spec.name,
                                  outcome_name(report->outcome), report->rows_scanned),
                      {}}
                    .with("backfill", spec.name)
                    .with("state", std::string(outcome_name(report->outcome))));
      break;
  }
  return report;
}

}  // namespace pgshift::backfill
