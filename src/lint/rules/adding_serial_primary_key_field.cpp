// adding-serial-primary-key-field: ALTER TABLE ... ADD PRIMARY KEY (or ADD COLUMN ... PRIMARY
// KEY) without USING INDEX. PostgreSQL builds the primary key's unique index while holding
// ACCESS EXCLUSIVE on the table: reads and writes wait for the whole build (and for the NOT
// NULL check of the key's columns). squawk's id, although any added primary key is meant, not
// only a serial one. USING INDEX reuses an index built CONCURRENTLY: a catalog change.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr const char* k_help =
    "CREATE UNIQUE INDEX CONCURRENTLY on the key's columns (the create_index operation), make "
    "them NOT NULL, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX";

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
      const tree::json* pk = nullptr;
      std::string what = "a primary key";
      if (cmd.subtype == "AT_AddConstraint" || cmd.subtype == "AT_AddConstraintRecurse") {
        const tree::json* c = tree::as(*def, "Constraint");
        if (c != nullptr && tree::str(*c, "contype") == "CONSTR_PRIMARY") {
          pk = c;
          if (const std::string name = tree::str(*c, "conname"); !name.empty()) {
            what = "primary key \"" + name + "\"";
          }
        }
      } else if (cmd.subtype == "AT_AddColumn" || cmd.subtype == "AT_AddColumnRecurse") {
        const tree::json* column_def = tree::as(*def, "ColumnDef");
        pk = column_def != nullptr ? tree::constraint(*column_def, "CONSTR_PRIMARY") : nullptr;
        if (pk != nullptr) {
          what = "primary key column \"" + tree::str(*column_def, "colname") + "\"";
        }
      }
      if (pk == nullptr || !tree::str(*pk, "indexname").empty()) {
        continue;  // USING INDEX: the index is already built
      }
      Finding& f = out.report(st,
                              "adding " + what + " to table \"" + table.display() +
                                  "\" builds its unique index while reads and writes wait",
                              tree::location(*pk));
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

extern const Rule adding_serial_primary_key_field{
    .id = "adding-serial-primary-key-field",
    .severity = Severity::error,
    .summary = "adding a primary key without USING INDEX builds its index under ACCESS EXCLUSIVE",
    .check = check,
};

}  // namespace pgshift::lint::rules
