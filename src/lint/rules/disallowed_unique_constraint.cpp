// disallowed-unique-constraint: ALTER TABLE ... ADD UNIQUE (or ADD COLUMN ... UNIQUE) without
// USING INDEX. PostgreSQL builds the unique index while holding ACCESS EXCLUSIVE on the table,
// so reads and writes wait for the whole build. ADD CONSTRAINT ... UNIQUE USING INDEX reuses an
// index built CONCURRENTLY: a catalog change.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr const char* k_help =
    "CREATE UNIQUE INDEX CONCURRENTLY (the create_index operation), then ADD CONSTRAINT ... "
    "UNIQUE USING INDEX (the add_unique operation does both)";

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
      const tree::json* unique = nullptr;
      std::string what = "a unique constraint";
      if (cmd.subtype == "AT_AddConstraint" || cmd.subtype == "AT_AddConstraintRecurse") {
        const tree::json* c = tree::as(*def, "Constraint");
        if (c != nullptr && tree::str(*c, "contype") == "CONSTR_UNIQUE") {
          unique = c;
          if (const std::string name = tree::str(*c, "conname"); !name.empty()) {
            what = "unique constraint \"" + name + "\"";
          }
        }
      } else if (cmd.subtype == "AT_AddColumn" || cmd.subtype == "AT_AddColumnRecurse") {
        const tree::json* column_def = tree::as(*def, "ColumnDef");
        unique = column_def != nullptr ? tree::constraint(*column_def, "CONSTR_UNIQUE") : nullptr;
        if (unique != nullptr) {
          what = "column \"" + tree::str(*column_def, "colname") + "\" with a unique constraint";
        }
      }
      if (unique == nullptr || !tree::str(*unique, "indexname").empty()) {
        continue;  // USING INDEX: the index is already built
      }
      Finding& f = out.report(st,
                              "adding " + what + " to table \"" + table.display() +
                                  "\" builds its unique index while reads and writes wait",
                              tree::location(*unique));
      f.table = table;
      f.lock = lock_on(*st.stmt, table);
      if (!f.lock.empty()) {
        f.lock += " while the index is built";
      }
      f.help = k_help;
    }
  }
}

}  // namespace

extern const Rule disallowed_unique_constraint{
    .id = "disallowed-unique-constraint",
    .severity = Severity::error,
    .summary =
        "adding a UNIQUE constraint without USING INDEX builds its index under ACCESS "
        "EXCLUSIVE",
    .check = check,
};

}  // namespace pgshift::lint::rules
