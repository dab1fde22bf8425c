// prefer-robust-stmts: a statement that fails when it runs a second time, in a file that does
// not run in one transaction. Such a file stops part way when a statement fails, and whatever
// committed before stays; running it again then stops at the first statement that already took
// effect. In a transaction the whole file rolls back instead, and runs again cleanly.
// - With pgshift: every statement that can run in a transaction commits together with its
//   progress (the whole file, its BEGIN ... COMMIT block, or alone), so a re-run never repeats
//   it. What runs alone in autocommit is reported, except a named CREATE / DROP INDEX
//   CONCURRENTLY, whose effect pgshift checks before running it again (exec/resume_check.hpp).
// - With --standalone: statements outside the transaction the file is run in (squawk's meaning
//   with assume_in_transaction: the runner wraps the file unless it is -- pgshift:no-transaction).
#include <set>

#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

std::string missing(const std::string& what, const char* clause) {
  return what + " without " + clause + " fails when the file runs again after failing part way";
}

void check(const FileContext& file, Sink& out) {
  std::set<std::string> dropped_first;  // constraints dropped IF EXISTS earlier in the file
  for (const StatementInfo& st : file.statements) {
    const std::string& node = *st.node;
    const tree::json& body = *st.body;
    // What to report: {message, help}.
    std::vector<std::pair<std::string, std::string>> found;
    if (node == "CreateStmt") {
      const tree::json* rel = tree::get(body, "relation");
      const bool temp_drop = rel != nullptr && tree::str(*rel, "relpersistence") == "t" &&
                             tree::str(body, "oncommit") == "ONCOMMIT_DROP";
      if (!tree::flag(body, "if_not_exists") && !temp_drop) {
        found.emplace_back(
            missing("CREATE TABLE \"" + tree::relation_of(body).display() + "\"", "IF NOT EXISTS"),
            "CREATE TABLE IF NOT EXISTS");
      }
    } else if (node == "IndexStmt") {
      const std::string name = tree::str(body, "idxname");
      if (!tree::flag(body, "if_not_exists") && !name.empty()) {
        found.emplace_back(
            missing("CREATE INDEX \"" + name + "\"", "IF NOT EXISTS"),
            tree::flag(body, "concurrent")
                ? "CREATE INDEX CONCURRENTLY IF NOT EXISTS (pgshift counts only a valid index "
                  "as existing, and drops an invalid leftover before building again)"
                : "CREATE INDEX IF NOT EXISTS");
      }
    } else if (node == "DropStmt") {
      const std::string type = tree::str(body, "removeType");
      const char* word = type == "OBJECT_TABLE"   ? "DROP TABLE"
                         : type == "OBJECT_INDEX" ? "DROP INDEX"
                         : type == "OBJECT_TYPE"  ? "DROP TYPE"
                                                  : nullptr;
      if (word != nullptr && !tree::flag(body, "missing_ok")) {
        found.emplace_back(missing(word, "IF EXISTS"), std::string(word) + " IF EXISTS");
      }
    } else if (node == "AlterTableStmt" && tree::str(body, "objtype") == "OBJECT_TABLE") {
      for (const tree::AlterCmd& cmd : tree::alter_cmds(body)) {
        const std::string name = tree::str(*cmd.body, "name");
        const bool guarded = tree::flag(*cmd.body, "missing_ok");
        if (cmd.subtype == "AT_AddColumn" && !guarded) {
          const tree::json* def = tree::get(*cmd.body, "def");
          const tree::json* column = def != nullptr ? tree::as(*def, "ColumnDef") : nullptr;
          found.emplace_back(
              missing("ADD COLUMN \"" + (column ? tree::str(*column, "colname") : "") + "\"",
                      "IF NOT EXISTS"),
              "ADD COLUMN IF NOT EXISTS");
        } else if (cmd.subtype == "AT_DropColumn" && !guarded) {
          found.emplace_back(missing("DROP COLUMN \"" + name + "\"", "IF EXISTS"),
                             "DROP COLUMN IF EXISTS");
        } else if (cmd.subtype == "AT_DropConstraint") {
          if (guarded) {
            dropped_first.insert(name);
          } else {
            found.emplace_back(missing("DROP CONSTRAINT \"" + name + "\"", "IF EXISTS"),
                               "DROP CONSTRAINT IF EXISTS");
          }
        } else if (cmd.subtype == "AT_AddConstraint") {
          const tree::json* def = tree::get(*cmd.body, "def");
          const tree::json* c = def != nullptr ? tree::as(*def, "Constraint") : nullptr;
          const std::string conname = c != nullptr ? tree::str(*c, "conname") : "";
          if (conname.empty() || dropped_first.count(conname) == 0) {
            found.emplace_back(
                "ADD CONSTRAINT" + (conname.empty() ? "" : " \"" + conname + "\"") +
                    " fails (or adds a second constraint) when the file runs again after "
                    "failing part way",
                "name the constraint and drop it first with DROP CONSTRAINT IF EXISTS");
          }
        }
      }
    }
    if (st.in_transaction) {
      continue;  // after reading the drops: a DROP ... IF EXISTS in a transaction guards too
    }
    const auto& index = st.stmt->concurrent_index;
    if (!file.standalone && index && !index->name.empty() &&
        (index->op == sql::IndexTarget::Op::create || index->op == sql::IndexTarget::Op::drop)) {
      continue;  // pgshift looks for its effect before running it again
    }
    for (auto& [message, alternative] : found) {
      Finding& f = out.report(st, message);
      f.lock.clear();
      f.help = alternative.starts_with("name the") ? alternative : "write " + alternative;
    }
  }
}

}  // namespace

extern const Rule prefer_robust_stmts{
    .id = "prefer-robust-stmts",
    .severity = Severity::warning,
    .summary =
        "outside a transaction, a statement that fails when the file runs again (missing "
        "IF [NOT] EXISTS)",
    .check = check,
};

}  // namespace pgshift::lint::rules
