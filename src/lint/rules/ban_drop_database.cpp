// ban-drop-database: DROP DATABASE in a migration. It deletes every table and row of the
// database for good, cannot be rolled back (it cannot even run inside a transaction), and
// fails while anyone is connected. It has no place in a schema migration.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "DropdbStmt") {
      continue;
    }
    Finding& f = out.report(st, "dropping database \"" + tree::str(*st.body, "dbname") +
                                    "\" deletes all of its data and cannot be rolled back");
    f.lock.clear();
    f.help = "drop databases by hand, outside the migrations, after a backup";
  }
}

}  // namespace

extern const Rule ban_drop_database{
    .id = "ban-drop-database",
    .severity = Severity::error,
    .summary = "DROP DATABASE in a migration deletes all of its data",
    .check = check,
};

}  // namespace pgshift::lint::rules
