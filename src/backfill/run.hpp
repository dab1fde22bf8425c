// Running a batched backfill (docs/design.md §8): resolve and check the statement, claim its row in
// <history>.backfills, then batch after batch until the key range is exhausted, paused,
// cancelled or interrupted. Every batch commits its change together with the saved cursor, so
// whatever stops the run (a crash, SIGKILL, SIGTERM), the next run resumes after the last
// committed batch and no row is changed twice or skipped.
#pragma once

#include <string>

#include "backfill/spec.hpp"
#include "db/session.hpp"
#include "exec/ladder.hpp"
#include "exec/monitor.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"
#include "pgshift/status.hpp"

namespace pgshift::backfill {

struct Context {
  // The session the batches run on. The backfill SETs lock_timeout and statement_timeout on it
  // and RESETs them when done, so it must not be inside a transaction.
  db::Session& session;
  std::string history_schema;
  const EventSink& sink;
  CancelToken* cancel = nullptr;     // checked between batches: the running batch completes
  exec::Monitor* monitor = nullptr;  // measures lock waiters on the batches (optional)
  exec::LadderConfig ladder;         // lock_timeout rungs when a batch meets a lock
  std::string host;                  // recorded with the row
};

enum class Outcome {
  done,         // every key visited (also: it was already done)
  paused,       // `pgshift backfill pause` asked it to stop; `resume` continues
  cancelled,    // `pgshift backfill cancel`
  interrupted,  // SIGINT/SIGTERM: the last batch committed, the next run resumes
};

struct Report {
  Outcome outcome = Outcome::done;
  long long rows_done = 0;     // in total, earlier runs included
  long long rows_scanned = 0;  // keys visited, in total
  long long batches = 0;       // in this run
};

// `restart`: start again from the first key even when a row of that name exists (done,
// cancelled, or for a different statement). Errors: invalid_input (table, key, SQL, a
// different statement under the same name, done/cancelled without restart), lock_timeout
// (another process runs this backfill now), failed (a batch failed: the row is marked failed;
// a later run resumes from the last committed batch).
Result<Report> run(Context& ctx, const Spec& spec, bool restart);

const char* outcome_name(Outcome o);

}  // namespace pgshift::backfill
