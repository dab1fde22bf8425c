// ban-drop-table: DROP TABLE of an existing table. Its rows are gone for good and every client
// still reading or writing it fails; with CASCADE, views and foreign keys on it go too. A table
// created earlier in the same file has no rows or clients yet.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "DropStmt" || tree::str(*st.body, "removeType") != "OBJECT_TABLE") {
      continue;
    }
    for (const tree::json& object : tree::items(*st.body, "objects")) {
      const TableRef table = tree::object_name(object);
      if (table.name.empty()) {
        continue;
      }
      Finding& f = out.report(st, "dropping table \"" + table.display() +
                                      "\" deletes its rows and breaks clients that still use it");
      f.table = table;
      f.lock = lock_on(*st.stmt, table);
      f.help =
          "deploy clients that no longer use the table first, then drop it in a later migration "
          "(the drop_table operation)";
    }
  }
}

}  // namespace

extern const Rule ban_drop_table{
    .id = "ban-drop-table",
    .severity = Severity::error,
    .summary = "dropping a table deletes its rows and breaks clients that still use it",
    .check = check,
};

}  // namespace pgshift::lint::rules
