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
  LadderConfig c;
  c.first_timeout = ddl.lock_timeout;
  c.max_timeout = ddl.lock_timeout_max;
  c.first_sleep = ddl.retry_sleep;
  c.max_sleep = ddl.retry_sleep_max;
  c.retries = ddl.retries;
  if (d.lock_timeout) {
    // The file asks for this wait explicitly: every attempt uses it.
    c.first_timeout = c.max_timeout = *d.lock_timeout;
  }
  if (d.retries) {
    c.retries = *d.retries;
  }
  return c;
}

}  // namespace

Result<Plan> make_plan(const core::MigrationSource& source, core::Direction direction,
                       const Options& options) {
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
        fmt::format("{}: operations migrations are not run by this pgshift yet", source.path));
  }
  auto parsed = sql::parse_section(*section);
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

  const sql::Statement* outside = nullptr;
  for (const auto& st : stmts) {
    if (st.needs_autocommit) {
      outside = &st;
      break;
    }
  }
  if (d.no_transaction) {
    plan.transactional = false;
    plan.mode_reason = "-- pgshift:no-transaction";
  } else if (outside) {
    plan.transactional = false;
    plan.mode_reason =
        fmt::format("statement at line {} cannot run inside a transaction block", outside->line);
  } else {
    plan.mode_reason = plan.wrapped ? "the file's own BEGIN ... COMMIT" : "default";
  }
  if (plan.wrapped && !plan.transactional) {
    const auto& st = outside ? *outside : stmts.front();
    return at(st, section->path,
              outside ? "this statement cannot run inside a transaction block, but the file "
                        "wraps itself in BEGIN ... COMMIT: move it to a migration of its own"
                      : "a -- pgshift:no-transaction file cannot wrap itself in BEGIN ... COMMIT");
  }

  int ordinal = 0;
  for (auto& st : stmts) {
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
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

}  // namespace pgshift::exec
