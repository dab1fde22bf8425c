// renaming-table: ALTER TABLE ... RENAME TO on an existing table. A quick catalog change, but
// every running client that still uses the old name fails from that moment, and the new name
// fails for clients deployed before the migration ran.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "RenameStmt" || tree::str(*st.body, "renameType") != "OBJECT_TABLE") {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    Finding& f = out.report(st, "renaming table \"" + table.display() + "\" to \"" +
                                    tree::str(*st.body, "newname") +
                                    "\" breaks clients that use either name at the wrong time");
    f.table = table;
    f.lock = lock_on(*st.stmt, table);
    f.help =
        "the rename_table operation keeps the old and the new name working side by side until "
        "every client uses the new one";
  }
}

}  // namespace

extern const Rule renaming_table{
    .id = "renaming-table",
    .severity = Severity::error,
    .summary = "renaming a table breaks clients that still use the old name",
    .check = check,
};

}  // namespace pgshift::lint::rules
