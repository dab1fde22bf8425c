// ban-drop-column: ALTER TABLE ... DROP COLUMN on an existing table. The drop itself is a quick
// catalog change, but every running client that still selects, inserts or orders by the
// column fails from that moment (and ORMs that list every column in their queries do). A
// column of a table created earlier in the file has no client yet.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(
      file, [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        if (!cmd.is("AT_DropColumn")) {
          return;
        }
        Finding& f =
            out.report(st, "dropping column \"" + tree::str(*cmd.body, "name") + "\" of table \"" +
                               table.display() + "\" breaks clients that still read or write it");
        f.table = table;
        f.lock = lock_on(*st.stmt, table);
        f.help =
            "deploy clients that no longer use the column first, then drop it in a later "
            "migration (the drop_column operation does it in expand and contract phases)";
      });
}

}  // namespace

extern const Rule ban_drop_column{
    .id = "ban-drop-column",
    .severity = Severity::error,
    .summary = "dropping a column breaks clients that still use it",
    .check = check,
};

}  // namespace pgshift::lint::rules
