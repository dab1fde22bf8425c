// Steps: how an operation returns the SQL of a phase, as exec::Steps with stable ids
// (`12_add_email.expand.1.add_column`), the lock each takes, and, for batched backfills and
// concurrent index builds, what the executor needs to run them with care.
#pragma once

#include <string>
#include <vector>

#include "exec/plan.hpp"
#include "sql/locks.hpp"
#include "sql/parse.hpp"

namespace pgshift::ops {

// The migration an operation belongs to and the names it derives from it.
struct Env {
  std::string path;            // the .toml file
  std::string version;         // canonical digits
  std::string name;            // the migration's name
  std::string schema;          // the schema its tables live in ("public")
  std::string version_schema;  // "<schema>_<version>_<name>": the new version's views
  // Replaying an expanded migration to learn its shape: what its own expand created already
  // exists, and is not an error.
  bool replaying = false;
  int server_version = 150000;

  std::string qualified(const std::string& relation) const;  // "schema"."relation"
  // A function in the version schema: "<version_schema>"."<name>"
  std::string vs_function(const std::string& name) const;
  // Trigger names carry the version, so two expanded migrations never collide on one table.
  std::string trigger_name(int ordinal, const std::string& what) const;
};

struct Lock {
  std::string table;  // physical name, in Env::schema
  sql::LockLevel level = sql::LockLevel::none;
};

class Steps {
 public:
  Steps(const Env& env, const char* phase, int ordinal, int line);

  // One or more statements sent together: they run as one implicit transaction, all or none,
  // under the step's lock_timeout. `action` names it in `plan` ("ADD COLUMN + dual-write
  // trigger").
  void sql(const std::string& label, std::string sql, const std::string& action,
           std::vector<Lock> locks, bool scans = false);
  // CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS: outside a transaction; the executor
  // checks the index is valid afterwards and rebuilds an invalid leftover.
  void create_index(const std::string& label, const std::string& index, bool unique,
                    std::string sql, const std::string& table);
  // DROP INDEX CONCURRENTLY IF EXISTS.
  void drop_index(const std::string& label, const std::string& index);
  // Fills rows in keyset batches (the backfill primitive), resumable: UPDATE table SET set_sql
  // WHERE where_sql. The step id names the backfill.
  void backfill(const std::string& label, const std::string& table, std::string set_sql,
                std::string where_sql);

  // A statement the parser split and classified (raw_sql): it keeps its own line, locks and
  // CONCURRENTLY index, so the executor treats it as it would in a SQL migration.
  void statement(const std::string& label, const sql::Statement& st);

  std::vector<exec::Step> take() { return std::move(m_steps); }
  const Env& env() const { return m_env; }

 private:
  exec::Step& add(const std::string& label, std::string sql);
  const Env& m_env;
  std::string m_phase;
  int m_ordinal;
  int m_line;
  std::vector<exec::Step> m_steps;
};

}  // namespace pgshift::ops
