// adding-foreign-key-constraint: ALTER TABLE ... ADD FOREIGN KEY without NOT VALID, and ADD
// COLUMN ... REFERENCES (which cannot be NOT VALID). PostgreSQL checks every existing row
// against the referenced table while holding SHARE ROW EXCLUSIVE on both tables, so writes to
// either wait for the whole scan. A foreign key in CREATE TABLE, or on a table created earlier
// in the file, has no rows to check. NOT VALID followed by VALIDATE CONSTRAINT in the same
// transaction is constraint-missing-not-valid's finding (as in squawk), not this rule's.
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
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "AlterTableStmt") {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    for (const tree::AlterCmd& cmd : tree::alter_cmds(*st.body)) {
      const tree::json* def = tree::get(*cmd.body, "def");
      if (def == nullptr) {
        continue;
      }
      if (cmd.subtype == "AT_AddConstraint" || cmd.subtype == "AT_AddConstraintRecurse") {
        const tree::json* c = tree::as(*def, "Constraint");
        if (c == nullptr || tree::str(*c, "contype") != "CONSTR_FOREIGN" ||
            tree::flag(*c, "skip_validation")) {
          continue;
        }
        Finding& f = out.report(st,
                                "adding " + describe(*c) + " checks every row of table \"" +
                                    table.display() + "\" against \"" + referenced(*c) + "\"",
                                tree::location(*c));
        f.table = table;
        if (!f.lock.empty()) {
          f.lock += " while every row is checked";
        }
        f.help = k_help;
      } else if (cmd.subtype == "AT_AddColumn" || cmd.subtype == "AT_AddColumnRecurse") {
        const tree::json* column_def = tree::as(*def, "ColumnDef");
        const tree::json* c =
            column_def != nullptr ? tree::constraint(*column_def, "CONSTR_FOREIGN") : nullptr;
        if (c == nullptr) {
          continue;
        }
        const tree::Column column = tree::column_of(*column_def);
        Finding& f = out.report(st,
                                "adding column \"" + column.name + "\" with a foreign key to \"" +
                                    referenced(*c) + "\" checks every row of table \"" +
                                    table.display() + "\"",
                                tree::location(*c));
        f.table = table;
        if (!f.lock.empty()) {
          f.lock += " while every row is checked";
        }
        f.help =
            "add the column without REFERENCES, then ADD CONSTRAINT ... FOREIGN KEY ... NOT "
            "VALID and VALIDATE CONSTRAINT in a separate transaction (the add_foreign_key "
            "operation)";
      }
    }
  }
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
