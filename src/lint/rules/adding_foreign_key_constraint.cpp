// adding-foreign-key-constraint: ALTER TABLE ... ADD FOREIGN KEY without NOT VALID, and ADD
// COLUMN ... REFERENCES (which cannot be NOT VALID). PostgreSQL checks every existing row
// against the referenced table while holding SHARE ROW EXCLUSIVE on both tables, so writes to
// either wait for the whole scan. A foreign key in CREATE TABLE, or on a table created earlier
// in the file, has no rows to check. NOT VALID followed by VALIDATE CONSTRAINT in the same
// transaction is constraint-missing-not-valid's finding (as in squawk), not this rule's.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

// "users" or "app.users" for the referenced table of a Constraint, "" when absent.
std::string referenced(const tree::json& constraint) {
  const tree::json* pk = tree::get(constraint, "pktable");
  return pk != nullptr ? tree::table_of(*pk).display() : std::string();
}

// `foreign key "fk_user"` or `foreign key (user_id)`.
std::string describe(const tree::json& constraint) {
  const std::string name = tree::str(constraint, "conname");
  if (!name.empty()) {
    return "foreign key \"" + name + "\"";
  }
  std::string cols;
  for (const std::string& c : tree::strings(tree::items(constraint, "fk_attrs"))) {
    cols += (cols.empty() ? "" : ", ") + c;
  }
  return cols.empty() ? "a foreign key" : "foreign key (" + cols + ")";
}

constexpr const char* k_help =
    "add it NOT VALID (new and updated rows are checked at once), then VALIDATE CONSTRAINT in "
    "a separate transaction, which scans under SHARE UPDATE EXCLUSIVE and lets writes go on "
    "(the add_foreign_key operation does both)";

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(
      file, [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        const auto [c, column_def] = tree::added_constraint(cmd, "CONSTR_FOREIGN");
        if (c == nullptr || (column_def == nullptr && tree::flag(*c, "skip_validation"))) {
          return;  // ADD CONSTRAINT ... NOT VALID (ADD COLUMN ... REFERENCES cannot be NOT VALID)
        }
        const std::string message =
            column_def == nullptr ? "adding " + describe(*c) + " checks every row of table \"" +
                                        table.display() + "\" against \"" + referenced(*c) + "\""
                                  : "adding column \"" + tree::column_of(*column_def).name +
                                        "\" with a foreign key to \"" + referenced(*c) +
                                        "\" checks every row of table \"" + table.display() + "\"";
        Finding& f = out.report(st, message, tree::location(*c));
        f.table = table;
        if (!f.lock.empty()) {
          f.lock += " while every row is checked";
        }
        f.help = column_def == nullptr
                     ? k_help
                     : "add the column without REFERENCES, then ADD CONSTRAINT ... FOREIGN KEY ... "
                       "NOT VALID and VALIDATE CONSTRAINT in a separate transaction (the "
                       "add_foreign_key operation)";
      });
}

}  // namespace

extern const Rule adding_foreign_key_constraint{
    .id = "adding-foreign-key-constraint",
    .severity = Severity::error,
    .summary =
        "adding a foreign key without NOT VALID checks every row while writes to both tables "
        "wait",
    .check = check,
};

}  // namespace pgshift::lint::rules
