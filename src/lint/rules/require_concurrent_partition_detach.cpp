// require-concurrent-partition-detach: ALTER TABLE ... DETACH PARTITION without CONCURRENTLY
// takes ACCESS EXCLUSIVE on the partitioned table: every query on any partition waits behind
// it, and it waits behind every query. From PostgreSQL 14, DETACH PARTITION ... CONCURRENTLY
// takes SHARE UPDATE EXCLUSIVE on the parent instead (it cannot run in a transaction block, and
// not while the parent has a default partition).
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  if (file.pg_version < 140000) {
    return;  // no concurrent form before 14: nothing better to suggest
  }
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "AlterTableStmt") {
      continue;
    }
    const TableRef parent = tree::relation_of(*st.body);
    for (const tree::AlterCmd& cmd : tree::alter_cmds(*st.body, "AT_DetachPartition")) {
      const tree::json* def = tree::get(*cmd.body, "def");
      const tree::json* part = def != nullptr ? tree::as(*def, "PartitionCmd") : nullptr;
      if (part == nullptr || tree::flag(*part, "concurrent")) {
        continue;
      }
      const tree::json* name = tree::get(*part, "name");
      const std::string child = name != nullptr ? tree::table_of(*name).display() : "";
      Finding& f = out.report(st, "detaching partition \"" + child + "\" locks table \"" +
                                      parent.display() + "\" and all its partitions");
      f.table = parent;
      f.lock = lock_on(*st.stmt, parent);
      f.help =
          "DETACH PARTITION ... CONCURRENTLY, in a migration of its own: pgshift runs it outside "
          "a transaction";
    }
  }
}

}  // namespace

extern const Rule require_concurrent_partition_detach{
    .id = "require-concurrent-partition-detach",
    .severity = Severity::error,
    .summary = "DETACH PARTITION without CONCURRENTLY locks the partitioned table (PostgreSQL 14+)",
    .check = check,
};

}  // namespace pgshift::lint::rules
