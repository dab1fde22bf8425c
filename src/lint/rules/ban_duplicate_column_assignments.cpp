// ban-duplicate-column-assignments: an UPDATE (or INSERT ... ON CONFLICT DO UPDATE) that sets the
// same column twice, `SET a = 1, a = 2`. PostgreSQL refuses it ("multiple assignments to same
// column"), so the migration fails at that statement. Assignments to different subscripts or
// fields of one column (`SET a[1] = 0, a[2] = 0`) are allowed and not reported.
#include <set>

#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check_targets(const StatementInfo& st, const tree::json& target_list, Sink& out) {
  std::set<std::string> seen;
  for (const tree::json& item : target_list) {
    const tree::json* target = tree::as(item, "ResTarget");
    if (target == nullptr || !tree::items(*target, "indirection").empty()) {
      continue;
    }
    const std::string name = tree::str(*target, "name");
    if (!seen.insert(name).second) {
      Finding& f = out.report(st, "column \"" + name + "\" is assigned twice: the statement fails",
                              tree::location(*target));
      f.lock.clear();  // it fails before it changes anything
      f.help = "keep one assignment to \"" + name + "\"";
    }
  }
}

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node == "UpdateStmt") {
      check_targets(st, tree::items(*st.body, "targetList"), out);
    } else if (*st.node == "InsertStmt") {
      if (const tree::json* conflict = tree::get(*st.body, "onConflictClause")) {
        check_targets(st, tree::items(*conflict, "targetList"), out);
      }
    }
  }
}

}  // namespace

extern const Rule ban_duplicate_column_assignments{
    .id = "ban-duplicate-column-assignments",
    .severity = Severity::error,
    .summary = "an UPDATE that assigns the same column twice fails",
    .check = check,
};

}  // namespace pgshift::lint::rules
