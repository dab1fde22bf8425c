#include <fmt/format.h>

#include "core/duration.hpp"
#include "core/position.hpp"
#include "exec/plan.hpp"
#include "sql/parse.hpp"

namespace pgshift::exec {

std::string Step::location() const {
  return fmt::format("{}:{}:{}", path, line, column);
}

std::string Step::lock_description() const {
  const sql::LockLevel level = effects.strongest();
  for (const auto& l : effects.locks) {
    if (l.level == level) {
      return fmt::format("{} on {}", sql::lock_name(level), l.qualified());
    }
  }
  return "no table lock";
}

// CONCURRENTLY index steps take a SHARE UPDATE EXCLUSIVE lock that does not block reads or
// writes, and then wait for older transactions to end: a short timeout would only throw a
// finished build away. (DETACH PARTITION CONCURRENTLY also locks the partition ACCESS
// EXCLUSIVE, so it keeps its timeout.)
bool waits_without_timeout(const Step& step) {
  const sql::LockLevel level = step.effects.strongest();
  return step.concurrently() && !sql::blocks_reads(level) && !sql::blocks_writes(level);
}

std::optional<Millis> Plan::lock_timeout_for(const Step& step, int attempt) const {
  if (waits_without_timeout(step) && !lock_timeout_from_directive) {
    return std::nullopt;
  }
  return rung(ladder, attempt).lock_timeout;
}

std::optional<Millis> Plan::statement_timeout_for(const Step& step) const {
  if (waits_without_timeout(step) && !statement_timeout_from_directive) {
    return std::nullopt;
  }
  return statement_timeout;
}

namespace {

const char* direction_name(core::Direction d) {
  return d == core::Direction::up ? "up" : "down";
}

Status at(const sql::Statement& st, const std::string& path, const std::string& message) {
  return core::input_error(path, core::Position{st.line, st.column}, message);
}

// Golang-migrate style files wrap themselves in BEGIN; ... COMMIT;. That pair is taken as the
// migration's own transaction; any other transaction control cannot be honoured by a runner
// that must also record history atomically, so it is refused with its position.
Status strip_wrapper(std::vector<sql::Statement>& stmts, const std::string& path, Plan& plan) {
  plan.wrapped = false;
  if (stmts.size() >= 2 && stmts.front().tx == sql::TxControl::begin &&
      stmts.back().tx == sql::TxControl::commit) {
    plan.begin_sql = stmts.front().text;  // keeps ISOLATION LEVEL / READ ONLY ... as written
    stmts.erase(stmts.begin());
    stmts.pop_back();
    plan.wrapped = true;
  }
  for (const auto& st : stmts) {
    if (st.tx != sql::TxControl::none) {
      return at(st, path,
                "transaction control is only supported as one BEGIN ... COMMIT around the whole "
                "file: pgshift runs each migration in its own transaction (or use "
                "-- pgshift:no-transaction)");
    }
  }
  return Status::ok();
}

// The ladder from the configuration, with the file's directives taking precedence.
LadderConfig ladder_of(const DdlOptions& ddl, const core::Directives& d) {
  LadderConfig c = ladder_config(ddl);
  if (d.lock_timeout) {
    // The file asks for this wait explicitly: every attempt uses it.
    c.first_timeout = c.max_timeout = *d.lock_timeout;
  }
  if (d.retries) {
    c.retries = *d.retries;
  }
  return c;
}

// Attaches each `-- pgshift:batch` directive to the statement right below it. Errors: no
// statement below, a statement that is not a single-table UPDATE/DELETE, two directives for one
// statement.
Result<std::vector<std::optional<BatchStep>>> batch_steps(const std::vector<sql::Statement>& stmts,
                                                          const core::Section& section) {
  std::vector<std::optional<BatchStep>> out(stmts.size());
  for (const auto& inl : section.directives.inline_) {
    if (inl.name != "batch") {
      continue;
    }
    const core::Position where{inl.line, 1};
    std::size_t i = 0;
    while (i < stmts.size() && stmts[i].line <= inl.line) {
      ++i;
    }
    if (i == stmts.size()) {
      return core::input_error(section.path, where,
                               "-- pgshift:batch must stand directly above the UPDATE or DELETE "
                               "it batches, but no statement follows it");
    }
    const sql::Statement& st = stmts[i];
    if (!st.batch) {
      return core::input_error(
          section.path, where,
          fmt::format("-- pgshift:batch applies to an UPDATE or DELETE of "
                      "one table, not to {} (line {})",
                      st.effects.action.empty() ? st.node : st.effects.action, st.line));
    }
    if (!st.batch->unsupported.empty()) {
      return core::input_error(section.path, where,
                               fmt::format("-- pgshift:batch cannot batch the statement at line "
                                           "{}: {}",
                                           st.line, st.batch->unsupported));
    }
    if (out[i]) {
      return core::input_error(section.path, where,
                               fmt::format("a second -- pgshift:batch for the statement at line "
                                           "{} (the first is on line {})",
                                           st.line, out[i]->directive_line));
    }
    out[i] =
        BatchStep{*st.batch, inl.batch_size, inl.batch_sleep, inl.batch_sleep_fraction, inl.line};
  }
  return out;
}

}  // namespace

Result<Plan> make_plan(const core::MigrationSource& source, core::Direction direction,
                       const Options& options, const CancelToken* cancel) {
  const core::Section* section = source.section(direction);
  if (!section) {
    if (direction == core::Direction::down) {
      return Status::error(
          Code::invalid_input,
          fmt::format("migration {} \"{}\" has no down SQL ({}): write {} to "
                      "make it reversible",
                      source.version, source.name, source.path,
                      source.form == core::FileForm::single ? "a -- pgshift:down section"
                                                            : "its .down.sql file"));
    }
    return Status::error(
        Code::invalid_input,
        fmt::format("{}: an operations file has no SQL sections: its steps are planned from "
                    "its operations (pgshift plan {})",
                    source.path, source.version));
  }
  auto parsed = sql::parse_section(*section, sql::ParseOptions{.cancel = cancel});
  if (!parsed) {
    return parsed.status();
  }
  auto stmts = std::move(parsed).value();

  Plan plan;
  plan.version = source.version;
  plan.name = source.name;
  plan.path = section->path;
  plan.direction = direction;
  const auto& d = section->directives.file;
  plan.ladder = ladder_of(options.ddl, d);
  plan.lock_timeout_from_directive = d.lock_timeout.has_value();
  plan.statement_timeout =
      d.statement_timeout ? d.statement_timeout : options.ddl.statement_timeout;
  plan.statement_timeout_from_directive = d.statement_timeout.has_value();
  plan.preflight_threshold = options.ddl.preflight_threshold;
  plan.preflight_wait = options.ddl.preflight_wait;
  PGSHIFT_TRY(strip_wrapper(stmts, section->path, plan));

  auto batches = batch_steps(stmts, *section);
  if (!batches) {
    return batches.status();
  }
  const sql::Statement* outside = nullptr;
  const BatchStep* batched = nullptr;
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    if (stmts[i].needs_autocommit && !outside) {
      outside = &stmts[i];
    }
    if ((*batches)[i] && !batched) {
      batched = &*(*batches)[i];
    }
  }
  if (d.no_transaction) {
    plan.transactional = false;
    plan.mode_reason = "-- pgshift:no-transaction";
  } else if (batched) {
    // Each batch commits on its own: a transaction around them would hold every row lock
    // until the end, which is what batching avoids.
    plan.transactional = false;
    plan.mode_reason = fmt::format("-- pgshift:batch on line {}: each batch commits on its own",
                                   batched->directive_line);
  } else if (outside) {
    plan.transactional = false;
    plan.mode_reason =
        fmt::format("statement at line {} cannot run inside a transaction block", outside->line);
  } else {
    plan.mode_reason = plan.wrapped ? "the file's own BEGIN ... COMMIT" : "default";
  }
  if (plan.wrapped && !plan.transactional) {
    if (batched && !d.no_transaction) {
      return core::input_error(section->path, core::Position{batched->directive_line, 1},
                               "-- pgshift:batch commits each batch on its own, but the file "
                               "wraps itself in BEGIN ... COMMIT: remove the BEGIN and COMMIT");
    }
    const auto& st = outside ? *outside : stmts.front();
    return at(st, section->path,
              outside ? "this statement cannot run inside a transaction block, but the file "
                        "wraps itself in BEGIN ... COMMIT: move it to a migration of its own"
                      : "a -- pgshift:no-transaction file cannot wrap itself in BEGIN ... COMMIT");
  }

  int ordinal = 0;
  plan.steps.reserve(stmts.size());  // a seed file has 100,000s: no reallocation peak
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    auto& st = stmts[i];
    ++ordinal;
    Step step;
    step.id =
        fmt::format("{}_{}.{}.{}", source.version, source.name, direction_name(direction), ordinal);
    step.sql = std::move(st.text);
    step.path = section->path;
    step.line = st.line;
    step.column = st.column;
    step.checksum = std::move(st.checksum);
    step.effects = std::move(st.effects);
    step.concurrent_index = std::move(st.concurrent_index);
    step.batch = std::move((*batches)[i]);
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

}  // namespace pgshift::exec
