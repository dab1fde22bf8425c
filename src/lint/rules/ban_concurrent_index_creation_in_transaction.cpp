// ban-concurrent-index-creation-in-transaction: CREATE INDEX CONCURRENTLY (and the other
// CONCURRENTLY statements: DROP INDEX, REINDEX, DETACH PARTITION) inside a transaction block
// fails with "cannot run inside a transaction block" (25001). pgshift runs a file holding one
// outside a transaction, so in pgshift's mode only a BEGIN written in the file puts it in one;
// with --standalone the other runner is assumed to wrap the file in a transaction unless it is
// marked `-- pgshift:no-transaction` (squawk's assume_in_transaction).
#include "lint/rule.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (!st.stmt->effects.concurrently || !st.in_transaction) {
      continue;
    }
    const std::string action = "\"" + st.stmt->effects.action + "\"";
    if (st.in_explicit_transaction) {
      Finding& f = out.report(st, action +
                                      " inside the file's BEGIN fails: it cannot run inside a "
                                      "transaction block");
      f.lock.clear();  // it fails before taking any lock
      f.help = file.standalone
                   ? "move it out of BEGIN ... COMMIT, into a migration of its own"
                   : "move it after the block's COMMIT: pgshift runs a statement outside the "
                     "file's BEGIN ... COMMIT blocks on its own";
    } else {
      Finding& f = out.report(st, action +
                                      " fails if the runner wraps the file in a transaction: it "
                                      "cannot run inside a transaction block");
      f.lock.clear();
      f.help =
          "run it outside a transaction, in a migration of its own, and mark that file "
          "-- pgshift:no-transaction to say so";
    }
  }
}

}  // namespace

extern const Rule ban_concurrent_index_creation_in_transaction{
    .id = "ban-concurrent-index-creation-in-transaction",
    .severity = Severity::error,
    .summary = "a CONCURRENTLY statement inside a transaction block fails",
    .check = check,
};

}  // namespace pgshift::lint::rules
