// Other sessions, as operators need to see them: who holds a lock, who blocks a statement,
// who sits in a long transaction. One description of a backend (pg_stat_activity), used by
// the runner lock's holder report, the executor's blocker lines and the pre-flight check.
#pragma once

#include <string>
#include <vector>

#include "db/session.hpp"
#include "pgshift/events.hpp"
#include "pgshift/status.hpp"

namespace pgshift::db {

struct Backend {
  int pid = 0;
  std::string application;  // application_name
  std::string client;       // client address, or "local socket"
  std::string state;        // active, idle in transaction, ...
  std::string since;        // backend_start, ISO 8601 UTC
  long long connected_seconds = 0;
  long long xact_seconds = -1;  // age of its transaction; -1 when not in one
  // Its current or last query as reports may show it: PASSWORD literals and connection
  // passwords masked, one line of at most 120 bytes; empty when the session reading it has
  // other_queries off ([report] other_queries = false).
  std::string query;
  std::string lock_mode;  // for lock holders: the mode it holds ("AccessShareLock")

  // `pid 4242 (application "psql", idle in transaction, transaction 12s old, query "...")`
  std::string describe() const;
  // The same as event fields prefixed with `prefix` (holder_pid, holder_application, ...).
  void add_fields(Event& e, const std::string& prefix) const;
};

// Joins a list of descriptions: "pid 1 (...); pid 2 (...)".
std::string describe_all(const std::vector<Backend>& backends);

// The backends blocking `pid` right now (pg_blocking_pids).
Result<std::vector<Backend>> blocking(Session& session, int pid);

// What a backfill batch (backend `pid`) does to the others, sampled while it runs.
struct BatchSample {
  // How long (ms) the longest of the sessions now waiting for a lock held by `pid` has waited
  // (pg_locks.waitstart, PostgreSQL 14+); 0 when none waits.
  long long longest_wait_ms = 0;
  // Other client sessions of the database running a statement now (not `pid`, not the
  // sampling session): application traffic the batch competes with.
  int others_active = 0;
};
Result<BatchSample> sample_batch(Session& session, int pid);

// The holder of an advisory lock given as its two 32-bit halves (pg_locks classid/objid).
Result<std::vector<Backend>> advisory_holders(Session& session, unsigned classid, unsigned objid);

// Sessions other than this one that hold any lock on one of `relations` (qualified names;
// names that do not resolve are skipped) and have been in their transaction longer than
// `threshold_ms`, or are idle in one.
Result<std::vector<Backend>> long_lock_holders(Session& session,
                                               const std::vector<std::string>& relations,
                                               long long threshold_ms);

}  // namespace pgshift::db
