// require-concurrent-reindex: REINDEX without CONCURRENTLY (REINDEX SYSTEM has no concurrent
// form and is not reported). It holds SHARE on the table, so writes wait, and ACCESS EXCLUSIVE
// on each index it rebuilds, so every query that would use one waits too, for the whole
// rebuild. CONCURRENTLY exists from PostgreSQL 12 on; before, the help rebuilds by hand.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "ReindexStmt" || st.stmt->effects.concurrently) {
      continue;
    }
    const std::string kind = tree::str(*st.body, "kind");
    std::string what;
    std::optional<TableRef> table;
    if (kind == "REINDEX_OBJECT_INDEX") {
      what = "index \"" + tree::relation_of(*st.body).display() + "\"";
    } else if (kind == "REINDEX_OBJECT_TABLE") {
      table = tree::relation_of(*st.body);
      what = "the indexes of table \"" + table->display() + "\"";
    } else if (kind == "REINDEX_OBJECT_SCHEMA") {
      what = "every index of schema \"" + tree::str(*st.body, "name") + "\"";
    } else if (kind == "REINDEX_OBJECT_DATABASE") {
      what = "every index of the database";
    } else {
      continue;  // SYSTEM: no CONCURRENTLY form
    }
    const bool one = kind == "REINDEX_OBJECT_INDEX";
    Finding& f = out.report(
        st, "rebuilding " + what + " without CONCURRENTLY blocks writes to " +
                (one ? "its table and the queries that use it until it is"
                     : "the tables and the queries that use the indexes until they are") +
                " rebuilt");
    f.table = table;
    if (!f.lock.empty()) {
      f.lock += " while the index is rebuilt";
    }
    if (file.pg_version < 120000) {
      f.help =
          "before PostgreSQL 12 REINDEX has no CONCURRENTLY: CREATE INDEX CONCURRENTLY a copy, "
          "DROP INDEX CONCURRENTLY the old one and rename the copy (the create_index and "
          "drop_index operations)";
    } else {
      f.help = file.standalone
                   ? "REINDEX ... CONCURRENTLY, in a migration of its own marked "
                     "-- pgshift:no-transaction (it cannot run inside a transaction block)"
                   : "REINDEX ... CONCURRENTLY: pgshift runs the file outside a transaction";
    }
  }
}

}  // namespace

extern const Rule require_concurrent_reindex{
    .id = "require-concurrent-reindex",
    .severity = Severity::error,
    .summary = "REINDEX without CONCURRENTLY blocks writes and the queries that use the index",
    .check = check,
};

}  // namespace pgshift::lint::rules
