// adding-required-field: ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT. On a table
// with rows it fails ("column contains null values"); once it runs, every INSERT of clients
// that do not know the column fails too. Generated and identity columns, and serial ones
// (a nextval() default), fill themselves and are not reported.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"
#include "sql/volatility.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(
      file, [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        const tree::json* column_def = cmd.is("AT_AddColumn") ? tree::column_def_of(cmd) : nullptr;
        if (column_def == nullptr) {
          return;
        }
        const tree::Column column = tree::column_of(*column_def);
        const tree::json& c = *column_def;
        if (tree::constraint(c, "CONSTR_NOTNULL") == nullptr &&
            tree::constraint(c, "CONSTR_PRIMARY") == nullptr) {
          return;
        }
        if (tree::constraint(c, "CONSTR_DEFAULT") != nullptr ||
            tree::constraint(c, "CONSTR_GENERATED") != nullptr ||
            tree::constraint(c, "CONSTR_IDENTITY") != nullptr || sql::is_serial_type(column.type)) {
          return;
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
      });
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
