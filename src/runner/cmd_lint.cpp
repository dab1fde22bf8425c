// Migrator::lint: the linter on files named by the user, or on what `up` would run now.
#include <fmt/format.h>

#include <deque>
#include <filesystem>

#include "db/connect.hpp"
#include "lint/linter.hpp"
#include "pgshift/migrator.hpp"
#include "runner/lint_gate.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

namespace {

namespace fs = std::filesystem;

// The up sections of `paths` (files and directories, in that order), kept in `store`.
// Directories are read in `layout` (the configured one, or detected).
Status collect(const std::vector<std::string>& paths, const std::string& layout,
               std::deque<core::Section>& store) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      PGSHIFT_ASSIGN_OR_RETURN(auto found, core::discover_layout(path, layout));
      for (auto& src : found.migrations) {
        if (src.up && src.form != core::FileForm::operations) {
          store.push_back(std::move(*src.up));
        }
      }
      continue;
    }
    if (!fs::exists(path, ec)) {
      return Status::error(Code::invalid_input, fmt::format("\"{}\" does not exist", path));
    }
    PGSHIFT_ASSIGN_OR_RETURN(auto section, core::read_sql_file(path));
    if (section) {
      store.push_back(std::move(*section));
    }
  }
  return Status::ok();
}

}  // namespace

Result<LintReport> Migrator::lint(const LintRequest& request) {
  Result<lint::Config> config = runner::lint_config(m_options.lint);
  if (!config) {
    return config.status();
  }
  if (request.standalone) {
    config->standalone = *request.standalone;
  }
  LintReport report;
  std::vector<lint::Finding> findings;
  if (request.pending) {
    // What up would judge: the pending files, in order, with the target's facts.
    PGSHIFT_ASSIGN_OR_RETURN(
        auto snap, runner::take_snapshot(m_options, runner::Access::read_only, m_sink, m_cancel));
    std::vector<const runner::Prepared*> pending;
    for (const auto& e : snap.entries) {
      if ((e.state == runner::State::pending || e.state == runner::State::partial) && e.file &&
          e.file->kind == history::Kind::sql) {
        pending.push_back(e.file);
      }
    }
    PGSHIFT_TRY(runner::check_parse(pending, m_sink));
    // Never standalone: these are judged as up will run them.
    auto found = runner::lint_pending(m_options, snap.conn.session.get(), pending,
                                      request.pg_version, m_cancel);
    if (!found) {
      return found.status();
    }
    findings = std::move(found).value();
    report.files = static_cast<int>(pending.size());
    report.facts = true;
    report.pg_version = request.pg_version.value_or(snap.conn.session->server_version());
  } else {
    std::deque<core::Section> sections;
    PGSHIFT_TRY(
        collect(request.paths.empty() ? std::vector<std::string>{m_options.dir} : request.paths,
                m_options.layout, sections));
    std::vector<const core::Section*> run;
    for (const core::Section& s : sections) {
      run.push_back(&s);
    }
    auto read_facts = [&](const runner::Names& names) -> Result<std::optional<lint::Facts>> {
      if (request.offline || m_options.database_url.empty()) {
        return std::optional<lint::Facts>{};
      }
      auto session = db::open(m_options);
      if (!session) {
        runner::emit(m_sink, Event{"lint_no_facts",
                                   Level::warning,
                                   "linting without database facts: " + session.status().message(),
                                   {}});
        return std::optional<lint::Facts>{};
      }
      auto read = runner::query_facts(**session, names, config->small_table_rows);
      if (!read) {
        return read.status();
      }
      return std::optional<lint::Facts>{std::move(read).value()};
    };
    auto linted = runner::lint_run(run, *config, read_facts, request.pg_version, m_cancel);
    if (!linted) {
      return linted.status();
    }
    findings = std::move(linted->findings);
    report.facts = linted->facts;
    report.files = static_cast<int>(run.size());
    report.pg_version = linted->pg_version;
  }
  report.errors = lint::count(findings, lint::Severity::error);
  report.warnings = lint::count(findings, lint::Severity::warning);
  report.findings = runner::to_public(findings);
  return report;
}

}  // namespace pgshift
