// unnamed-concurrent-index (pgshift's own): CREATE INDEX CONCURRENTLY without an index name.
// A concurrent build that fails or is interrupted leaves an INVALID index behind, maintained by
// every write and never removed by PostgreSQL. pgshift finds that leftover by name, drops it and
// builds again, and checks after the build that the index is valid (exec/concurrent_index.cpp);
// without a name it can do neither, and each retry leaves another "<table>_<column>_idx<N>".
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "IndexStmt" || !tree::flag(*st.body, "concurrent") ||
        !tree::str(*st.body, "idxname").empty()) {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    Finding& f = out.report(st, "index on \"" + table.display() +
                                    "\" built CONCURRENTLY without a name: an invalid index a "
                                    "failed build leaves cannot be found and dropped by name");
    f.lock.clear();  // about failure handling, not the lock
    f.help = file.standalone
                 ? "name the index, and after a failure drop the invalid index by that name "
                   "before building it again"
                 : "name the index (CREATE INDEX CONCURRENTLY <name> ON ...): pgshift then drops "
                   "an invalid leftover of that name before building, and checks the index is "
                   "valid after it";
  }
}

}  // namespace

extern const Rule unnamed_concurrent_index{
    .id = "unnamed-concurrent-index",
    .severity = Severity::warning,
    .summary =
        "CREATE INDEX CONCURRENTLY without a name: a failed build's invalid index cannot be "
        "checked or cleaned up by name",
    .check = check,
};

}  // namespace pgshift::lint::rules
