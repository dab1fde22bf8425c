// transaction-nesting: transaction control that does not do what the file means.
// - With pgshift: the file runs as written (sql::transaction_units): each BEGIN ... COMMIT
//   block is one transaction, each statement outside the blocks commits on its own. What it
//   cannot run that way is refused by `up` and reported here, with the same message: a BEGIN
//   inside a block, a COMMIT without one, ROLLBACK, SAVEPOINT ..., a statement that cannot run
//   in a transaction block inside one (CONCURRENTLY statements are
//   ban-concurrent-index-creation-in-transaction's), a -- pgshift:batch statement in a block,
//   BEGIN in a -- pgshift:no-transaction file. A BEGIN that is never committed is
//   ban-uncommitted-transaction's.
// - With --standalone (psql and others run the file as written): a BEGIN while the file's own
//   transaction is open (PostgreSQL only warns, and the first COMMIT then ends both), a COMMIT
//   or ROLLBACK with no transaction open.
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

void check_standalone(const FileContext& file, Sink& out) {
  bool open = false;
  for (const StatementInfo& st : file.statements) {
    const sql::TxControl tx = st.stmt->tx;
    if (tx == sql::TxControl::begin && open) {
      Finding& f = out.report(st, keyword(st) +
                                      " inside the file's open transaction starts no new one: "
                                      "the next COMMIT ends both");
      f.lock.clear();
      f.help = "remove the inner BEGIN, or COMMIT the first transaction before it";
    } else if ((tx == sql::TxControl::commit || tx == sql::TxControl::rollback) && !open) {
      Finding& f = out.report(st, keyword(st) + " with no transaction open");
      f.lock.clear();
      f.help = "remove it, or BEGIN a transaction earlier in the file";
    }
    if (tx == sql::TxControl::begin) {
      open = true;
    } else if (tx == sql::TxControl::commit || tx == sql::TxControl::rollback) {
      open = tree::flag(*st.body, "chain");
    }
  }
}

void check(const FileContext& file, Sink& out) {
  if (file.standalone) {
    check_standalone(file, out);
    return;
  }
  using Kind = sql::TxProblem::Kind;
  for (const sql::TxProblem& p : file.layout.problems) {
    const StatementInfo& st = file.statements[p.statement];
    if (p.kind == Kind::uncommitted ||
        (p.kind == Kind::autocommit_in_block && st.stmt->effects.concurrently)) {
      continue;  // the other rules' findings (see the top of the file)
    }
    Finding& f = p.directive_line != 0 ? out.report_at(p.directive_line, 1, p.message)
                                       : out.report(st, p.message);
    f.lock.clear();
    f.help = p.help;
  }
}

}  // namespace

extern const Rule transaction_nesting{
    .id = "transaction-nesting",
    .severity = Severity::error,
    .summary =
        "a BEGIN inside a transaction, a COMMIT without one, or transaction control pgshift "
        "cannot run as written",
    .check = check,
};

}  // namespace pgshift::lint::rules
