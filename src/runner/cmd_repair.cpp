// Migrator::repair: the operator's explicit "the files are right": accept edited checksums,
// accept edited done statements of partial files, clear failed rows. One transaction; one
// audit event per change, naming the old and new checksums.
#include <fmt/format.h>

#include "db/transaction.hpp"
#include "pgshift/migrator.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

using runner::State;

namespace {

std::string short_sum(const std::string& s) {
  return s.empty() ? "(none)" : s.substr(0, 12);
}

}  // namespace

Result<RunReport> Migrator::repair() {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap, runner::take_snapshot(m_options, runner::Access::write, m_sink, m_cancel));
  PGSHIFT_TRY(runner::check_adopted(snap, "repairing history"));
  auto& session = *snap.conn.session;
  auto& store = *snap.conn.store;
  const ChecksumMode mode = m_options.checksum_mode;
  PGSHIFT_TRY(store.install_or_upgrade());  // see runner::Access::write
  RunReport report;
  PGSHIFT_ASSIGN_OR_RETURN(auto tx, db::Transaction::begin(session));
  auto changed = [&](const runner::Entry& e, const std::string& what) {
    ++report.done;
    runner::emit(m_sink, Event{"repaired",
                               Level::info,
                               fmt::format("migration {} \"{}\": {}", e.version, e.name, what),
                               {}}
                             .with("version", e.version)
                             .with("name", e.name));
    return history::EventRow{"repair", e.version, e.name, "ok", what, "", "", ""};
  };
  for (const auto& e : snap.entries) {
    if (!e.row) {
      continue;
    }
    if (e.state == State::failed) {
      PGSHIFT_TRY(store.remove(e.version, changed(e, "cleared failed state (" + e.detail + ")")));
      continue;
    }
    if (!e.file) {
      continue;  // missing files are reported by status/validate; repair never guesses
    }
    history::MigrationRow row = *e.row;
    bool edit = false;
    std::string what;
    if (e.state == State::changed || e.down_changed ||
        row.checksum_mode != runner::mode_name(mode)) {
      std::string up = e.file->checksum_up(mode);
      std::string down = e.file->checksum_down(mode);
      what = fmt::format("accepted checksums up {} -> {}, down {} -> {} ({})",
                         short_sum(row.checksum_up), short_sum(up), short_sum(row.checksum_down),
                         short_sum(down), runner::mode_name(mode));
      row.checksum_up = up;
      row.checksum_down = down;
      row.checksum_mode = runner::mode_name(mode);
      edit = true;
    }
    if (e.state == State::partial && !e.edited_statements.empty() && e.file->up) {
      const auto& steps = e.file->up->steps;
      row.statement_checksums.clear();
      for (int i = 0; i < row.statements_done && i < static_cast<int>(steps.size()); ++i) {
        row.statement_checksums.push_back(steps[static_cast<std::size_t>(i)].checksum);
      }
      what += std::string(what.empty() ? "" : "; ") +
              fmt::format("accepted the edited text of {} statement(s) that already ran",
                          e.edited_statements.size());
      edit = true;
    }
    if (edit) {
      PGSHIFT_TRY(store.update_checksums(row, changed(e, what)));
    }
  }
  PGSHIFT_TRY(tx.commit());
  if (report.done == 0) {
    runner::emit(m_sink, Event{"repaired", Level::info, "nothing to repair", {}});
  }
  return report;
}

}  // namespace pgshift
