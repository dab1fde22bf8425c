// Migrator::up: select what runs, check everything that can refuse it, then execute it in
// version order under the runner lock (runner/up_run.hpp). Adopting another tool's history, SQL
// migrations and operations migrations are all changes behind one interface (runner/change.hpp).
#include "pgshift/migrator.hpp"
#include "runner/select.hpp"
#include "runner/up_run.hpp"

namespace pgshift {

Result<RunReport> Migrator::up(const UpOptions& opts) {
  PGSHIFT_TRY(runner::check_version_flag(opts.to, "--to"));
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap, runner::take_snapshot(
                     m_options, opts.dry_run ? runner::Access::read_only : runner::Access::write,
                     m_sink, m_cancel));
  // Select: what pgshift's history (with another tool's, adopted) leaves to run.
  auto todo = runner::select_for_up(snap, opts, m_sink);
  if (!todo) {
    return todo.status();
  }
  runner::UpRun run = runner::make_run(snap, std::move(todo).value(), opts.dry_run);
  // Check: every refusal before anything runs.
  PGSHIFT_TRY(runner::check_run(run, snap, m_options, opts, m_sink, m_cancel));
  if (opts.dry_run) {
    return std::move(run.report);
  }
  // Execute.
  PGSHIFT_TRY(runner::execute_run(run, snap, m_options, opts, m_sink, m_cancel));
  return std::move(run.report);
}

}  // namespace pgshift
