// require-table-schema: CREATE TABLE, CREATE TABLE AS, ALTER TABLE or DROP TABLE naming a table
// without its schema. The table is then found (or created) through the session's search_path,
// which can differ between environments and roles: the migration may change a table other
// than the one meant. Temporary tables are not reported (they live in pg_temp).
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void report(const StatementInfo& st, const tree::json& range_var, Sink& out) {
  if (!tree::str(range_var, "schemaname").empty() ||
      tree::str(range_var, "relpersistence") == "t") {
    return;
  }
  const std::string name = tree::str(range_var, "relname");
  Finding& f = out.report(st,
                          "table \"" + name +
                              "\" is not schema-qualified: search_path decides "
                              "which table this is",
                          tree::location(range_var));
  f.lock.clear();
  f.help = "qualify it: public." + name + " (or the schema it belongs to)";
}

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    const std::string& node = *st.node;
    if (node == "CreateStmt" || node == "AlterTableStmt") {
      if (node == "AlterTableStmt" && tree::str(*st.body, "objtype") != "OBJECT_TABLE") {
        continue;  // ALTER INDEX, ALTER SEQUENCE, ALTER VIEW ... share the node
      }
      if (const tree::json* rel = tree::get(*st.body, "relation")) {
        report(st, *rel, out);
      }
    } else if (node == "CreateTableAsStmt") {
      const tree::json* into = tree::get(*st.body, "into");
      const tree::json* rel = into != nullptr ? tree::get(*into, "rel") : nullptr;
      if (rel != nullptr && tree::str(*st.body, "objtype") != "OBJECT_MATVIEW") {
        report(st, *rel, out);
      }
    } else if (node == "DropStmt" && tree::str(*st.body, "removeType") == "OBJECT_TABLE") {
      for (const tree::json& object : tree::items(*st.body, "objects")) {
        const tree::json* list = tree::as(object, "List");
        const std::vector<std::string> names =
            tree::strings(list != nullptr ? tree::items(*list, "items") : object);
        if (names.size() == 1) {
          Finding& f = out.report(st, "table \"" + names.front() +
                                          "\" is not schema-qualified: search_path decides which "
                                          "table this is");
          f.lock.clear();
          f.help = "qualify it: public." + names.front() + " (or the schema it belongs to)";
        }
      }
    }
  }
}

}  // namespace

extern const Rule require_table_schema{
    .id = "require-table-schema",
    .severity = Severity::warning,
    .summary = "a table named without its schema is resolved through search_path",
    .check = check,
};

}  // namespace pgshift::lint::rules
