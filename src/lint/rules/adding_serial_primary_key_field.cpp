// adding-serial-primary-key-field: ALTER TABLE ... ADD PRIMARY KEY (or ADD COLUMN ... PRIMARY
// KEY) without USING INDEX. PostgreSQL builds the primary key's unique index while holding
// ACCESS EXCLUSIVE on the table: reads and writes wait for the whole build (and for the NOT
// NULL check of the key's columns). squawk's id, although any added primary key is meant, not
// only a serial one. USING INDEX reuses an index built CONCURRENTLY: a catalog change.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr const char* k_help =
    "CREATE UNIQUE INDEX CONCURRENTLY on the key's columns (the create_index operation), make "
    "them NOT NULL, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX";

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(
      file, [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        const tree::AddedConstraint pk = tree::added_constraint(cmd, "CONSTR_PRIMARY");
        if (pk.constraint == nullptr || !tree::str(*pk.constraint, "indexname").empty()) {
          return;  // USING INDEX: the index is already built
        }
        std::string what = "a primary key";
        if (pk.column_def != nullptr) {
          what = "primary key column \"" + tree::str(*pk.column_def, "colname") + "\"";
        } else if (const std::string name = tree::str(*pk.constraint, "conname"); !name.empty()) {
          what = "primary key \"" + name + "\"";
        }
        Finding& f = out.report(st,
                                "adding " + what + " to table \"" + table.display() +
                                    "\" builds its unique index while reads and writes wait",
                                tree::location(*pk.constraint));
        f.table = table;
        f.lock = lock_on(*st.stmt, table);
        if (!f.lock.empty()) {
          f.lock += " while the index is built";
        }
        f.help = k_help;
      });
}

}  // namespace

extern const Rule adding_serial_primary_key_field{
    .id = "adding-serial-primary-key-field",
    .severity = Severity::error,
    .summary = "adding a primary key without USING INDEX builds its index under ACCESS EXCLUSIVE",
    .check = check,
};

}  // namespace pgshift::lint::rules
