#include "cli/render_plan.hpp"

#include <fmt/format.h>

namespace pgshift::cli {

namespace {

std::string one_line(const std::string& sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  if (out.size() > 100) {
    out = out.substr(0, 97) + "...";
  }
  return out;
}

}  // namespace

void render_run(Output& out, const RunReport& report, const char* verb) {
  if (report.dry_run) {
    for (const auto& p : report.plans) {
      nlohmann::json steps = nlohmann::json::array();
      for (const auto& s : p.steps) {
        steps.push_back({{"id", s.id}, {"location", s.location}, {"sql", s.sql}});
      }
      out.json({{"event", "plan"},
                {"version", p.version},
                {"name", p.name},
                {"direction", p.direction},
                {"transactional", p.transactional},
                {"mode_reason", p.mode_reason},
                {"resume_from", p.resume_from},
                {"steps", steps}});
      out.text(fmt::format(
          "would {} {} {} ({}{})", verb, p.version, p.name,
          p.transactional ? "one transaction" : "autocommit, statement by statement",
          p.resume_from > 0 ? fmt::format(", resuming at statement {}", p.resume_from + 1) : ""));
      for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const auto& s = p.steps[i];
        bool done = static_cast<int>(i) < p.resume_from;
        out.text(fmt::format("  {}{:<28} {}  {}", done ? "(done) " : "", s.id, s.location,
                             one_line(s.sql)));
      }
    }
  }
  const int n = report.dry_run ? static_cast<int>(report.plans.size()) : report.done;
  out.json({{"event", "summary"},
            {"dry_run", report.dry_run},
            {"direction", std::string(verb) == "apply" ? "up" : "down"},
            {"migrations", n}});
  if (n == 0) {
    out.text(std::string(verb) == "apply" ? "database is up to date" : "nothing to revert");
  } else {
    out.text(fmt::format("{} {} migration{}",
                         report.dry_run                 ? std::string("would ") + verb
                         : std::string(verb) == "apply" ? "applied"
                                                        : "reverted",
                         n, n == 1 ? "" : "s"));
  }
}

}  // namespace pgshift::cli
