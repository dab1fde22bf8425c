// Failpoints: named places where a test makes pgshift die abruptly, to prove that what it
// records survives a crash at exactly that point (docs/reliability.md#resume-after-a-crash).
//
//   PGSHIFT_FAILPOINT=name[:count][,name[:count]...]
//
// The count-th time the process reaches failpoint `name` (default: the first), it sends
// itself SIGKILL: no destructor, no ROLLBACK, no clean-up, as when an orchestrator kills a
// deploy. Without the variable, reaching a failpoint costs one test of a pointer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pgshift/status.hpp"

namespace pgshift::core {

// Every failpoint name the code reaches, for a crash sweep that tries them all.
const std::vector<std::string>& failpoint_names();

// Checks `spec` (the variable's value): invalid_input naming the bad entry for an unknown
// name or a count that is not a whole number from 1. An empty spec is fine.
Status check_failpoints(std::string_view spec);

// Reaches failpoint `name` (one of failpoint_names()): kills the process when
// PGSHIFT_FAILPOINT asks for this hit.
void failpoint(std::string_view name);

}  // namespace pgshift::core
