#include "cli/command.hpp"
#include "cli/render_plan.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

namespace {

// complete and rollback share their options and their report.
RunFn setup_phase(CLI::App& sub, bool completing) {
  auto opts = std::make_shared<PhaseOptions>();
  sub.add_option("VERSION", opts->version,
                 completing ? "complete this expanded migration (and older expanded ones first)"
                            : "roll back this expanded migration (it must be the newest)");
  sub.add_flag("--dry-run", opts->dry_run, "print the steps; change nothing");
  if (completing) {
    sub.footer(R"(
Runs the contract phase of expanded operations migrations, oldest first: the old shape goes
(old columns, dual-write triggers, temporary names, older version schemas), deferred NOT NULLs
are set, renames happen. Run it once every client uses the new version (its search_path names
the new version schema, or it sets pgshift.version). Each step is idempotent: after a crash or
SIGTERM (exit 130), run it again.

Examples:
  pgshift complete            complete every expanded migration
  pgshift complete 12         complete 12 (and older expanded ones first)
  pgshift complete --dry-run  show the steps and their locks)");
  } else {
    sub.footer(R"(
Undoes the expand phase of the newest expanded operations migration (or of one whose expand
stopped part-way): drops every column, trigger, constraint, index, view and schema the expand
created. The old shape is exactly as before; rows either version wrote are kept in the old
shape. Each step is idempotent: after a crash, run it again.

Examples:
  pgshift rollback            roll back the newest expanded migration
  pgshift rollback 12 --dry-run)");
  }
  return [opts, completing](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = completing ? m.complete(*opts) : m.rollback(*opts);
    if (!report) {
      return fail(rt, report.status());
    }
    render_phase(rt.out, *report, completing ? "completed" : "rolled back");
    return 0;
  };
}

}  // namespace

RunFn setup_complete(CLI::App& sub) {
  return setup_phase(sub, true);
}

RunFn setup_rollback(CLI::App& sub) {
  return setup_phase(sub, false);
}

}  // namespace pgshift::cli
