// transaction-nesting: transaction control that does not do what the file means.
// - Everywhere: a BEGIN while the file's own transaction is open (PostgreSQL only warns, and the
//   first COMMIT then ends both), a COMMIT or ROLLBACK with no transaction open.
// - With pgshift: it runs each migration in a transaction of its own and accepts exactly one
//   BEGIN ... COMMIT around the whole file as that transaction (exec::strip_wrapper). Any other
//   transaction control (a block that is not the whole file, SAVEPOINT ...) is refused by `up`,
//   and so is a wrapper around a file pgshift must run outside a transaction
//   (-- pgshift:no-transaction, -- pgshift:batch, VACUUM ...; CONCURRENTLY statements are
//   ban-concurrent-index-creation-in-transaction's).
#include <algorithm>
#include <cctype>

#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

std::string keyword(const StatementInfo& st) {
  std::string word = st.stmt->text.substr(0, st.stmt->text.find_first_of(" \t\r\n"));
  for (char& c : word) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return word == "START" ? "START TRANSACTION" : word;
}

const char* k_help =
    "pgshift runs each migration in a transaction of its own: keep at most one BEGIN ... COMMIT "
    "around the whole file, and put what must commit separately in a migration of its own";

void check(const FileContext& file, Sink& out) {
  const auto& stmts = file.statements;
  // The wrapper pgshift takes as the migration's transaction (exec::strip_wrapper).
  const bool wrapped = !file.standalone && stmts.size() >= 2 &&
                       stmts.front().stmt->tx == sql::TxControl::begin &&
                       stmts.back().stmt->tx == sql::TxControl::commit;
  bool open = false;
  for (const StatementInfo& st : stmts) {
    const sql::TxControl tx = st.stmt->tx;
    if (tx == sql::TxControl::none) {
      continue;
    }
    const bool wrapper = wrapped && (st.index == 0 || st.index + 1 == stmts.size());
    const std::string word = keyword(st);
    if (tx == sql::TxControl::begin && open) {
      Finding& f = out.report(st, word +
                                      " inside the file's open transaction starts no new one: "
                                      "the next COMMIT ends both");
      f.lock.clear();
      f.help = file.standalone ? "remove the inner BEGIN, or COMMIT the first transaction before it"
                               : k_help;
    } else if ((tx == sql::TxControl::commit || tx == sql::TxControl::rollback) && !open) {
      Finding& f = out.report(st, word + " with no transaction open");
      f.lock.clear();
      f.help = "remove it, or BEGIN a transaction earlier in the file";
    } else if (wrapper && st.index == 0 && !file.transactional) {
      const bool concurrently = std::any_of(stmts.begin(), stmts.end(), [](const StatementInfo& s) {
        return s.stmt->effects.concurrently;
      });
      if (!concurrently) {
        Finding& f = out.report(st, "the file wraps itself in " + word +
                                        " ... COMMIT, but pgshift must run it outside a "
                                        "transaction: pgshift refuses the file");
        f.lock.clear();
        f.help =
            "remove BEGIN and COMMIT (-- pgshift:no-transaction and -- pgshift:batch files, and "
            "statements such as VACUUM, run one statement at a time)";
      }
    } else if (!file.standalone && !wrapper) {
      Finding& f = out.report(st, word +
                                      " is not part of one BEGIN ... COMMIT around the whole file: "
                                      "pgshift refuses the file");
      f.lock.clear();
      f.help = k_help;
    }
    if (tx == sql::TxControl::begin) {
      open = true;
    } else if (tx == sql::TxControl::commit || tx == sql::TxControl::rollback) {
      open = tree::flag(*st.body, "chain");
    }
  }
}

}  // namespace

extern const Rule transaction_nesting{
    .id = "transaction-nesting",
    .severity = Severity::error,
    .summary =
        "a BEGIN inside a transaction, a COMMIT without one, or transaction control pgshift "
        "refuses",
    .check = check,
};

}  // namespace pgshift::lint::rules
