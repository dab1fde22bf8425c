#include "cli/command.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_adopt(CLI::App& sub) {
  auto dry_run = std::make_shared<bool>(false);
  sub.add_flag("--dry-run", *dry_run, "say what would be adopted; change nothing");
  sub.footer(R"(
Records the migrations another tool applied (golang-migrate, goose, dbmate, Flyway, sql-migrate,
node-pg-migrate) in pgshift's history, with the checksums of today's files and an audit event,
without running any SQL. The other tool's table is only read. pgshift up does the same by itself
when pgshift's history records nothing yet; adopt lets you look at the result before applying.
A dirty golang-migrate version, a failed Flyway row, a recorded version without a file, or a
history table with unexpected columns refuse it (exit 5). Does nothing when pgshift's history
already records migrations. The tool and its table are found automatically; --adopt-from and
--adopt-table (or [adopt] in pgshift.toml) choose them.

Examples:
  pgshift adopt --dry-run            what would be recorded
  pgshift adopt && pgshift status    adopt, then look
  pgshift adopt --adopt-table migrate.schema_migrations)");
  return [dry_run](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.adopt(*dry_run);
    if (!report) {
      return fail(rt, report.status());
    }
    rt.out.json({{"event", "summary"}, {"dry_run", report->dry_run}, {"adopted", report->adopted}});
    return 0;
  };
}

}  // namespace pgshift::cli
