#include "lint/alter.hpp"

namespace pgshift::lint {

void report_unique_index_builds(const FileContext& file, Sink& out, std::string_view contype,
                                std::string (*what)(const tree::AddedConstraint& added),
                                const char* help) {
  for_each_alter_cmd(
      file, [&](const StatementInfo& st, const TableRef& table, const tree::AlterCmd& cmd) {
        const tree::AddedConstraint added = tree::added_constraint(cmd, contype);
        if (added.constraint == nullptr || !tree::str(*added.constraint, "indexname").empty()) {
          return;  // USING INDEX: the index is already built
        }
        Finding& f = out.report(st,
                                "adding " + what(added) + " to table \"" + table.display() +
                                    "\" builds its unique index while reads and writes wait",
                                tree::location(*added.constraint));
        f.table = table;
        f.lock = lock_on(*st.stmt, table);
        if (!f.lock.empty()) {
          f.lock += " while the index is built";
        }
        f.help = help;
      });
}

}  // namespace pgshift::lint
