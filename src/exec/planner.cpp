#include <fmt/format.h>

#include "core/duration.hpp"
#include "core/excerpt.hpp"
#include "core/position.hpp"
#include "exec/plan.hpp"
#include "sql/fragment.hpp"
#include "sql/parse.hpp"
#include "sql/units.hpp"

namespace pgshift::exec {

std::string Step::location() const {
  return fmt::format("{}:{}:{}", path, line, column);
}

std::string Step::brief() const {
  return core::excerpt(sql, 57);
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

// What the file's transaction control and directives ask for that pgshift cannot run as
// written (sql::transaction_units), as an input error at its position.
Status refuse(const sql::TxProblem& p, const std::vector<sql::Statement>& stmts,
              const std::string& path) {
  const sql::Statement& st = stmts[p.statement];
  const core::Position where = p.directive_line != 0 ? core::Position{p.directive_line, 1}
                                                     : core::Position{st.line, st.column};
  return core::input_error(path, where, p.message + ": " + p.help);
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

// The batches splice the statement's SET list and WHERE into their own SQL: each must be one
// SET list or condition on its own ("its WHERE must be a single expression, without \";\"").
Status spliceable_parts(const sql::BatchTarget& t) {
  if (!t.remove) {
    if (Status ok = sql::check_fragment(sql::Fragment::assignments, t.set_sql); !ok) {
      return Status::error(Code::invalid_input, "its SET list " + ok.message());
    }
  }
  if (!t.where_sql.empty()) {
    if (Status ok = sql::check_fragment(sql::Fragment::condition, t.where_sql); !ok) {
      return Status::error(Code::invalid_input, "its WHERE " + ok.message());
    }
  }
  return Status::ok();
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
    const std::optional<std::size_t> below = sql::statement_below(stmts, inl.line);
    if (!below) {
      return core::input_error(section.path, where,
                               "-- pgshift:batch must stand directly above the UPDATE or DELETE "
                               "it batches, but no statement follows it");
    }
    const std::size_t i = *below;
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
    if (Status ok = spliceable_parts(*st.batch); !ok) {
      return core::input_error(section.path, where,
                               fmt::format("-- pgshift:batch cannot batch the statement at line "
                                           "{}: {}",
                                           st.line, ok.message()));
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

std::string resume_refusal(const Plan& plan, std::size_t done) {
  for (const Unit& u : plan.units) {
    if (u.first < done && done < u.end()) {
      return fmt::format(
          "migration {} \"{}\" stopped after statement {}, but statements {} to {} now commit "
          "together{}: restore the file's BEGIN and COMMIT as they were when it stopped",
          plan.version, plan.name, done, u.first + 1, u.end(),
          u.begin_line != 0
              ? fmt::format(" (the BEGIN ... COMMIT on lines {}-{})", u.begin_line, u.commit_line)
              : "");
    }
  }
  return "";
}

Result<Plan> make_plan(const core::MigrationSource& source, core::Direction direction,
                       const Options& options, const CancelToken* cancel) {
  const core::Section* section = source.section(direction);
  if (!section) {
    if (direction == core::Direction::down) {
      return Status::error(Code::invalid_input,
                           fmt::format("migration {} \"{}\" has no down SQL ({}): write {} to "
                                       "make it reversible",
                                       source.version, source.name, source.path,
                                       source.down_hint.empty() ? "down SQL" : source.down_hint));
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
  PGSHIFT_ASSIGN_OR_RETURN(auto batches, batch_steps(stmts, *section));
  const sql::TxLayout layout = sql::transaction_units(stmts, section->directives);
  if (!layout.problems.empty()) {
    return refuse(layout.problems.front(), stmts, section->path);
  }
  plan.transactional = layout.mode == sql::TxMode::transaction;
  plan.as_written = layout.mode == sql::TxMode::as_written;
  plan.mode_reason = layout.reason;

  // Steps: the statements that run, in order (the file's BEGIN and COMMIT are not steps).
  std::vector<std::size_t> step_of(stmts.size(), 0);
  plan.steps.reserve(stmts.size());  // a seed file has 100,000s: no reallocation peak
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    if (layout.unit_of[i] < 0) {
      continue;
    }
    auto& st = stmts[i];
    step_of[i] = plan.steps.size();
    Step step;
    step.id = fmt::format("{}_{}.{}.{}", source.version, source.name, direction_name(direction),
                          plan.steps.size() + 1);
    step.sql = std::move(st.text);
    step.path = section->path;
    step.line = st.line;
    step.column = st.column;
    step.node = st.node;
    step.checksum = std::move(st.checksum);
    step.effects = std::move(st.effects);
    if (st.concurrent_index) {
      step.concurrent_index = *st.concurrent_index;
    }
    step.batch = std::move(batches[i]);
    plan.steps.push_back(std::move(step));
  }
  for (const sql::TxUnit& u : layout.units) {
    Unit unit;
    unit.first = u.statements.empty() ? plan.steps.size() : step_of[u.statements.front()];
    unit.count = u.statements.size();
    unit.transaction = u.transaction;
    if (u.begin) {
      unit.begin_sql = stmts[*u.begin].text;  // keeps ISOLATION LEVEL / READ ONLY ... as written
      unit.begin_line = stmts[*u.begin].line;
    }
    if (u.commit) {
      unit.commit_line = stmts[*u.commit].line;
    }
    plan.units.push_back(std::move(unit));
  }
  if (plan.transactional) {
    plan.wrapped = plan.units.front().begin_line != 0;
    plan.begin_sql = plan.units.front().begin_sql;
  }
  return plan;
}

}  // namespace pgshift::exec
