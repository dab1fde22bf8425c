// constraint-missing-not-valid: two ways of checking every existing row while the table is
// locked, for the constraints that can be added NOT VALID (CHECK, FOREIGN KEY):
// - ALTER TABLE ... ADD CONSTRAINT without NOT VALID: the scan runs under the ADD's lock
//   (ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE on both tables for a foreign key);
// - VALIDATE CONSTRAINT in the same transaction as the NOT VALID add of that constraint: the
//   add's lock is held until commit, so the scan runs under it after all.
// How the file runs decides what "the same transaction" is: pgshift runs a file in one
// transaction unless it is `-- pgshift:no-transaction` (or holds a statement that cannot run in
// one); BEGIN ... COMMIT written in the file make one too. UNIQUE, PRIMARY KEY and EXCLUDE
// cannot be NOT VALID: disallowed-unique-constraint and adding-serial-primary-key-field.
#include <map>
#include <utility>

#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

// Which transaction each statement runs in: equal keys share one; a statement that runs on its
// own (autocommit) gets a key of its own.
std::vector<long> transactions(const FileContext& file) {
  std::vector<long> keys;
  long current = 0;
  for (const StatementInfo& st : file.statements) {
    if (st.stmt->tx == sql::TxControl::begin) {
      ++current;
    }
    keys.push_back(st.in_transaction ? current : -1 - static_cast<long>(st.index));
    if (st.stmt->tx == sql::TxControl::commit || st.stmt->tx == sql::TxControl::rollback) {
      ++current;
    }
  }
  return keys;
}

std::string kind_of(const std::string& contype) {
  return contype == "CONSTR_CHECK" ? "check constraint" : "foreign key";
}

struct NotValidAdd {
  std::size_t statement;
  std::string kind;
};

void check(const FileContext& file, Sink& out) {
  const std::vector<long> tx = transactions(file);
  std::map<std::pair<std::string, std::string>, NotValidAdd> not_valid;  // (table, name)
  for_each_alter_cmd(file, [&](const StatementInfo& st, const TableRef& table,
                               const tree::AlterCmd& cmd) {
    if (cmd.is("AT_AddConstraint")) {
      const tree::json* def = tree::get(*cmd.body, "def");
      const tree::json* c = def != nullptr ? tree::as(*def, "Constraint") : nullptr;
      const std::string contype = c != nullptr ? tree::str(*c, "contype") : std::string();
      if (contype != "CONSTR_CHECK" && contype != "CONSTR_FOREIGN") {
        return;
      }
      const std::string name = tree::str(*c, "conname");
      if (tree::flag(*c, "skip_validation")) {
        not_valid[{table.key(), name}] = {st.index, kind_of(contype)};
        return;
      }
      const std::string what =
          kind_of(contype) + (name.empty() ? std::string() : " \"" + name + "\"");
      Finding& f = out.report(st,
                              "adding " + what + " without NOT VALID checks every row of table \"" +
                                  table.display() + "\" while the table is locked",
                              tree::location(*c));
      f.table = table;
      if (!f.lock.empty()) {
        f.lock += " while every row is checked";
      }
      f.help = "add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (the " +
               std::string(contype == "CONSTR_CHECK" ? "add_check" : "add_foreign_key") +
               " operation does both)";
    } else if (cmd.is("AT_ValidateConstraint")) {
      const std::string name = tree::str(*cmd.body, "name");
      const auto add = not_valid.find({table.key(), name});
      if (add == not_valid.end() || tx[add->second.statement] != tx[st.index]) {
        return;
      }
      const StatementInfo& added = file.statements[add->second.statement];
      Finding& f =
          out.report(st, "validating " + add->second.kind + " \"" + name +
                             "\" in the same transaction as its NOT VALID add (line " +
                             std::to_string(added.stmt->line) + ") checks every row of table \"" +
                             table.display() + "\" under the add's lock");
      f.table = table;
      f.lock = lock_on(*added.stmt, table);
      if (!f.lock.empty()) {
        f.lock += " (taken by the add, held until commit) while every row is checked";
      }
      f.help = st.in_explicit_transaction
                   ? "move VALIDATE CONSTRAINT after the COMMIT, so that it runs in a "
                     "transaction of its own under SHARE UPDATE EXCLUSIVE"
                   : "move VALIDATE CONSTRAINT into a migration of its own, or mark this file "
                     "-- pgshift:no-transaction so that each statement commits on its own";
    }
  });
}

}  // namespace

extern const Rule constraint_missing_not_valid{
    .id = "constraint-missing-not-valid",
    .severity = Severity::error,
    .summary =
        "a CHECK or foreign key added without NOT VALID, or validated in the same transaction, "
        "checks every row under a blocking lock",
    .check = check,
};

}  // namespace pgshift::lint::rules
