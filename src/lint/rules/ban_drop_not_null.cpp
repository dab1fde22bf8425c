// ban-drop-not-null: ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL on an existing table. A
// catalog change, but from then on the column may hold NULL, which running clients that rely
// on it being set (non-optional fields, NOT IN queries, arithmetic) are not written for.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for_each_alter_cmd(
      file, "AT_DropNotNull",
      [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        Finding& f =
            out.report(st, "dropping NOT NULL from column \"" + tree::str(*cmd.body, "name") +
                               "\" of table \"" + table.display() +
                               "\" breaks clients that expect it to be set");
        f.table = table;
        f.lock = lock_on(*st.stmt, table);
        f.help =
            "deploy clients that handle NULL in the column first, then drop NOT NULL in a later "
            "migration";
      });
}

}  // namespace

extern const Rule ban_drop_not_null{
    .id = "ban-drop-not-null",
    .severity = Severity::error,
    .summary = "dropping NOT NULL breaks clients that expect the column to be set",
    .check = check,
};

}  // namespace pgshift::lint::rules
