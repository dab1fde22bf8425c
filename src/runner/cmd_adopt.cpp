// Migrator::adopt: record another tool's history in pgshift's, without running any migration
// (up does the same first, then applies what is new).
#include <fmt/format.h>

#include "adopt/registry.hpp"
#include "core/quote.hpp"
#include "pgshift/migrator.hpp"
#include "runner/up_run.hpp"

namespace pgshift {

namespace {

// Why there is nothing to adopt, for the "nothing_to_adopt" event.
std::string nothing_to_adopt(const runner::Snapshot& snap, const Options& options) {
  if (snap.adopted) {
    return fmt::format("nothing to adopt: {} history {} was adopted through version {} at {}",
                       snap.adopted->tool, snap.adopted->table, snap.adopted->through,
                       snap.adopted->at);
  }
  if (!runner::pgshift_is_empty(snap.rows, snap.baseline, snap.adopted)) {
    return fmt::format("nothing to adopt: pgshift's history in \"{}\" already records migrations",
                       options.history_schema);
  }
  if (options.adopt.from == "none") {
    return fmt::format("nothing to adopt: adoption is off ({} is \"none\")",
                       options.adopt.from_origin);
  }
  std::string looked;
  for (const adopt::Reader* r : adopt::all_readers()) {
    if (options.adopt.from == "auto" || options.adopt.from == r->tool) {
      looked += fmt::format(
          "{}{} {}", looked.empty() ? "" : ", ", r->tool,
          core::quote_ident(options.adopt.table.empty() ? r->default_table : options.adopt.table));
    }
  }
  return "nothing to adopt: no other tool's history records a migration (looked for " + looked +
         ")";
}

}  // namespace

Result<RunReport> Migrator::adopt(bool dry_run) {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap,
      runner::take_snapshot(m_options, dry_run ? runner::Access::read_only : runner::Access::write,
                            m_sink, m_cancel));
  PGSHIFT_TRY(snap.adoption_error);
  if (!snap.adoption) {
    runner::emit(m_sink,
                 Event{"nothing_to_adopt", Level::info, nothing_to_adopt(snap, m_options), {}});
    RunReport none;
    none.dry_run = dry_run;
    return none;
  }
  UpOptions opts;
  opts.dry_run = dry_run;
  runner::UpRun run = runner::make_run(snap, {}, dry_run);
  PGSHIFT_TRY(runner::check_run(run, snap, m_options, opts, m_sink, m_cancel));
  if (!dry_run) {
    PGSHIFT_TRY(runner::execute_run(run, snap, m_options, opts, m_sink, m_cancel));
  }
  return std::move(run.report);
}

}  // namespace pgshift
