// Migrator::baseline: adopt a database whose schema was built some other way. Files at or
// below the version are recorded as applied (with their checksums, so later edits are still
// caught) without running their SQL; the baseline version is remembered so files below it
// that appear later are not run either.
#include <fmt/format.h>

#include "core/version.hpp"
#include "db/transaction.hpp"
#include "pgshift/migrator.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

Result<RunReport> Migrator::baseline(const std::string& version) {
  if (!core::is_version(version)) {
    return Status::error(
        Code::invalid_input,
        fmt::format(
            "baseline: \"{}\" is not a version (digits, or numbers separated by dots such as 1.10)",
            version));
  }
  const std::string v = core::canonical_version(version);
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap, runner::take_snapshot(m_options, runner::Access::write, m_sink, m_cancel));
  PGSHIFT_TRY(runner::check_adopted(snap, "a baseline"));
  if (snap.baseline) {
    return Status::error(Code::drift,
                         fmt::format("history in \"{}\" is already baselined at version {}",
                                     m_options.history_schema, *snap.baseline));
  }
  if (!snap.rows.empty()) {
    return Status::error(
        Code::drift,
        fmt::format("history in \"{}\" already records {} migration{}: baseline "
                    "is for a database pgshift has never migrated",
                    m_options.history_schema, snap.rows.size(), snap.rows.size() == 1 ? "" : "s"));
  }
  auto& session = *snap.conn.session;
  auto& store = *snap.conn.store;
  PGSHIFT_TRY(store.install_or_upgrade());  // created only once the checks above passed
  RunReport report;
  PGSHIFT_ASSIGN_OR_RETURN(auto tx, db::Transaction::begin(session));
  for (const auto& f : snap.files) {
    if (core::compare_versions(f.source.version, v) > 0) {
      continue;
    }
    history::MigrationRow row;
    row.version = f.source.version;
    row.name = f.source.name;
    row.kind = f.kind;
    row.checksum_mode = runner::mode_name(m_options.checksum_mode);
    row.checksum_up = f.checksum_up(m_options.checksum_mode);
    row.checksum_down = f.checksum_down(m_options.checksum_mode);
    row.baseline = true;
    PGSHIFT_TRY(store.save(row, history::EventRow{"baseline", row.version, row.name, "ok",
                                                  "recorded without running its SQL", "", "", ""}));
    ++report.done;
  }
  PGSHIFT_TRY(store.set_baseline_version(v));
  PGSHIFT_TRY(store.record_event(history::EventRow{
      "baseline", v, "", "ok", fmt::format("baseline at version {}", v), "", "", ""}));
  PGSHIFT_TRY(tx.commit());
  runner::emit(m_sink, Event{"baseline",
                             Level::info,
                             fmt::format("baselined at version {} ({} migration file{} recorded "
                                         "as applied without running)",
                                         v, report.done, report.done == 1 ? "" : "s"),
                             {}}
                           .with("version", v)
                           .with("recorded", static_cast<std::int64_t>(report.done)));
  return report;
}

}  // namespace pgshift
