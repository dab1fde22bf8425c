// require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY on an existing table.
// The build reads every row while holding SHARE on the table: reads go on, every INSERT, UPDATE
// and DELETE waits until the index is built. A table created earlier in the file is empty. With
// CONCURRENTLY nothing else is needed in pgshift's mode: pgshift runs such a file outside a
// transaction (a BEGIN written in the file is ban-concurrent-index-creation-in-transaction's).
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "IndexStmt" || st.stmt->effects.concurrently) {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    const std::string name = tree::str(*st.body, "idxname");
    Finding& f = out.report(
        st, "creating " + (name.empty() ? std::string("an index") : "index \"" + name + "\"") +
                " without CONCURRENTLY blocks writes to table \"" + table.display() +
                "\" while it reads every row");
    f.table = table;
    f.lock = lock_on(*st.stmt, table);
    if (!f.lock.empty()) {
      f.lock += " while the index is built";
    }
    f.help = file.standalone
                 ? "CREATE INDEX CONCURRENTLY, in a migration of its own marked "
                   "-- pgshift:no-transaction (it cannot run inside a transaction block)"
                 : "CREATE INDEX CONCURRENTLY: pgshift runs the file outside a transaction "
                   "(the create_index operation)";
  }
}

}  // namespace

extern const Rule require_concurrent_index_creation{
    .id = "require-concurrent-index-creation",
    .severity = Severity::error,
    .summary = "CREATE INDEX without CONCURRENTLY blocks writes while it reads the whole table",
    .check = check,
};

}  // namespace pgshift::lint::rules
