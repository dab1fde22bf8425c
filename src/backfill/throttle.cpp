#include "backfill/throttle.hpp"

namespace pgshift::backfill {

Throttle::Throttle(db::Session& session, const Table& table, const BackfillOptions& options)
    : m_session(session), m_oid(table.oid), m_options(options) {}

Result<Conditions> Throttle::probe() {
  Conditions c;
  if (m_options.max_replication_lag.count() > 0) {
    // Needs pg_monitor (or superuser) to see the LSNs of other roles' walsenders; without it
    // the columns are NULL and the standby is not counted.
    PGSHIFT_ASSIGN_OR_RETURN(
        auto r, m_session.query(
                    "SELECT coalesce(nullif(application_name, ''), 'pid ' || pid) AS standby, "
                    "coalesce(client_addr::text, 'local') AS addr, replay_lsn::text AS replay_lsn, "
                    "pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS behind, "
                    "(extract(epoch FROM replay_lag) * 1000)::bigint AS replay_lag_ms "
                    "FROM pg_stat_replication WHERE replay_lsn IS NOT NULL"));
    const auto now = LagTracker::Clock::now();
    for (std::size_t i = 0; i < r.size(); ++i) {
      std::optional<Millis> replay_lag;
      if (r.at(i, "replay_lag_ms")) {
        replay_lag = Millis(r.integer(i, "replay_lag_ms"));
      }
      const std::string key = r.text(i, "standby") + "@" + r.text(i, "addr");
      Millis lag =
          m_standbys[key].observe(r.text(i, "replay_lsn"), r.integer(i, "behind"), replay_lag, now);
      if (!c.replication_lag || lag > *c.replication_lag) {
        c.replication_lag = lag;
        c.standby = r.text(i, "standby");
      }
    }
  }
  if (m_options.pause_on_autovacuum) {
    PGSHIFT_ASSIGN_OR_RETURN(
        auto r, m_session.query("SELECT count(*) AS n FROM pg_stat_progress_vacuum v "
                                "JOIN pg_stat_activity a ON a.pid = v.pid "
                                "WHERE v.relid = $1::oid AND a.backend_type = 'autovacuum worker'",
                                {m_oid}));
    c.autovacuum = r.integer(0, "n") > 0;
  }
  return c;
}

}  // namespace pgshift::backfill
