// Migrator::plan: what up would run, as data. With a version, one migration's up and down
// plans from its file alone; offline, every file; otherwise exactly what `up` would run now.
#include <fmt/format.h>

#include "core/version.hpp"
#include "pgshift/migrator.hpp"
#include "runner/snapshot.hpp"

namespace pgshift {

Result<RunReport> Migrator::plan(const PlanOptions& opts) {
  if (!opts.version && !opts.offline) {
    UpOptions up;
    up.dry_run = true;
    return this->up(up);
  }
  if (opts.version && !core::is_version(*opts.version)) {
    return Status::error(Code::invalid_input,
                         fmt::format("plan: \"{}\" is not a version (digits only)", *opts.version));
  }
  auto files = runner::load_project(m_options);
  if (!files) {
    return files.status();
  }
  const std::string v = opts.version ? core::canonical_version(*opts.version) : "";
  RunReport report;
  report.dry_run = true;
  std::vector<const runner::Prepared*> chosen;
  for (const auto& f : *files) {
    if (v.empty() || f.source.version == v) {
      chosen.push_back(&f);
    }
  }
  if (!v.empty() && chosen.empty()) {
    return Status::error(Code::invalid_input, fmt::format("plan: no migration has version {}", v));
  }
  PGSHIFT_TRY(runner::check_parse(chosen, m_sink));
  for (const auto* f : chosen) {
    if (f->kind == "ops") {
      const std::string msg = fmt::format(
          "migration {} \"{}\" ({}) is an operations file: "
          "planning operations is not supported by this pgshift "
          "yet",
          f->source.version, f->source.name, f->source.path);
      if (!v.empty()) {
        return Status::error(Code::invalid_input, msg);
      }
      runner::emit(
          m_sink, Event{"not_planned", Level::warning, msg, {}}.with("version", f->source.version));
    }
    if (f->up) {
      report.plans.push_back(runner::plan_view(*f->up));
    }
    if (!v.empty() && f->down) {
      report.plans.push_back(runner::plan_view(*f->down));
    }
  }
  return report;
}

}  // namespace pgshift
