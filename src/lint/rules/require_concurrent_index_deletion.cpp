// require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY. It takes ACCESS
// EXCLUSIVE on the index's table: it waits for every running query on the table, and every
// query arriving meanwhile waits behind it. An index created earlier in the same file on a
// table created earlier in the file is nobody's yet.
#include <map>

#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

TableRef name_of(const std::vector<std::string>& parts) {
  TableRef t;
  t.name = parts.empty() ? std::string() : parts.back();
  t.schema = parts.size() >= 2 ? parts[parts.size() - 2] : std::string();
  return t;
}

void check(const FileContext& file, Sink& out) {
  std::map<std::string, TableRef> created_index;  // index name -> its table
  for (const StatementInfo& st : file.statements) {
    if (*st.node == "IndexStmt") {
      if (const std::string name = tree::str(*st.body, "idxname"); !name.empty()) {
        created_index[name] = tree::relation_of(*st.body);
      }
      continue;
    }
    if (*st.node != "DropStmt" || tree::str(*st.body, "removeType") != "OBJECT_INDEX" ||
        st.stmt->effects.concurrently) {
      continue;
    }
    for (const tree::json& object : tree::items(*st.body, "objects")) {
      const tree::json* list = tree::as(object, "List");
      const TableRef index = name_of(list != nullptr ? tree::strings(tree::items(*list, "items"))
                                                     : std::vector<std::string>());
      if (index.name.empty()) {
        continue;
      }
      Finding& f = out.report(st, "dropping index \"" + index.display() +
                                      "\" without CONCURRENTLY blocks reads and writes of its "
                                      "table while it waits for running queries");
      if (const auto it = created_index.find(index.name); it != created_index.end()) {
        f.table = it->second;
      }
      f.lock = lock_on(*st.stmt, index);
      f.help = file.standalone
                   ? "DROP INDEX CONCURRENTLY, in a migration of its own marked "
                     "-- pgshift:no-transaction (it cannot run inside a transaction block)"
                   : "DROP INDEX CONCURRENTLY: pgshift runs the file outside a transaction (the "
                     "drop_index operation)";
    }
  }
}

}  // namespace

extern const Rule require_concurrent_index_deletion{
    .id = "require-concurrent-index-deletion",
    .severity = Severity::error,
    .summary = "DROP INDEX without CONCURRENTLY locks the table against reads and writes",
    .check = check,
};

}  // namespace pgshift::lint::rules
