// adding-not-nullable-field: ALTER TABLE ... ALTER COLUMN ... SET NOT NULL on an existing
// table. PostgreSQL reads every row to prove there is no NULL while holding ACCESS EXCLUSIVE,
// so reads and writes wait for the whole scan. From PostgreSQL 12 on the scan is skipped when a
// validated CHECK (column IS NOT NULL) proves it; the rule recognises one added without NOT
// VALID, or added NOT VALID and validated, earlier in the same file. Adding a new NOT NULL
// column is adding-required-field's business.
#include <map>
#include <set>
#include <utility>

#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

// The column of `CHECK (column IS NOT NULL)`, "" for any other check.
std::string not_null_column(const tree::json& constraint) {
  const tree::json* expr = tree::get(constraint, "raw_expr");
  const tree::json* test = expr != nullptr ? tree::as(*expr, "NullTest") : nullptr;
  if (test == nullptr || tree::str(*test, "nulltesttype") != "IS_NOT_NULL") {
    return "";
  }
  const tree::json* arg = tree::get(*test, "arg");
  const tree::json* ref = arg != nullptr ? tree::as(*arg, "ColumnRef") : nullptr;
  const std::vector<std::string> fields =
      ref != nullptr ? tree::strings(tree::items(*ref, "fields")) : std::vector<std::string>();
  return fields.size() == 1 ? fields.front() : "";
}

using Column = std::pair<std::string, std::string>;  // TableRef::key(), column

void check(const FileContext& file, Sink& out) {
  std::map<Column, std::string> validated;                         // -> the CHECK's name
  std::map<std::pair<std::string, std::string>, Column> unproven;  // (table, name) -> column
  for_each_alter_cmd(file, [&](const StatementInfo& st, const TableRef& table,
                               const tree::AlterCmd& cmd) {
    const std::string name = tree::str(*cmd.body, "name");
    if (cmd.is("AT_AddConstraint")) {
      const tree::json* def = tree::get(*cmd.body, "def");
      const tree::json* c = def != nullptr ? tree::as(*def, "Constraint") : nullptr;
      if (c == nullptr || tree::str(*c, "contype") != "CONSTR_CHECK") {
        return;
      }
      const std::string column = not_null_column(*c);
      if (column.empty()) {
        return;
      }
      const std::string conname = tree::str(*c, "conname");
      if (tree::flag(*c, "skip_validation")) {
        unproven[{table.key(), conname}] = {table.key(), column};
      } else {
        validated[{table.key(), column}] = conname;
      }
    } else if (cmd.is("AT_ValidateConstraint")) {
      const auto it = unproven.find({table.key(), name});
      if (it != unproven.end()) {
        validated[it->second] = name;
        unproven.erase(it);
      }
    } else if (cmd.subtype == "AT_SetNotNull") {
      const auto proof = validated.find({table.key(), name});
      if (proof != validated.end() && file.pg_version >= 120000) {
        return;  // the validated CHECK proves it: no scan
      }
      const bool old_server = file.pg_version < 120000;
      std::string message =
          "setting column \"" + name + "\" NOT NULL scans table \"" + table.display() + "\"";
      if (proof != validated.end()) {
        message += " before PostgreSQL 12, even after CHECK \"" + proof->second +
                   "\" proved it has no NULL";
      } else {
        message += " to prove it has no NULL";
      }
      Finding& f = out.report(st, message);
      f.table = table;
      f.lock = lock_on(*st.stmt, table);
      if (!f.lock.empty()) {
        f.lock += " while every row is scanned";
      }
      f.help = old_server
                   ? "before PostgreSQL 12 SET NOT NULL always scans: enforce it with ADD "
                     "CONSTRAINT ... CHECK (" +
                         name +
                         " IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT in a separate "
                         "transaction instead (the set_not_null operation)"
                   : "ADD CONSTRAINT ... CHECK (" + name +
                         " IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction, "
                         "then SET NOT NULL (no scan from PostgreSQL 12 on) and drop the CHECK "
                         "(the set_not_null operation)";
    }
  });
}

}  // namespace

extern const Rule adding_not_nullable_field{
    .id = "adding-not-nullable-field",
    .severity = Severity::error,
    .summary =
        "SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK (c IS "
        "NOT NULL) proves it (PostgreSQL 12+)",
    .check = check,
};

}  // namespace pgshift::lint::rules
