#include "cli/render_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/excerpt.hpp"

namespace pgshift::cli {

namespace {

// "blocks reads and writes, rewrites the table" ... for the step's second line.
std::string hazards(const StepView& s) {
  std::string out;
  auto add = [&out](const std::string& h) { out += (out.empty() ? "" : ", ") + h; };
  if (s.blocks_reads) {
    add("blocks reads and writes");
  } else if (s.blocks_writes) {
    add("blocks writes");
  }
  if (!s.batch.empty()) {
    add(s.batch);
  }
  if (s.rewrites) {
    add("rewrites the table");
  } else if (s.scans) {
    add("scans the table");
  }
  add("lock_timeout " + s.lock_timeout);
  if (s.statement_timeout != "none") {
    add("statement_timeout " + s.statement_timeout);
  }
  return out;
}

// How a unit of an as-written file runs: "one transaction, BEGIN ... COMMIT on lines 2-5".
std::string unit_text(const UnitView& u) {
  if (!u.transaction) {
    return "one statement alone in autocommit";
  }
  if (u.begin_line == 0) {
    return "one statement in a transaction of its own";
  }
  return fmt::format("one transaction, {} ... COMMIT on lines {}-{}", u.begin, u.begin_line,
                     u.commit_line);
}

// "one transaction", "autocommit, statement by statement" or "as written, unit by unit".
const char* mode_text(const PlanView& p) {
  return p.mode == "as_written" ? "as written, unit by unit"
         : p.transactional      ? "one transaction"
                                : "autocommit, statement by statement";
}

const char* attempts_text(const PlanView& p) {
  return p.mode == "as_written" ? "per unit"
         : p.transactional      ? "of the transaction"
                                : "per statement";
}

}  // namespace

void render_plan(Output& out, const PlanView& p, const char* verb) {
  // Built only for --json: as a JSON tree, the plan of a seed file of 500,000 INSERTs took
  // gigabytes that text output never needed.
  if (out.json_mode()) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : p.steps) {
      steps.push_back({{"id", s.id},
                       {"location", s.location},
                       {"sql", s.sql},
                       {"action", s.action},
                       {"lock", s.lock},
                       {"blocks_reads", s.blocks_reads},
                       {"blocks_writes", s.blocks_writes},
                       {"rewrites", s.rewrites},
                       {"scans", s.scans},
                       {"lock_timeout", s.lock_timeout},
                       {"statement_timeout", s.statement_timeout},
                       {"batch", s.batch}});
    }
    nlohmann::json units = nlohmann::json::array();
    for (const auto& u : p.units) {
      units.push_back({{"first", u.first},
                       {"count", u.count},
                       {"transaction", u.transaction},
                       {"begin", u.begin},
                       {"begin_line", u.begin_line},
                       {"commit_line", u.commit_line}});
    }
    out.json({{"event", "plan"},
              {"version", p.version},
              {"name", p.name},
              {"direction", p.direction},
              {"transactional", p.transactional},
              {"mode", p.mode},
              {"mode_reason", p.mode_reason},
              {"resume_from", p.resume_from},
              {"attempts", p.attempts},
              {"units", units},
              {"steps", steps}});
  }
  out.text(fmt::format("would {} {} {} ({}{}; up to {} attempt{} {})", verb, p.version, p.name,
                       mode_text(p), p.mode_reason == "default" ? "" : ": " + p.mode_reason,
                       p.attempts, p.attempts == 1 ? "" : "s", attempts_text(p)));
  if (p.resume_from > 0) {
    out.text(fmt::format("  resuming at statement {}", p.resume_from + 1));
  }
  // An as-written file's units are its own blocks: each is named above its steps.
  const bool by_unit = p.mode == "as_written";
  const std::string indent = by_unit ? "    " : "  ";
  std::size_t unit = 0;
  // An operations migration's steps are generated: what each does says more than its SQL.
  const bool generated = p.direction != "up" && p.direction != "down";
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    if (by_unit) {
      while (unit < p.units.size() &&
             (p.units[unit].count == 0 ||
              p.units[unit].first + p.units[unit].count <= static_cast<int>(i))) {
        ++unit;
      }
      if (unit < p.units.size() && p.units[unit].first == static_cast<int>(i)) {
        out.text(
            fmt::format("  unit {} of {}: {}", unit + 1, p.units.size(), unit_text(p.units[unit])));
      }
    }
    const auto& s = p.steps[i];
    bool done = static_cast<int>(i) < p.resume_from;
    out.text(fmt::format("{}{}{}  {}  {}", indent, done ? "(done) " : "", s.id,
                         generated ? s.action : s.location, core::excerpt(s.sql, 97)));
    out.text(fmt::format("{}    {}{}", indent, s.lock.empty() ? "no table lock" : s.lock,
                         ": " + hazards(s)));
  }
}

void render_run(Output& out, const RunReport& report, const char* verb) {
  if (report.dry_run) {
    for (const auto& p : report.plans) {
      const char* v = p.direction == "down"       ? "revert"
                      : p.direction == "expand"   ? "expand"
                      : p.direction == "contract" ? "complete"
                      : p.direction == "rollback" ? "roll back"
                                                  : verb;
      render_plan(out, p, v);
    }
  }
  int n = report.done;
  if (report.dry_run) {  // distinct migrations: `plan V` shows one migration's up and down
    std::set<std::string> versions;
    for (const auto& p : report.plans) {
      versions.insert(p.version);
    }
    n = static_cast<int>(versions.size());
  }
  // Operations migrations are expanded, not applied.
  const bool operations = !report.plans.empty() &&
                          std::all_of(report.plans.begin(), report.plans.end(), [](const auto& p) {
                            return p.direction != "up" && p.direction != "down";
                          });
  if (operations) {
    verb = "expand";
  }
  nlohmann::json summary{{"event", "summary"},
                         {"dry_run", report.dry_run},
                         {"direction", std::string(verb) == "revert" ? "down" : "up"},
                         {"migrations", n}};
  if (std::string(verb) != "revert") {
    summary["adopted"] = report.adopted;  // from another tool's history (up, plan)
  }
  out.json(summary);
  if (n == 0) {
    out.text(std::string(verb) == "apply" ? "database is up to date" : "nothing to revert");
  } else {
    out.text(fmt::format("{} {} migration{}",
                         report.dry_run                  ? std::string("would ") + verb
                         : std::string(verb) == "revert" ? "reverted"
                                                         : "applied",
                         n, n == 1 ? "" : "s"));
  }
}

void render_phase(Output& out, const RunReport& report, const char* done) {
  if (report.dry_run) {
    for (const auto& p : report.plans) {
      render_plan(out, p, p.direction == "contract" ? "complete" : "roll back");
    }
  }
  const int n = report.dry_run ? static_cast<int>(report.plans.size()) : report.done;
  out.json({{"event", "summary"},
            {"dry_run", report.dry_run},
            {"phase", std::string(done)},
            {"migrations", n}});
  out.text(fmt::format("{}{} {} migration{}", report.dry_run ? "would have " : "", done, n,
                       n == 1 ? "" : "s"));
}

}  // namespace pgshift::cli
