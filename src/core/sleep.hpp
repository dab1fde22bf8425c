// Sleeping that a SIGINT/SIGTERM cuts short: retries, lock polling and backfill pauses all
// wait this way, so an interrupted run stops within 50 ms.
#pragma once

#include "pgshift/cancel.hpp"
#include "pgshift/options.hpp"

namespace pgshift::core {

// Sleeps up to `d` in slices of at most 50 ms; returns early (false) when `cancel` (may be
// null) is requested, true when the whole time passed.
bool sleep_unless_cancelled(Millis d, const CancelToken* cancel);

}  // namespace pgshift::core
