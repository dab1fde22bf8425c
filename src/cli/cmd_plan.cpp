#include "cli/command.hpp"
#include "cli/render_plan.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_plan(CLI::App& sub) {
  auto opts = std::make_shared<PlanOptions>();
  sub.add_option("version", opts->version,
                 "one migration: its up and down plans, from its file alone (no database)");
  sub.add_flag("--offline", opts->offline,
               "plan every migration file without reading history (no database)");
  sub.footer(R"(
Prints what up would run, changing nothing: for each migration whether it runs in one
transaction or statement by statement (and why), and for each statement the lock it takes and
on which table, whether that lock blocks reads or writes, whether the statement rewrites or scans
the table, and the lock_timeout / statement_timeout it will run with. Without arguments it plans
exactly what `up` would run now (pending and partial migrations), which needs the database.

Examples:
  pgshift plan                      what up would run now
  pgshift plan 20261121093000       one migration, up and down, offline
  pgshift plan --offline --json     every file, as JSON, e.g. for a review bot)");
  return [opts](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.plan(*opts);
    if (!report) {
      return fail(rt, report.status());
    }
    render_run(rt.out, *report, "apply");
    return 0;
  };
}

}  // namespace pgshift::cli
