// Batched backfills from the command line and the library (docs/backfill.md): an UPDATE or
// DELETE of one table run in keyset batches over its primary key, each batch its own short
// transaction that also saves the cursor, so the work survives crashes and resumes.
#pragma once

#include <string>
#include <vector>

namespace pgshift {

struct BackfillRequest {
  // The table: `name` or `schema.name` (identifiers as written in SQL; quote mixed case).
  std::string table;
  std::string set;      // "col = expr, ..." (UPDATE); empty with remove
  std::string where;    // the row filter; empty: every row
  bool remove = false;  // DELETE the matching rows instead of updating them
  // The backfill's name (its row in <history>.backfills); empty: "<table>_<8 hex digits>"
  // derived from table, action, SET and WHERE, so the same command resumes the same backfill.
  std::string name;
  bool restart = false;  // start again from the first key, replacing a row of that name
};

// One row of <history>.backfills as status shows it.
struct BackfillInfo {
  std::string name;
  std::string table;   // schema.name
  std::string action;  // update | delete
  std::string set;
  std::string where;
  // running | interrupted (running, but no process runs it) | paused | cancelled | done | failed
  std::string state;
  long long rows_done = 0;     // rows changed
  long long rows_scanned = 0;  // keys visited
  long long rows_estimate = 0;
  long long batches = 0;
  std::string cursor;  // the last key done, as text ("42", "(7,abc)"); empty before the first
  std::string started_at;
  std::string updated_at;
  std::string finished_at;
  int pid = 0;
  std::string host;
  std::string error;
};

struct BackfillRunReport {
  std::string name;
  std::string outcome;  // done | paused | cancelled | interrupted
  long long rows_done = 0;
  long long rows_scanned = 0;
  long long batches = 0;  // in this run
};

}  // namespace pgshift
