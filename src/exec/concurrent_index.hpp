// CREATE INDEX CONCURRENTLY done right (docs/design.md §6.3), and the same care for DROP INDEX
// CONCURRENTLY and REINDEX ... CONCURRENTLY.
//
// A concurrent build that fails, is cancelled or is killed leaves an INVALID index behind:
// it is not used by queries but is maintained by every write, and PostgreSQL never removes
// it. `IF NOT EXISTS` then happily skips the broken index. So, for a named index:
//   before: an invalid leftover of the same name is dropped concurrently; a valid one with
//           IF NOT EXISTS means the step is already done;
//   after:  the index must exist and be valid (pg_index.indisvalid);
//   failed: the invalid index the failure left is dropped, so nothing half-built remains.
// REINDEX CONCURRENTLY leaves <index>_ccnew / _ccold invalid copies; they get the same care.
#pragma once

#include <functional>

#include "exec/executor.hpp"
#include "exec/plan.hpp"

namespace pgshift::exec {

// Runs `execute` (which runs step.sql) with the care above. step.concurrent_index must be set.
Status run_concurrent_index(Context& ctx, const Step& step, const std::function<Status()>& execute);

}  // namespace pgshift::exec
