// The probes behind throttling, run between batches on the backfill's own session: standby
// replay lag (pg_stat_replication on the primary) and autovacuum on the table
// (pg_stat_progress_vacuum). Lock waiters are measured during the batch by the monitor.
#pragma once

#include <map>
#include <string>

#include "backfill/pacing.hpp"
#include "backfill/spec.hpp"
#include "db/session.hpp"
#include "pgshift/status.hpp"

namespace pgshift::backfill {

class Throttle {
 public:
  Throttle(db::Session& session, const Table& table, const BackfillOptions& options);
  // Replication lag and autovacuum now (longest_lock_wait is left 0 for the caller).
  Result<Conditions> probe();

 private:
  db::Session& m_session;
  std::string m_oid;
  BackfillOptions m_options;
  std::map<std::string, LagTracker> m_standbys;  // by application_name + client address
};

}  // namespace pgshift::backfill
