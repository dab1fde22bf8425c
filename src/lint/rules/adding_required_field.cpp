// adding-required-field: ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT. On a table
// with rows it fails ("column contains null values"); once it runs, every INSERT of clients
// that do not know the column fails too. Generated and identity columns, and serial ones
// (a nextval() default), fill themselves and are not reported.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

bool is_serial(const std::string& type) {
  return type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
         type == "smallserial" || type == "serial2";
}

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "AlterTableStmt") {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    for (const tree::AlterCmd& cmd : tree::alter_cmds(*st.body)) {
      if (cmd.subtype != "AT_AddColumn" && cmd.subtype != "AT_AddColumnRecurse") {
        continue;
      }
      const tree::json* def = tree::get(*cmd.body, "def");
      const tree::json* column_def = def != nullptr ? tree::as(*def, "ColumnDef") : nullptr;
      if (column_def == nullptr) {
        continue;
      }
      const tree::Column column = tree::column_of(*column_def);
      const tree::json& c = *column_def;
      if (tree::constraint(c, "CONSTR_NOTNULL") == nullptr &&
          tree::constraint(c, "CONSTR_PRIMARY") == nullptr) {
        continue;
      }
      if (tree::constraint(c, "CONSTR_DEFAULT") != nullptr ||
          tree::constraint(c, "CONSTR_GENERATED") != nullptr ||
          tree::constraint(c, "CONSTR_IDENTITY") != nullptr || is_serial(column.type)) {
        continue;
      }
      Finding& f = out.report(
          st,
          "adding column \"" + column.name + "\" NOT NULL without a default fails on table \"" +
              table.display() + "\" when it has rows, and breaks clients that insert without it",
          column.location);
      f.table = table;
      f.help =
          "add the column nullable (or with a non-volatile DEFAULT), fill it in batches "
          "(-- pgshift:batch), then make it NOT NULL through a validated CHECK (the add_column "
          "and set_not_null operations)";
    }
  }
}

}  // namespace

extern const Rule adding_required_field{
    .id = "adding-required-field",
    .severity = Severity::error,
    .summary =
        "adding a NOT NULL column without a default fails on a table with rows and breaks "
        "inserts",
    .check = check,
};

}  // namespace pgshift::lint::rules
