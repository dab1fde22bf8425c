// The lifecycle of one operations migration, as the expand-contract tests check it: a fresh
// database set up with the old schema, the migration expanded, two application sessions (one per
// version) writing and reading through their version's shape, then complete or rollback, and
// requirements on what must (not) remain.
#pragma once

#include <memory>
#include <string>

#include "support/harness.hpp"

namespace it {

class Lifecycle {
 public:
  // A fresh database where `setup_sql` ran, and a project whose migrations/ holds
  // 1_ops.toml = `toml`: version 1, name "ops", so the version schema is "public_1_ops".
  Lifecycle(const std::string& setup_sql, const std::string& toml);

  TempDb db;
  Project project;

  static constexpr const char* version_schema = "public_1_ops";

  // pgshift up / complete / rollback (--json); each REQUIREs exit 0 and returns the outcome.
  Outcome expand() const;
  Outcome complete() const;
  Outcome rollback() const;
  // pgshift with these arguments (no exit-code check).
  Outcome pgshift(const std::vector<std::string>& args) const;

  // An application session of the old version (default search_path: the base schema) and of
  // the new version (search_path = public_1_ops, public). With `by_setting`, the new version
  // also names itself with `SET pgshift.version = '1'`, which the triggers read first.
  std::unique_ptr<pgshift::db::Session> old_app() const;
  std::unique_ptr<pgshift::db::Session> new_app(bool by_setting = false) const;

  // pg_dump --schema-only of everything but pgshift's history schema, without the lines that
  // differ between two dumps of the same schema (\restrict keys, comments, blank lines).
  std::string dump() const;

  // Requirement: nothing pgshift created for the migration remains in the database: no
  // column, constraint, index, trigger or function named _pgshift_*, and no version schema
  // (unless `version_schema_stays`, as after complete: the new version reads through it).
  void no_pgshift_objects_remain(bool version_schema_stays) const;
};

// Runs `sql` on `session`; REQUIREs success.
void exec_on(pgshift::db::Session& session, const std::string& sql);
// The first column of the first row of `sql` on `session` ("" for no row, "NULL" for NULL).
std::string scalar_on(pgshift::db::Session& session, const std::string& sql);
// Does `sql` fail on `session`? (An application version's write that must be refused.)
bool fails(pgshift::db::Session& session, const std::string& sql);
// An operations file of one operation: its fields ("op = \"add_column\"\ntable = ...").
std::string ops(const std::string& fields);

}  // namespace it
