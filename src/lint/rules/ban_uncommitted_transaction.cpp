// ban-uncommitted-transaction: a BEGIN (or START TRANSACTION) that no COMMIT or ROLLBACK ends
// before the end of the file. psql leaves the transaction open and PostgreSQL rolls it back
// when the session ends, so the migration silently does nothing (and holds its locks until
// then); pgshift refuses the file, since it runs each block to its COMMIT.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  const StatementInfo* open = nullptr;  // the BEGIN that opened the transaction still open
  for (const StatementInfo& st : file.statements) {
    const std::string kind = tree::str(*st.body, "kind");
    if (st.stmt->tx == sql::TxControl::begin) {
      if (open == nullptr) {
        open = &st;
      }
    } else if (st.stmt->tx == sql::TxControl::commit && tree::flag(*st.body, "chain")) {
      open = &st;  // COMMIT AND CHAIN starts the next transaction at once
    } else if (st.stmt->tx == sql::TxControl::commit || st.stmt->tx == sql::TxControl::rollback ||
               kind == "TRANS_STMT_PREPARE") {
      open = tree::flag(*st.body, "chain") ? &st : nullptr;
    }
  }
  if (open == nullptr) {
    return;
  }
  Finding& f =
      out.report(*open, "transaction is never committed: " +
                            std::string(file.standalone ? "its changes are rolled back when the "
                                                          "session ends"
                                                        : "pgshift refuses the file"));
  f.lock.clear();
  f.help = file.standalone ? "end the file with COMMIT"
                           : "end the block with COMMIT, or remove the BEGIN: pgshift runs a "
                             "file without BEGIN in a transaction of its own";
}

}  // namespace

extern const Rule ban_uncommitted_transaction{
    .id = "ban-uncommitted-transaction",
    .severity = Severity::error,
    .summary = "a BEGIN that no COMMIT or ROLLBACK ends",
    .check = check,
};

}  // namespace pgshift::lint::rules
