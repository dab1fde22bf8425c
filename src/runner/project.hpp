// The migrations directory, read and prepared: every file discovered, both sections parsed
// and planned, and checksums in both modes (history rows may have been written in either).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/discovery.hpp"
#include "exec/plan.hpp"
#include "history/store.hpp"
#include "ops/file.hpp"
#include "pgshift/migrator.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::runner {

struct Prepared {
  core::MigrationSource source;
  std::optional<exec::Plan> up;  // absent for operations files or when up_error is set
  // Operations files: the operations read (absent when up_error is set). Planning them needs
  // the catalog, so the plans are made when they run (runner/ops_run.hpp).
  std::shared_ptr<const ops::OpsFile> ops;
  std::optional<exec::Plan> down;  // absent without down SQL or when down_error is set
  Status up_error;                 // parse/plan error of the up section
  Status down_error;               // parse/plan error of the down section (not "no down SQL")
  history::Kind kind = history::Kind::sql;

  std::string checksum_up(ChecksumMode mode) const;
  std::string checksum_down(ChecksumMode mode) const;
  bool has_errors() const { return !up_error.is_ok() || !down_error.is_ok(); }
  // The first error of either section.
  const Status& first_error() const { return up_error.is_ok() ? down_error : up_error; }

  std::string up_normalized, up_exact, down_normalized, down_exact;
};

// Discovers `options.dir` (in `options.layout`) and prepares every file. Only discovery errors
// (names, duplicates, encoding, up directives, TOML) fail the call; SQL errors and unusable
// down SQL are kept per file, so each command decides which ones matter. Stops with
// Code::interrupted as soon as `cancel` is requested. `layout`, when given, receives the id of
// the layout read.
Result<std::vector<Prepared>> load_project(const Options& options,
                                           const CancelToken* cancel = nullptr,
                                           std::string* layout = nullptr);

// The view of a plan shown to users.
PlanView plan_view(const exec::Plan& plan, int resume_from = 0);

ChecksumMode parse_mode(const std::string& name);
const char* mode_name(ChecksumMode mode);

}  // namespace pgshift::runner
