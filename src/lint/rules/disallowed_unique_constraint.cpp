// disallowed-unique-constraint: ALTER TABLE ... ADD UNIQUE (or ADD COLUMN ... UNIQUE) without
// USING INDEX. PostgreSQL builds the unique index while holding ACCESS EXCLUSIVE on the table,
// so reads and writes wait for the whole build. ADD CONSTRAINT ... UNIQUE USING INDEX reuses an
// index built CONCURRENTLY: a catalog change.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr const char* k_help =
    "CREATE UNIQUE INDEX CONCURRENTLY (the create_index operation), then ADD CONSTRAINT ... "
    "UNIQUE USING INDEX (the add_unique operation does both)";

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(file, [&](const StatementInfo& st, const TableRef& table,
                               const tree::AlterCmd& cmd) {
    const tree::AddedConstraint unique = tree::added_constraint(cmd, "CONSTR_UNIQUE");
    if (unique.constraint == nullptr || !tree::str(*unique.constraint, "indexname").empty()) {
      return;  // USING INDEX: the index is already built
    }
    std::string what = "a unique constraint";
    if (unique.column_def != nullptr) {
      what = "column \"" + tree::str(*unique.column_def, "colname") + "\" with a unique constraint";
    } else if (const std::string name = tree::str(*unique.constraint, "conname"); !name.empty()) {
      what = "unique constraint \"" + name + "\"";
    }
    Finding& f = out.report(st,
                            "adding " + what + " to table \"" + table.display() +
                                "\" builds its unique index while reads and writes wait",
                            tree::location(*unique.constraint));
    f.table = table;
    f.lock = lock_on(*st.stmt, table);
    if (!f.lock.empty()) {
      f.lock += " while the index is built";
    }
    f.help = k_help;
  });
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
