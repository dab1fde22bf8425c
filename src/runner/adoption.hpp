// Adopting another tool's history (docs/adopting.md): its table read by src/adopt, matched with
// today's files, as the rows pgshift records for it, and the record of an earlier adoption.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adopt/reader.hpp"
#include "db/session.hpp"
#include "history/store.hpp"
#include "pgshift/migrator.hpp"
#include "runner/project.hpp"

namespace pgshift::runner {

struct Adoption {
  adopt::ForeignHistory foreign;
  // One row per adopted file, in version order: applied, `baseline` (never run by pgshift), the
  // file's checksums today; started_at is the tool's time where it records one.
  std::vector<history::MigrationRow> rows;

  const std::string& through() const { return rows.back().version; }  // rows is never empty
  AdoptionInfo info() const;
};

// The rows that record the files `foreign` counts as applied (a pure function). Errors: drift
// for a version it records that no file has, or whose file is an operations file (which no
// other tool runs), naming the tool, its table and the version.
Result<std::vector<history::MigrationRow>> match_files(const adopt::ForeignHistory& foreign,
                                                       const std::vector<Prepared>& files,
                                                       const Options& options);

// Another tool's history matched with `files`: nullopt when there is none (or it records no
// migration). Call it only while pgshift's own history records nothing (pgshift_is_empty).
// Errors: those of adopt::find_history and match_files.
Result<std::optional<Adoption>> find_adoption(db::Session& session,
                                              const std::vector<Prepared>& files,
                                              const Options& options);

// True when pgshift's history records nothing a run or an adoption wrote: no migration row, no
// baseline, no earlier adoption (whose rows `down` may since have removed).
bool pgshift_is_empty(const std::vector<history::MigrationRow>& rows,
                      const std::optional<std::string>& baseline,
                      const std::optional<AdoptionInfo>& recorded);

// Writes the rows, one "adopt" event each and the summary event, in one transaction. The history
// schema must be installed; call it under the runner lock.
Status record_adoption(db::Session& session, history::Store& store, const Adoption& adoption);

// The adoption recorded earlier (its summary event); nullopt when there was none.
Result<std::optional<AdoptionInfo>> recorded_adoption(history::Store& store);

}  // namespace pgshift::runner
