#include "lint/timeouts.hpp"

#include "lint/tree.hpp"

namespace pgshift::lint {

std::optional<bool> sets_timeout(const StatementInfo& st, std::string_view setting) {
  if (*st.node != "VariableSetStmt" || tree::str(*st.body, "name") != setting) {
    return std::nullopt;
  }
  if (tree::str(*st.body, "kind") != "VAR_SET_VALUE") {
    return false;  // RESET, SET ... TO DEFAULT
  }
  for (const tree::json& arg : tree::items(*st.body, "args")) {
    const tree::json* a_const = tree::as(arg, "A_Const");
    if (a_const == nullptr) {
      continue;
    }
    const tree::json* ival = tree::get(*a_const, "ival");
    const tree::json* sval = tree::get(*a_const, "sval");
    if ((ival != nullptr && !ival->contains("ival")) ||
        (sval != nullptr && tree::str(*sval, "sval") == "0")) {
      return false;  // 0 means no timeout
    }
  }
  return true;
}

std::optional<TableRef> traffic_blocking_lock(const FileContext& file, const StatementInfo& st,
                                              std::set<std::string>& reported) {
  for (const sql::RelationLock& lock : st.stmt->effects.locks) {
    TableRef table{lock.schema, lock.name};
    if ((!sql::blocks_reads(lock.level) && !sql::blocks_writes(lock.level)) ||
        file.created_in_file(table, st.index) || !reported.insert(table.key()).second) {
      continue;
    }
    return table;
  }
  return std::nullopt;
}

}  // namespace pgshift::lint
