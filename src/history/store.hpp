// Store: pgshift's tables in the target database (docs/design.md §5).
//
//   <schema>.meta        key/value: schema_version, baseline_version
//   <schema>.migrations  one row per applied (or partial, failed, expanded) migration
//   <schema>.events      append-only audit log of every up, down, baseline, adopt and repair
//   <schema>.backfills   one row per batched backfill: cursor, counts, state (layout 2)
//
// The Store runs its statements on the session it is given and opens no transaction itself:
// the executor decides, so that a transactional migration's history row commits or rolls back
// with the migration.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/session.hpp"
#include "pgshift/status.hpp"

namespace pgshift::history {

// The history layout this pgshift writes; older layouts are upgraded, newer ones refused.
inline constexpr int k_schema_version = 3;

// What a migration is: SQL files, or an operations file (expand/contract).
enum class Kind { sql, ops };
// Where a migration's history row stands.
enum class RowState { applied, partial, expanded, failed };
// The names the history's `kind` and `state` columns hold (and messages show): "sql",
// "partial", ... The columns' CHECK constraints admit exactly these names.
const char* kind_name(Kind kind);
const char* state_name(RowState state);
std::optional<Kind> parse_kind(std::string_view name);
std::optional<RowState> parse_state(std::string_view name);

struct MigrationRow {
  std::string version;  // canonical version, or a repeatable migration's key (R__<description>)
  std::string name;
  Kind kind = Kind::sql;
  RowState state = RowState::applied;
  std::string checksum_up;
  std::string checksum_down;  // empty when there is no down SQL
  std::string checksum_mode = "normalized";
  int statements_done = 0;                       // non-transactional files: statements run
  std::vector<std::string> statement_checksums;  // ... and the checksum of each
  std::string started_at;                        // as text from the server (ISO 8601)
  std::string finished_at;
  long long duration_ms = 0;
  std::string applied_by_role;
  std::string applied_by_host;
  std::string applied_by_application;
  std::string tool_version;
  bool baseline = false;
  std::string error;  // last error, for partial and failed rows
};

struct EventRow {
  // up | down | baseline | adopt | repair | plan | expand | complete | rollback
  std::string action;
  std::string version;  // may be empty (whole-run events)
  std::string name;
  std::string outcome;  // ok | failed | interrupted
  std::string detail;   // message or JSON text with specifics
  std::string at;       // filled when read back
  std::string role;
  std::string host;
};

// Who runs pgshift, recorded with every row and event.
struct Actor {
  std::string host;
  std::string application;
  std::string tool_version;
};

class Store {
 public:
  Store(db::Session& session, std::string schema, Actor actor);

  // True when the schema and its tables exist (read-only check).
  Result<bool> installed();
  // Creates the schema and tables, or upgrades an older layout, in one transaction. Call it
  // while holding the runner lock. A newer layout than k_schema_version is refused (drift).
  Status install_or_upgrade();

  // Refuses (invalid_input) a history schema named like the connecting role while search_path
  // starts with "$user": the migrations' unqualified tables would be created in it.
  Status check_search_path();

  // All migration rows, ordered by version; empty when not installed.
  Result<std::vector<MigrationRow>> load();
  Result<std::optional<std::string>> baseline_version();
  Status set_baseline_version(const std::string& version);

  // Inserts or replaces a row (started_at is the transaction's start, finished_at now), and
  // appends `event` in the same statement: one round trip per applied migration.
  Status save(const MigrationRow& row, const EventRow& event);
  // The statements of save() and remove() as SQL and parameters, for the executor to send
  // together with its COMMIT in one round trip (db::inline_params).
  struct Statement {
    std::string sql;
    std::vector<db::Param> params;
  };
  Statement save_statement(const MigrationRow& row, const EventRow& event) const;
  Statement remove_statement(const std::string& version, const EventRow& event) const;

  // Records progress of a non-transactional file: statements_done, checksums, state, error.
  Status save_progress(const MigrationRow& row);
  // save_progress's statement, for the executor to send inside a unit's transaction, so the
  // progress commits with the statements it counts.
  Statement progress_statement(const MigrationRow& row) const;
  // Replaces the recorded checksums of a row (repair), appending `event` in the same
  // statement. Everything else about the row (when and by whom it ran) is kept.
  Status update_checksums(const MigrationRow& row, const EventRow& event);
  // Deletes a row and appends `event` in the same statement.
  Status remove(const std::string& version, const EventRow& event);
  Status record_event(const EventRow& event);
  // The newest `limit` events, newest first.
  Result<std::vector<EventRow>> recent_events(int limit);
  // The newest event of `action` for `version` (an operations migration's stored plan is the
  // detail of its "plan" event); nullopt when there is none.
  Result<std::optional<EventRow>> latest_event(const std::string& action,
                                               const std::string& version);
  // The newest whole-run event of `action` (one that names no migration, like the summary of a
  // baseline or an adoption); nullopt when there is none or history is not installed.
  Result<std::optional<EventRow>> latest_run_event(const std::string& action);

  const std::string& schema() const { return m_schema; }

 private:
  std::string table(const char* name) const;
  db::Session& m_session;
  std::string m_schema;
  Actor m_actor;
};

}  // namespace pgshift::history
