// What a `-- pgshift:batch` statement changes, read from its parse tree and tokens: the one
// table, its alias, the SET list and the WHERE clause as written. The backfill runs these in
// keyset batches (src/backfill/). Statements that cannot be cut into batches say why.
#pragma once

#include <string>

namespace pgshift::sql {

struct BatchTarget {
  std::string schema;  // as written; empty when unqualified
  std::string table;
  std::string alias;      // "u" of "UPDATE users u"; empty when none
  std::string set_sql;    // "a = 1, b = c + 1" (UPDATE); empty for DELETE
  std::string where_sql;  // empty: every row
  bool remove = false;    // DELETE
  // Non-empty when the statement cannot be batched: "it has a FROM clause", ...
  std::string unsupported;
};

}  // namespace pgshift::sql
