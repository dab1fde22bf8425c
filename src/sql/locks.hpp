// Lock levels and what a statement does to the relations it touches (docs/design.md §6.1): the one
// classification that the executor (lock_timeout, pre-flight checks, `plan`) and the linter
// share, so they never disagree.
#pragma once

#include <string>
#include <vector>

namespace pgshift::sql {

// PostgreSQL's table-level lock modes, weakest first (the order is meaningful).
enum class LockLevel {
  none,
  access_share,            // SELECT
  row_share,               // SELECT FOR UPDATE/SHARE
  row_exclusive,           // INSERT/UPDATE/DELETE
  share_update_exclusive,  // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT
  share,                   // CREATE INDEX
  share_row_exclusive,     // CREATE TRIGGER, ADD FOREIGN KEY (on both tables)
  exclusive,               // REFRESH MATERIALIZED VIEW CONCURRENTLY
  access_exclusive,        // most ALTER TABLE, DROP, TRUNCATE
};

// "ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", ... ("" for none).
const char* lock_name(LockLevel level);
// True when `level` conflicts with ACCESS SHARE: plain SELECTs queue behind it.
bool blocks_reads(LockLevel level);
// True when `level` conflicts with ROW EXCLUSIVE: INSERT/UPDATE/DELETE queue behind it.
bool blocks_writes(LockLevel level);

struct RelationLock {
  std::string schema;  // as written; empty when unqualified
  std::string name;    // as written (unquoted identifiers folded to lower case)
  LockLevel level = LockLevel::none;
  std::string qualified() const;  // "schema.name" or "name", quoted where needed
};

// What one statement does, as far as a zero-downtime runner cares.
struct Effects {
  // The strongest lock taken on each relation the statement names (ordered as written).
  std::vector<RelationLock> locks;
  // Rewrites the whole table (and its indexes) while holding its lock: ALTER COLUMN TYPE
  // (most changes), ADD COLUMN with a volatile default, SET TABLESPACE, VACUUM FULL, CLUSTER,
  // ALTER TABLE SET LOGGED/UNLOGGED ...
  bool rewrites = false;
  // Reads the whole table while holding its lock (validating a constraint, SET NOT NULL,
  // building an index, UPDATE/DELETE without WHERE ...).
  bool scans = false;
  // CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY.
  bool concurrently = false;
  // Short description of the operation for messages and `plan`: "ALTER TABLE ADD COLUMN",
  // "CREATE INDEX CONCURRENTLY", "UPDATE" ...
  std::string action;
  // The strongest level in `locks` (none when empty).
  LockLevel strongest() const;
};

// The index a CONCURRENTLY index statement builds, drops or rebuilds: what the executor
// checks and cleans up around it, because such a statement that fails or is interrupted
// leaves an invalid index behind (pg_index.indisvalid = false) that PostgreSQL never removes.
struct IndexTarget {
  enum class Op { create, drop, reindex_index, reindex_table };
  Op op = Op::create;
  std::string schema;  // as written; empty when unqualified
  std::string name;    // the index (the table for reindex_table); empty for an unnamed CREATE
  bool if_not_exists = false;  // CREATE INDEX CONCURRENTLY IF NOT EXISTS
  bool missing_ok = false;     // DROP INDEX CONCURRENTLY IF EXISTS
  bool unique = false;
  std::string qualified() const;  // quoted "schema"."name" or "name"
};

}  // namespace pgshift::sql
