#include "cli/command.hpp"
#include "cli/render_plan.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_down(CLI::App& sub) {
  auto opts = std::make_shared<DownOptions>();
  sub.add_option("--to", opts->to, "revert every applied migration newer than this version");
  sub.add_option("--steps", opts->steps, "revert the newest N applied migrations (default 1)")
      ->check(decimal());
  sub.add_flag("--all", opts->all, "revert every applied migration");
  sub.add_flag("--dry-run", opts->dry_run, "print what would run; change nothing");
  sub.footer(R"(
Reverts applied migrations, newest first, each with its down SQL in its own transaction, and
removes their history rows. Without --to/--steps/--all it reverts the newest one. Every migration
to revert must have down SQL that parses, checked before the first one runs (exit 2 otherwise).

Examples:
  pgshift down                 revert the newest migration
  pgshift down --steps 3
  pgshift down --to 0002       keep 0002 and older
  pgshift down --all --dry-run)");
  return [opts](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.down(*opts);
    if (!report) {
      return fail(rt, report.status());
    }
    render_run(rt.out, *report, "revert");
    return 0;
  };
}

}  // namespace pgshift::cli
