#include <fmt/format.h>

#include <map>

#include "cli/command.hpp"
#include "cli/render_backfill.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

namespace {

// The line about another tool's history, or its refusal as a warning.
void render_adoption(Runtime& rt, const AdoptionInfo& a) {
  if (!a.problem.empty()) {
    rt.out.event(Event{"adopt_refused", Level::warning, "cannot adopt: " + a.problem, {}});
    return;
  }
  const char* s = a.migrations == 1 ? "" : "s";
  if (a.recorded) {
    rt.out.text(fmt::format("adopted {} migration{} from {} history {} through version {} at {}",
                            a.migrations, s, a.tool, a.table, a.through, a.at));
    return;
  }
  rt.out.text(
      fmt::format("{} history {} is at version {}: its {} migration{} show as applied, "
                  "and pgshift up (or pgshift adopt) records them in pgshift's history",
                  a.tool, a.table, a.through, a.migrations, s));
}

nlohmann::json adoption_json(const AdoptionInfo& a) {
  return {{"tool", a.tool},         {"table", a.table},
          {"through", a.through},   {"migrations", a.migrations},
          {"recorded", a.recorded}, {"at", a.at},
          {"problem", a.problem}};
}

const char* colour_of(MigrationState state) {
  if (state == MigrationState::applied || state == MigrationState::baseline) {
    return "green";
  }
  if (state == MigrationState::pending) {
    return "yellow";
  }
  return "red";
}

}  // namespace

RunFn setup_status(CLI::App& sub) {
  sub.footer(R"(
Lists every migration found in files or history with its state:
  applied   recorded and unchanged       pending   not run yet
  changed   edited after it was applied  missing   recorded, but no file
  partial   a non-transactional file that stopped part-way (up resumes it)
  failed    recorded as failed (fix, then pgshift repair)
  baseline  at or below the baseline version, never run by pgshift
Then the backfills that are running, paused or interrupted (see pgshift backfill status).
While pgshift's history records nothing and another tool's does (golang-migrate, goose, dbmate,
Flyway, sql-migrate, node-pg-migrate), a line names that tool and its version, and the
migrations it applied show as applied: pgshift up (or pgshift adopt) records them.
Read-only: takes no lock and creates nothing.)");
  return [](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.status();
    if (!report) {
      return fail(rt, report.status());
    }
    std::map<std::string, int> counts;
    rt.out.text(fmt::format("database \"{}\", history schema \"{}\"{}", report->database,
                            report->history_schema,
                            report->history_installed ? "" : " (not created yet)"));
    rt.out.text(fmt::format("migrations \"{}\", layout {}", rt.options.dir, report->layout));
    if (report->adoption) {
      render_adoption(rt, *report->adoption);
    }
    if (!report->migrations.empty()) {
      rt.out.text(fmt::format("{:<16} {:<32} {:<9} {}", "VERSION", "NAME", "STATE", "APPLIED"));
    }
    for (const auto& mi : report->migrations) {
      const std::string state = to_string(mi.state);
      counts[state]++;
      std::string when = mi.applied_at.empty() ? "" : mi.applied_at;
      const bool partial = mi.state == MigrationState::partial;
      if (partial && mi.form == MigrationForm::operations) {
        when = mi.detail;
      } else if (partial) {
        when = fmt::format("{} of {} statements done", mi.statements_done, mi.statements_total);
      }
      rt.out.text(fmt::format("{:<16} {:<32} {} {}", mi.version, mi.name,
                              rt.out.paint(fmt::format("{:<9}", state), colour_of(mi.state)),
                              when));
      if (!mi.detail.empty() && !partial && mi.state != MigrationState::baseline) {
        rt.out.text("    " + mi.detail);
      }
      rt.out.json({{"event", "migration"},
                   {"version", mi.version},
                   {"name", mi.name},
                   {"state", state},
                   {"form", to_string(mi.form)},
                   {"path", mi.path},
                   {"detail", mi.detail},
                   {"applied_at", mi.applied_at},
                   {"duration_ms", mi.duration_ms},
                   {"applied_by", mi.applied_by},
                   {"statements_done", mi.statements_done},
                   {"statements_total", mi.statements_total},
                   {"has_down", mi.has_down}});
    }
    std::string summary;
    nlohmann::json j = {{"event", "summary"},
                        {"database", report->database},
                        {"history_schema", report->history_schema},
                        {"history_installed", report->history_installed},
                        {"dir", rt.options.dir},
                        {"layout", report->layout},
                        {"total", report->migrations.size()}};
    for (const auto& [state, n] : counts) {
      summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", n, state);
      j[state] = n;
    }
    rt.out.text(summary.empty() ? "no migrations" : summary);
    if (!report->backfills.empty()) {
      rt.out.text("");
      render_backfills(rt, report->backfills);
    }
    j["backfills"] = report->backfills.size();
    if (report->adoption) {
      j["adoption"] = adoption_json(*report->adoption);
    }
    rt.out.json(j);
    return 0;
  };
}

}  // namespace pgshift::cli
