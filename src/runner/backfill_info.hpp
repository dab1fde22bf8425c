// Backfills as the public API shows them (BackfillInfo), read from <history>.backfills.
#pragma once

#include <string>
#include <vector>

#include "db/session.hpp"
#include "history/backfills.hpp"
#include "pgshift/backfill.hpp"
#include "pgshift/status.hpp"

namespace pgshift::runner {

// A row as shown: "running" without a live backend becomes "interrupted".
BackfillInfo info_of(const history::BackfillRow& row);

// Running, paused and interrupted backfills (`all`: every one), newest first; empty when the
// history schema or its backfills table does not exist yet.
Result<std::vector<BackfillInfo>> list_backfills(db::Session& session, const std::string& schema,
                                                 bool all);

}  // namespace pgshift::runner
