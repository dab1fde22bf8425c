// The SQL of one keyset batch, as pure text builders (unit-tested without a database).
//
// Each batch is ONE statement, so it is its own transaction in autocommit and commits the
// change and the saved cursor together:
//
//   WITH batch AS (SELECT <key> FROM t WHERE (<key>) > (<cursor>) ORDER BY <key> LIMIT n),
//        last AS (<the greatest key of batch>),
//        changed AS (UPDATE t SET ... WHERE <key> <= (last) AND <key> > (<cursor>)
//                    AND (<where>) RETURNING 1),
//        saved AS (UPDATE <history>.backfills SET cursor = last, rows_done = rows_done + ...)
//   SELECT scanned, changed, the new cursor, the row's state
//
// The keys are chosen without the user's WHERE, so each batch reads a bounded range of the
// primary key and the cursor advances even where no row of the range matches. The UPDATE
// re-reads each row under its row lock, so a concurrent update of the same row is seen, not
// overwritten with stale values.
#pragma once

#include <string>

#include "backfill/spec.hpp"
#include "pgshift/status.hpp"

namespace pgshift::backfill {

struct BatchSql {
  // Parameters: $1 = batch size, $2 = backfill name, then (next only) one text parameter per
  // key column, cast to its type.
  std::string first;
  std::string next;
};

// `history_table` is the quoted <schema>.backfills. The spec's SET list and WHERE go in only
// through sql::spliceable: each must be exactly one SET list / condition on its own, spliced in
// parentheses, so that it filters the batch's key range and cannot widen it. Errors:
// invalid_input naming the backfill and the fragment ("its WHERE closes a parenthesis ...").
Result<BatchSql> batch_sql(const Spec& spec, const Table& table, const std::string& history_table);

// The column names of the result: scanned, changed, state, and k0, k1, ... (the cursor, text).
std::string cursor_column(std::size_t i);

}  // namespace pgshift::backfill
