// constraint-missing-not-valid: two ways of checking every existing row while the table is
// locked, for the constraints that can be added NOT VALID (CHECK, FOREIGN KEY):
// - ALTER TABLE ... ADD CONSTRAINT without NOT VALID: the scan runs under the ADD's lock
//   (ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE on both tables for a foreign key);
// - VALIDATE CONSTRAINT in the same transaction as the NOT VALID add of that constraint: the
//   add's lock is held until commit, so the scan runs under it after all.
// How the file runs decides what "the same transaction" is: the unit pgshift runs it in (the
// whole file, a BEGIN ... COMMIT block of it, or the statement alone), or with --standalone the
// other runner's transaction. UNIQUE, PRIMARY KEY and EXCLUDE
// cannot be NOT VALID: disallowed-unique-constraint and adding-serial-primary-key-field.
#include <map>
#include <utility>

#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

// Do statements `a` and `b` commit together (StatementInfo::unit)?
bool same_transaction(const StatementInfo& a, const StatementInfo& b) {
  return a.in_transaction && b.in_transaction && a.unit == b.unit;
}

std::string kind_of(const std::string& contype) {
  return contype == "CONSTR_CHECK" ? "check constraint" : "foreign key";
}

struct NotValidAdd {
  std::size_t statement;
  std::string kind;
};

void check(const FileContext& file, Sink& out) {
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
      if (add == not_valid.end()) {
        return;
      }
      const StatementInfo& added = file.statements[add->second.statement];
      if (!same_transaction(added, st)) {
        return;
      }
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
                   : "wrap the statements up to the add in BEGIN ... COMMIT and put VALIDATE "
                     "CONSTRAINT after the COMMIT (pgshift runs such blocks as written), or move "
                     "it into a migration of its own";
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
