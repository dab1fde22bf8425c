#include "cli/command.hpp"
#include "cli/render_plan.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_up(CLI::App& sub) {
  auto opts = std::make_shared<UpOptions>();
  sub.add_option("--to", opts->to, "apply pending migrations up to and including this version");
  sub.add_flag("--dry-run", opts->dry_run,
               "print what would run (statements, transaction boundaries); change nothing");
  sub.add_flag("--out-of-order", opts->out_of_order,
               "also apply pending migrations older than the newest applied one");
  sub.add_flag("--allow-unsafe", opts->allow_unsafe,
               "run even when the linter finds error-level hazards (recorded in the audit log)");
  sub.add_flag("--complete", opts->complete,
               "operations migrations: run the contract phase right after expand (development)");
  sub.footer(R"(
Applies every pending migration in version order, each in its own transaction (or statement by
statement for files that cannot run in one), recording each in the history schema. Every pending
file is parsed first: one bad file stops the run before anything runs (exit 2). Edited applied
files refuse the run (exit 5; see pgshift repair). The pending files are then linted with the
database's facts (table sizes): error-level hazards refuse the run before anything runs (exit 3)
unless --allow-unsafe; a hazard on a small table, or on one an earlier pending file creates,
is a warning. Concurrent runs wait for each other on an
advisory lock (--lock-wait, exit 4 when it is not acquired in time). SIGINT/SIGTERM roll back
the running migration and exit 130; running up again continues.

Operations files (.toml) are checked against the catalog before anything runs, then expanded:
the new shape is made next to the old one and published as a version schema of views, so old
and new application versions work side by side. `pgshift complete` later removes the old shape
(or --complete does it at once); `pgshift rollback` undoes the expand.

Examples:
  pgshift up                         apply everything pending
  pgshift up --to 20261121093000     stop after that version
  pgshift up --dry-run               show the plan only
  pgshift up --json --lock-wait 5min in a deploy pipeline
  pgshift up --complete              expand and complete operations files at once (development))");
  return [opts](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.up(*opts);
    if (!report) {
      return fail(rt, report.status());
    }
    render_run(rt.out, *report, "apply");
    return 0;
  };
}

}  // namespace pgshift::cli
