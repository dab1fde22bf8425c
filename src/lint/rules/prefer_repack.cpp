// prefer-repack: VACUUM FULL and CLUSTER rewrite the whole table, and its indexes, under ACCESS
// EXCLUSIVE: every read and write waits until the copy is done. PostgreSQL 19's
// REPACK (CONCURRENTLY), and before it the pg_repack extension, rebuild the table while it stays
// in use, taking the exclusive lock only for the final swap. (squawk reports this from 19 on,
// where REPACK exists; pgshift reports it on every version, naming pg_repack before 19.)
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

bool vacuum_full(const tree::json& body) {
  for (const tree::json& item : tree::items(body, "options")) {
    const tree::json* opt = tree::as(item, "DefElem");
    if (opt == nullptr || tree::str(*opt, "defname") != "full") {
      continue;
    }
    // VACUUM (FULL false): an explicit false (or 0/off) turns it off.
    const tree::json* arg = tree::get(*opt, "arg");
    if (arg == nullptr) {
      return true;
    }
    const tree::json* b = tree::as(*arg, "Boolean");
    const tree::json* i = tree::as(*arg, "Integer");
    const tree::json* s = tree::as(*arg, "String");
    return !(
        (b != nullptr && !tree::flag(*b, "boolval")) || (i != nullptr && !i->contains("ival")) ||
        (s != nullptr && (tree::str(*s, "sval") == "off" || tree::str(*s, "sval") == "false")));
  }
  return false;
}

void check(const FileContext& file, Sink& out) {
  const std::string help =
      file.pg_version >= 190000
          ? "rebuild it online with REPACK (CONCURRENTLY), outside the migration, or with the "
            "pg_repack extension"
          : "rebuild it online with the pg_repack extension (REPACK (CONCURRENTLY) from "
            "PostgreSQL 19), outside the migration";
  for (const StatementInfo& st : file.statements) {
    std::vector<TableRef> tables;
    std::string what;
    if (*st.node == "VacuumStmt" && vacuum_full(*st.body)) {
      what = "VACUUM FULL";
      for (const tree::json& item : tree::items(*st.body, "rels")) {
        const tree::json* rel = tree::as(item, "VacuumRelation");
        const tree::json* range_var = rel != nullptr ? tree::get(*rel, "relation") : nullptr;
        if (range_var != nullptr) {
          tables.push_back(tree::table_of(*range_var));
        }
      }
    } else if (*st.node == "ClusterStmt") {
      what = "CLUSTER";
      if (const tree::json* rel = tree::get(*st.body, "relation")) {
        tables.push_back(tree::table_of(*rel));
      }
    } else {
      continue;
    }
    if (tables.empty()) {
      Finding& f = out.report(st, what +
                                      " without a table rewrites every table it applies to, "
                                      "each under ACCESS EXCLUSIVE");
      f.lock = "ACCESS EXCLUSIVE on each table while it is rewritten";
      f.help = help;
      continue;
    }
    for (const TableRef& table : tables) {
      Finding& f = out.report(st, what + " rewrites table \"" + table.display() +
                                      "\" and its indexes under ACCESS EXCLUSIVE");
      f.table = table;
      f.lock = lock_on(*st.stmt, table);
      if (f.lock.empty()) {
        f.lock = "ACCESS EXCLUSIVE on \"" + table.display() + "\"";
      }
      f.lock += " while every row is rewritten";
      f.help = help;
    }
  }
}

}  // namespace

extern const Rule prefer_repack{
    .id = "prefer-repack",
    .severity = Severity::error,
    .summary = "VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE; repack it online",
    .check = check,
};

}  // namespace pgshift::lint::rules
