// Migrator::status: files and history reconciled, read-only.
#include "pgshift/migrator.hpp"
#include "runner/backfill_info.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

namespace {

// Another tool's history: about to be adopted, refused, or adopted earlier.
std::optional<AdoptionInfo> adoption_of(const runner::Snapshot& snap) {
  if (snap.adoption) {
    return snap.adoption->info();
  }
  if (!snap.adoption_error.is_ok()) {
    AdoptionInfo refused;
    refused.problem = snap.adoption_error.message();
    return refused;
  }
  return snap.adopted;
}

MigrationForm form_of(const core::MigrationSource& source) {
  if (source.repeatable) {
    return MigrationForm::repeatable;
  }
  switch (source.form) {
    case core::FileForm::pair:
      return MigrationForm::pair;
    case core::FileForm::single:
      return MigrationForm::single;
    case core::FileForm::operations:
      return MigrationForm::operations;
  }
  return MigrationForm::none;
}

}  // namespace

Migrator::Migrator(Options options, EventSink sink, CancelToken* cancel)
    : m_options(std::move(options)), m_sink(std::move(sink)), m_cancel(cancel) {}

Result<StatusReport> Migrator::status() {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto snap, runner::take_snapshot(m_options, runner::Access::read_only, m_sink, m_cancel));
  if (snap.adoption_error.code() == Code::invalid_input) {
    return snap.adoption_error;  // a table named by a flag that is not there: fix the flag
  }
  StatusReport report;
  report.database = snap.conn.session->database();
  report.history_schema = m_options.history_schema;
  report.layout = snap.layout;
  std::vector<const runner::Prepared*> files;
  for (const auto& f : snap.files) {
    files.push_back(&f);
  }
  runner::warn_down_errors(files, m_sink);
  auto installed = snap.conn.store->installed();
  report.history_installed = installed && *installed;
  report.adoption = adoption_of(snap);
  for (const auto& e : snap.entries) {
    MigrationInfo m;
    m.version = e.version;
    m.name = e.name;
    m.state = e.state;
    m.detail = e.detail;
    if (e.file) {
      m.form = form_of(e.file->source);
      m.path = e.file->source.path;
      m.has_down = e.file->source.down.has_value();
      if (e.file->up) {
        m.statements_total = static_cast<int>(e.file->up->steps.size());
      }
    }
    if (e.row) {
      m.applied_at = e.row->finished_at.empty() ? e.row->started_at : e.row->finished_at;
      m.duration_ms = e.row->duration_ms;
      m.applied_by = e.row->applied_by_role +
                     (e.row->applied_by_host.empty() ? "" : "@" + e.row->applied_by_host);
      m.statements_done = e.row->statements_done;
    }
    report.migrations.push_back(std::move(m));
  }
  auto backfills = runner::list_backfills(*snap.conn.session, m_options.history_schema, false);
  if (!backfills) {
    return backfills.status();
  }
  report.backfills = std::move(backfills).value();
  return report;
}

}  // namespace pgshift
