// CREATE INDEX, REINDEX, VACUUM / ANALYZE, CLUSTER, TRUNCATE, LOCK and REFRESH MATERIALIZED
// VIEW: the statements that build, clean or lock whole relations. Levels from "Explicit
// Locking" and each command's page, checked in pg_locks on PostgreSQL 15.18 where they can run
// inside a transaction.

#include "sql/effects.hpp"

namespace pgshift::sql::detail {
namespace {

constexpr LockLevel k_share_update_exclusive = LockLevel::share_update_exclusive;
constexpr LockLevel k_access_exclusive = LockLevel::access_exclusive;

void create_index(const json& body, EffectsDraft& d) {
  // CREATE INDEX: SHARE (writes wait); CONCURRENTLY: SHARE UPDATE EXCLUSIVE. Both read the
  // whole table to build the index (CONCURRENTLY twice).
  const bool concurrent = flag(body, "concurrent");
  d.effects.action = concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX";
  d.effects.concurrently = concurrent;
  d.effects.scans = true;
  if (const json* rel = object(body, "relation")) {
    d.lock(*rel, concurrent ? k_share_update_exclusive : LockLevel::share);
  }
}

void reindex(const json& body, EffectsDraft& d) {
  // REINDEX takes SHARE on the table and ACCESS EXCLUSIVE on each index it rebuilds (REINDEX
  // page). The planner locks every index of a table it plans a query on, so plain SELECTs queue
  // behind it too (seen on PostgreSQL 15 with lock_timeout), which is why "Explicit Locking"
  // lists REINDEX under ACCESS EXCLUSIVE: that is the level recorded for the named relation.
  // CONCURRENTLY: SHARE UPDATE EXCLUSIVE.
  const bool concurrent = option_on(list(body, "params"), "concurrently");
  d.effects.action = concurrent ? "REINDEX CONCURRENTLY" : "REINDEX";
  d.effects.concurrently = concurrent;
  d.effects.scans = true;
  if (const json* rel = object(body, "relation")) {  // REINDEX TABLE / INDEX
    d.lock(*rel, concurrent ? k_share_update_exclusive : k_access_exclusive);
  }
}

void vacuum(const json& body, EffectsDraft& d) {
  // VACUUM and ANALYZE: SHARE UPDATE EXCLUSIVE; VACUUM FULL: ACCESS EXCLUSIVE and a rewrite.
  const bool is_vacuum = flag(body, "is_vacuumcmd");
  const bool full = is_vacuum && option_on(list(body, "options"), "full");
  d.effects.action = !is_vacuum ? "ANALYZE" : full ? "VACUUM FULL" : "VACUUM";
  d.effects.rewrites = full;
  d.effects.scans = is_vacuum && !full;  // ANALYZE reads a sample only
  for (const json& item : list(body, "rels")) {
    const json* vr = wrapped(item, "VacuumRelation");
    const json* rel = vr != nullptr ? object(*vr, "relation") : nullptr;
    if (rel != nullptr) {
      d.lock(*rel, full ? k_access_exclusive : k_share_update_exclusive);
    }
  }
}

void cluster(const json& body, EffectsDraft& d) {
  // CLUSTER: ACCESS EXCLUSIVE and a rewrite in index order (without a table: every table
  // clustered before).
  d.effects.action = "CLUSTER";
  d.effects.rewrites = true;
  if (const json* rel = object(body, "relation")) {
    d.lock(*rel, k_access_exclusive);
  }
}

void truncate(const json& body, EffectsDraft& d) {
  d.effects.action = "TRUNCATE";  // ACCESS EXCLUSIVE on each table (CASCADE adds unnamed ones)
  for (const json& item : list(body, "relations")) {
    if (const json* rv = wrapped(item, "RangeVar")) {
      d.lock(*rv, k_access_exclusive);
    }
  }
}

void lock_table(const json& body, EffectsDraft& d) {
  // LockStmt.mode is PostgreSQL's LOCKMODE: 1 AccessShareLock ... 8 AccessExclusiveLock, the
  // order of LockLevel. LOCK without a mode is ACCESS EXCLUSIVE (the parser fills in 8).
  const int mode = body.value("mode", 8);
  const LockLevel level =
      mode >= 1 && mode <= 8 ? static_cast<LockLevel>(mode) : k_access_exclusive;
  d.effects.action = "LOCK TABLE";
  for (const json& item : list(body, "relations")) {
    if (const json* rv = wrapped(item, "RangeVar")) {
      d.lock(*rv, level);
    }
  }
}

void refresh_matview(const json& body, EffectsDraft& d) {
  // REFRESH MATERIALIZED VIEW: ACCESS EXCLUSIVE while it rebuilds the view's heap;
  // CONCURRENTLY: EXCLUSIVE (reads go on), updating rows in place.
  const bool concurrent = flag(body, "concurrent");
  d.effects.action =
      concurrent ? "REFRESH MATERIALIZED VIEW CONCURRENTLY" : "REFRESH MATERIALIZED VIEW";
  d.effects.rewrites = !concurrent;
  if (const json* rel = object(body, "relation")) {
    d.lock(*rel, concurrent ? LockLevel::exclusive : k_access_exclusive);
  }
}

constexpr Family k_families[] = {
    {"IndexStmt", create_index},
    {"ReindexStmt", reindex},
    {"VacuumStmt", vacuum},
    {"ClusterStmt", cluster},
    {"TruncateStmt", truncate},
    {"LockStmt", lock_table},
    {"RefreshMatViewStmt", refresh_matview},
};

}  // namespace

bool maintenance_effects(const std::string& node, const json& body, EffectsDraft& d) {
  return run_family(k_families, node, body, d);
}

}  // namespace pgshift::sql::detail
