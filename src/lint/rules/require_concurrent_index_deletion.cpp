// require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY. It takes ACCESS
// EXCLUSIVE on the index's table: it waits for every running query on the table, and every
// query arriving meanwhile waits behind it. The statement names only the index: its table is
// the one the run created the index on (CREATE INDEX, a constraint's index, followed through
// renames), else the target's, so that an index of a table created earlier in the run or of a
// small table is judged like any hazard on that table. An index that the run dropped before,
// or that neither the run nor the target has, is not there to drop.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "DropStmt" || tree::str(*st.body, "removeType") != "OBJECT_INDEX" ||
        st.stmt->effects.concurrently) {
      continue;
    }
    for (const tree::json& object : tree::items(*st.body, "objects")) {
      const TableRef index = tree::object_name(object);
      const IndexState state = file.index_state(index, st.index);
      if (index.name.empty() || state.absent) {
        continue;  // no such index here: the statement drops nothing (IF EXISTS) or fails
      }
      Finding& f = out.report(st, "dropping index \"" + index.display() +
                                      "\" without CONCURRENTLY blocks reads and writes of its "
                                      "table while it waits for running queries");
      f.table = state.table;
      f.lock = lock_on(*st.stmt, index);
      f.help = file.standalone
                   ? "DROP INDEX CONCURRENTLY, in a migration of its own marked "
                     "-- pgshift:no-transaction (it cannot run inside a transaction block)"
                   : "DROP INDEX CONCURRENTLY: pgshift runs the file outside a transaction (the "
                     "drop_index operation)";
    }
  }
}

}  // namespace

extern const Rule require_concurrent_index_deletion{
    .id = "require-concurrent-index-deletion",
    .severity = Severity::error,
    .summary = "DROP INDEX without CONCURRENTLY locks the table against reads and writes",
    .check = check,
};

}  // namespace pgshift::lint::rules
