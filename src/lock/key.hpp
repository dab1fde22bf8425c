// The runner lock's key and the backoff schedule for polling it: pure functions.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

#include "pgshift/options.hpp"

namespace pgshift::lock {

// 64-bit advisory-lock key for (database, history schema): the first 8 bytes of
// SHA-256("pgshift-runner-lock\0" database "\0" schema), big-endian, as a signed bigint.
// Two histories in one database (different schemas) never share a lock; the same history
// always gets the same key, whatever the pgshift version.
std::int64_t lock_key(std::string_view database, std::string_view schema);

// The two 32-bit halves pg_locks shows for a bigint advisory key (classid, objid).
struct KeyHalves {
  std::uint32_t classid;
  std::uint32_t objid;
};
KeyHalves key_halves(std::int64_t key);

// Jittered exponential backoff: attempt 0 waits about `base`, doubling up to `cap`; the
// delay is scaled by a factor in [0.5, 1.0) drawn from `jitter` (0..1), so racing runners
// spread out instead of polling in step.
Millis backoff_delay(int attempt, Millis base, Millis cap, double jitter);

}  // namespace pgshift::lock
