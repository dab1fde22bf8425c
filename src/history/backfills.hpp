// The <schema>.backfills table (history layout 2): one row per batched backfill, so that a
// backfill interrupted by a crash, a signal or `pgshift backfill pause` resumes where it was.
// Each batch updates its row's cursor and counts in the batch's own statement
// (src/backfill/batch_sql.hpp); this class writes everything else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/session.hpp"
#include "pgshift/status.hpp"

namespace pgshift::history {

struct BackfillRow {
  std::string name;
  std::string schema;
  std::string table;
  std::string action = "update";  // update | delete
  std::string set_sql;
  std::string where_sql;
  std::vector<std::string> key_columns;
  std::vector<std::string> cursor;  // the last key done, as text; empty: not started
  long long rows_done = 0;          // rows changed (updated or deleted)
  long long rows_scanned = 0;       // keys visited: progress against the table's row estimate
  long long batches = 0;
  long long rows_estimate = 0;
  std::string state = "running";  // running | paused | cancelled | done | failed
  std::string started_at;         // ISO 8601 UTC
  std::string updated_at;
  std::string finished_at;
  int pid = 0;         // backend pid of the session running it (while running)
  bool alive = false;  // that backend still exists: the backfill is really running
  std::string role;
  std::string host;
  std::string error;
};

class Backfills {
 public:
  Backfills(db::Session& session, std::string schema);

  std::string table() const;  // quoted <schema>.backfills
  Result<std::optional<BackfillRow>> get(const std::string& name);
  // Every row, newest first; `active_only`: running and paused ones.
  Result<std::vector<BackfillRow>> list(bool active_only);
  // Inserts a fresh row (state running, no cursor), replacing a finished one of that name.
  Status start(const BackfillRow& row);
  // Marks the row as run by this session now (state running, pid, host, estimate).
  Status claim(const std::string& name, const std::string& host, long long rows_estimate);
  // Sets the state (and finished_at for done/cancelled/failed, error for failed).
  Status set_state(const std::string& name, const std::string& state,
                   const std::string& error = "");
  // Forgets this session as the row's runner (it stopped; the state says why).
  Status release(const std::string& name);
  // Deletes the rows whose name starts with `prefix` (a reverted migration's backfills).
  Status remove_prefix(const std::string& prefix);

 private:
  db::Session& m_session;
  std::string m_schema;
};

}  // namespace pgshift::history
