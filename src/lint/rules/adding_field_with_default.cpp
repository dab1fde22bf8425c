// adding-field-with-default: ALTER TABLE ... ADD COLUMN whose value must be computed for every
// existing row, so PostgreSQL rewrites the table under ACCESS EXCLUSIVE: a volatile default
// (random(), gen_random_uuid(), nextval() ...), serial, identity and stored generated columns,
// and before PostgreSQL 11 any default at all (11 stores a non-volatile default in the catalog).
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"
#include "sql/volatility.hpp"

namespace pgshift::lint::rules {
namespace {

// Why adding this column rewrites the table ("" when it does not).
std::string rewrite_reason(const tree::Column& column, int pg_version) {
  if (sql::is_serial_type(column.type)) {
    return "serial column \"" + column.name + "\"";
  }
  if (tree::constraint(*column.body, "CONSTR_IDENTITY") != nullptr) {
    return "identity column \"" + column.name + "\"";
  }
  if (tree::constraint(*column.body, "CONSTR_GENERATED") != nullptr) {
    return "stored generated column \"" + column.name + "\"";
  }
  const tree::json* def = tree::constraint(*column.body, "CONSTR_DEFAULT");
  const tree::json* expr = def != nullptr ? tree::get(*def, "raw_expr") : nullptr;
  if (expr == nullptr) {
    return "";
  }
  if (std::string part = sql::volatile_part(*expr); !part.empty()) {
    return "column \"" + column.name + "\" with a volatile default (" + part + ")";
  }
  if (pg_version < 110000) {
    return "column \"" + column.name + "\" with a default";
  }
  return "";
}

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(
      file, "AT_AddColumn",
      [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        const tree::json* column_def = tree::column_def_of(cmd);
        if (column_def == nullptr) {
          return;
        }
        const tree::Column column = tree::column_of(*column_def);
        const std::string reason = rewrite_reason(column, file.pg_version);
        if (reason.empty()) {
          return;
        }
        const bool old_server = reason.ends_with("with a default");
        Finding& f = out.report(st,
                                "adding " + reason + " rewrites table \"" + table.display() + "\"" +
                                    (old_server ? " before PostgreSQL 11" : ""),
                                column.location);
        f.table = table;
        f.lock = lock_on(*st.stmt, table) + " while every row is rewritten";
        f.help = old_server
                     ? "add the column without a default, then SET DEFAULT in a second statement "
                       "(new rows only) and fill the existing rows in batches (-- pgshift:batch)"
                     : "add the column without a default (or with a constant one), then SET "
                       "DEFAULT for new rows and fill the existing rows in batches "
                       "(-- pgshift:batch, or the add_column operation)";
      });
}

}  // namespace

extern const Rule adding_field_with_default{
    .id = "adding-field-with-default",
    .severity = Severity::error,
    .summary =
        "adding a column whose value is computed per row (volatile default, serial, "
        "identity, generated; any default before 11) rewrites the table",
    .check = check,
};

}  // namespace pgshift::lint::rules
