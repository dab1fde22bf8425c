// What one statement does to the relations it touches (sql::Effects), read from libpg_query's
// JSON tree. Private to src/sql; the results travel in sql::Statement.
//
// Lock levels are PostgreSQL 15's: the "Explicit Locking" page (13.3.1), the reference page of
// each command (ALTER TABLE names the lock of each subcommand), and, where the pages are silent
// or vague, the locks a PostgreSQL 15.18 server showed in pg_locks while the statement's
// transaction was open. Only relations named in the statement are listed: the lock PostgreSQL
// also takes on indexes, TOAST tables, sequences, referenced tables found through catalogs
// (DROP CONSTRAINT of a foreign key, VALIDATE of one) or a DEFAULT partition is not visible in
// the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sql/json_tree.hpp"
#include "sql/locks.hpp"

namespace pgshift::sql::detail {

// `node` is the top node's key ("AlterTableStmt"), `body` its value. Statements that touch no
// table still get an action ("CREATE FUNCTION").
Effects effects_of(const std::string& node, const json& body);

// Effects under construction. Locks are collected with the byte offset of their name in the
// section, then ordered as written and merged (one entry per relation, the strongest level).
class EffectsDraft {
 public:
  Effects effects;  // action, rewrites, scans, concurrently; locks are filled by finish()

  // A RangeVar body ({"schemaname": ..., "relname": ..., "location": ...}).
  void lock(const json& range_var, LockLevel level);
  // A name written as a list of strings ([catalog.][schema.]name), at byte offset `location`.
  void lock(const std::vector<std::string>& parts, LockLevel level, long location = 0);
  void lock(std::string schema, std::string name, LockLevel level, long location);

  Effects finish() &&;

 private:
  struct Pending {
    long location = 0;
    RelationLock lock;
  };
  std::vector<Pending> m_pending;
};

// "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE": the
// object kind as the command spells it, for actions.
std::string object_word(std::string_view objtype);

// One statement family: the node it handles and the function that fills its effects.
using Fill = void (*)(const json& body, EffectsDraft& d);
struct Family {
  std::string_view node;
  Fill fill;
};

// Fills `d` with the family of `node` from `families`; false when none handles it.
template <std::size_t N>
bool run_family(const Family (&families)[N], const std::string& node, const json& body,
                EffectsDraft& d) {
  for (const Family& f : families) {
    if (f.node == node) {
      f.fill(body, d);
      return true;
    }
  }
  return false;
}

// The classifiers, one file each; each returns false for a node it does not handle.
// ALTER TABLE / INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE / TYPE (the
// AlterTableStmt node): effects_alter_table.cpp.
bool alter_table_effects(const std::string& node, const json& body, EffectsDraft& d);
// CREATE INDEX, REINDEX, VACUUM, ANALYZE, CLUSTER, TRUNCATE, LOCK, REFRESH MATERIALIZED VIEW:
// effects_maintenance.cpp.
bool maintenance_effects(const std::string& node, const json& body, EffectsDraft& d);
// DROP, CREATE TABLE, triggers, rules, policies, statistics, sequences, COMMENT, RENAME,
// SET SCHEMA, GRANT ...: effects_ddl.cpp.
bool ddl_effects(const std::string& node, const json& body, EffectsDraft& d);
// SELECT, INSERT, UPDATE, DELETE, MERGE, COPY, EXPLAIN, CREATE TABLE AS, CREATE VIEW,
// DECLARE CURSOR: effects_query.cpp.
bool query_effects(const std::string& node, const json& body, EffectsDraft& d);

}  // namespace pgshift::sql::detail
