// Migrator::validate: every check `up` would make, changing nothing. Each finding is an
// event; the result counts them and its Status is the most serious kind found.
#include <fmt/format.h>

#include <algorithm>

#include "core/version.hpp"
#include "lint/linter.hpp"
#include "pgshift/migrator.hpp"
#include "runner/lint_gate.hpp"
#include "runner/ops_run.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

using runner::State;

Result<ValidateReport> Migrator::validate(const ValidateOptions& opts) {
  ValidateReport report;
  auto files = runner::load_project(m_options, m_cancel);
  if (!files) {
    return files.status();
  }
  report.files = static_cast<int>(files->size());
  auto finding = [&](Level level, const std::string& kind, const std::string& version,
                     const std::string& message) {
    (level == Level::error ? report.errors : report.warnings)++;
    runner::emit(m_sink, Event{kind, level, message, {}}.with("version", version));
  };
  bool input_errors = false;
  for (const auto& f : *files) {
    for (const Status* s : {&f.up_error, &f.down_error}) {
      if (!s->is_ok()) {
        input_errors = true;
        finding(Level::error, "input_error", f.source.version, s->message());
      }
    }
    if (f.kind == history::Kind::sql && !f.source.down) {
      finding(Level::warning, "no_down", f.source.version,
              fmt::format("{}: migration {} \"{}\" has no down SQL: pgshift down cannot revert it",
                          f.source.path, f.source.version, f.source.name));
    }
  }
  // Lint: offline, every file as a run from an empty database; online, what up would run,
  // with the target's facts. Files with SQL errors are reported above already.
  std::vector<const runner::Prepared*> to_lint;
  auto lint_these = [&](db::Session* session) -> Status {
    std::erase_if(to_lint, [](const runner::Prepared* p) { return !p->up_error.is_ok(); });
    PGSHIFT_ASSIGN_OR_RETURN(
        auto findings, runner::lint_pending(m_options, session, to_lint, std::nullopt, m_cancel));
    runner::emit_findings(m_sink, findings);
    report.errors += lint::count(findings, lint::Severity::error);
    report.warnings += lint::count(findings, lint::Severity::warning);
    report.lint = runner::to_public(findings);
    return Status::ok();
  };
  bool drift = false;
  if (opts.offline) {
    for (const auto& f : *files) {
      to_lint.push_back(&f);
    }
    PGSHIFT_TRY(lint_these(nullptr));
  } else {
    PGSHIFT_ASSIGN_OR_RETURN(auto snap,
                             runner::take_snapshot(std::move(files).value(), m_options,
                                                   runner::Access::read_only, m_sink, m_cancel));
    // Another tool's history that up would refuse to adopt (dirty, failed, no file ...).
    if (snap.adoption_error.code() == Code::invalid_input) {
      return snap.adoption_error;
    }
    if (!snap.adoption_error.is_ok()) {
      drift = true;
      finding(Level::error, "drift", "", snap.adoption_error.message());
    }
    const auto& entries = snap.entries;
    std::string newest = runner::newest_recorded(entries);
    // check_drift reports the first problem as its Status and the rest as events.
    Status d = runner::check_drift(entries, m_sink);
    if (!d.is_ok()) {
      drift = true;
      finding(Level::error, "drift", "", d.message());
    }
    for (const auto& e : entries) {
      if (e.state == State::missing) {
        drift = true;
        finding(Level::error, "missing", e.version,
                fmt::format("migration {} \"{}\": {}", e.version, e.name, e.detail));
      } else if (e.state == State::pending && !newest.empty() &&
                 core::compare_versions(e.version, newest) < 0) {
        finding(Level::warning, "out_of_order", e.version,
                fmt::format("pending migration {} \"{}\" is older than the newest recorded "
                            "migration {}: up will refuse it without --out-of-order",
                            e.version, e.name, newest));
      }
      if ((e.state == State::pending || e.state == State::partial) && e.file) {
        to_lint.push_back(e.file);
      }
    }
    PGSHIFT_TRY(lint_these(snap.conn.session.get()));
    // Pending operations files against the catalog, as up checks them before running.
    std::vector<const runner::Entry*> todo;
    for (const auto& e : entries) {
      if ((e.state == State::pending || e.state == State::partial) && e.file &&
          e.file->up_error.is_ok()) {
        todo.push_back(&e);
      }
    }
    auto planned = runner::plan_pending(*snap.conn.session, todo, entries);
    if (!planned) {
      input_errors = true;
      finding(Level::error, "input_error", "", planned.status().message());
    }
  }
  if (input_errors) {
    return Status::error(
        Code::invalid_input,
        fmt::format("{} error{} in {} file{}", report.errors, report.errors == 1 ? "" : "s",
                    report.files, report.files == 1 ? "" : "s"));
  }
  if (drift) {
    return Status::error(Code::drift, "history does not match the migration files");
  }
  const auto lint_errors =
      std::count_if(report.lint.begin(), report.lint.end(),
                    [](const LintFinding& f) { return f.severity == LintSeverity::error; });
  if (lint_errors > 0) {
    return Status::error(Code::lint_refused,
                         fmt::format("{} error-level lint finding{}: up would refuse to run",
                                     lint_errors, lint_errors == 1 ? "" : "s"));
  }
  return report;
}

}  // namespace pgshift
