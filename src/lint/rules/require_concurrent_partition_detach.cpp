// require-concurrent-partition-detach: ALTER TABLE ... DETACH PARTITION without CONCURRENTLY
// takes ACCESS EXCLUSIVE on the partitioned table: every query on any partition waits behind
// it, and it waits behind every query. From PostgreSQL 14, DETACH PARTITION ... CONCURRENTLY
// takes SHARE UPDATE EXCLUSIVE on the parent instead (it cannot run in a transaction block, and
// not while the parent has a default partition).
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  if (file.pg_version < 140000) {
    return;  // no concurrent form before 14: nothing better to suggest
  }
  for_each_alter_cmd(
      file, "AT_DetachPartition",
      [&](const StatementInfo& st, const TableRef& parent, const tree::AlterCmd& cmd) {
        const tree::json* def = tree::get(*cmd.body, "def");
        const tree::json* part = def != nullptr ? tree::as(*def, "PartitionCmd") : nullptr;
        if (part == nullptr || tree::flag(*part, "concurrent")) {
          return;
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
      });
}

}  // namespace

extern const Rule require_concurrent_partition_detach{
    .id = "require-concurrent-partition-detach",
    .severity = Severity::error,
    .summary = "DETACH PARTITION without CONCURRENTLY locks the partitioned table (PostgreSQL 14+)",
    .check = check,
};

}  // namespace pgshift::lint::rules
