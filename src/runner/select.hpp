// The select phase of `up`: which migrations run, from the reconciliation alone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pgshift/events.hpp"
#include "pgshift/migrator.hpp"
#include "runner/reconcile.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

// --to must be a version, checked before connecting (a typo is exit 2 whatever the server).
Status check_version_flag(const std::optional<std::string>& to, const char* flag);

// --to must name a version some migration has: a typo must not apply everything.
Status check_target(const std::optional<std::string>& to, const std::vector<Entry>& entries,
                    const char* flag);

// The pending and partial migrations up to `opts.to`, in version order. Emits a warning per
// missing migration (recorded, no file). Refuses (drift) a pending migration older than the
// newest recorded one unless `opts.out_of_order`: it was probably written on another branch.
Result<std::vector<const Entry*>> select_pending(const std::vector<Entry>& entries,
                                                 const UpOptions& opts, const EventSink& sink);

// The select phase of up as a whole: another tool's history that cannot be adopted (its
// refusal), --to naming no migration, drift (check_drift), then select_pending.
Result<std::vector<const Entry*>> select_for_up(const Snapshot& snap, const UpOptions& opts,
                                                const EventSink& sink);

}  // namespace pgshift::runner
