// require-lock-timeout: a statement that takes a lock blocking reads or writes of an existing
// table, in a file that sets no lock_timeout before it. Such a statement waits behind any
// long transaction on the table, and while it waits every query on the table queues behind
// it: an outage with no error. pgshift sets lock_timeout itself (with retries), so the rule
// only reports with --standalone, where another runner runs the file as written.
#include <optional>
#include <set>

#include "lint/rule.hpp"
#include "lint/timeouts.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  if (!file.standalone) {
    return;  // pgshift sets lock_timeout for every statement that blocks traffic
  }
  bool set = false;
  std::set<std::string> reported;
  for (const StatementInfo& st : file.statements) {
    if (std::optional<bool> s = sets_timeout(st, "lock_timeout")) {
      set = *s;
      continue;
    }
    if (set) {
      continue;
    }
    const std::optional<TableRef> table = traffic_blocking_lock(file, st, reported);
    if (!table) {
      continue;
    }
    const std::string& action =
        st.stmt->effects.action.empty() ? *st.node : st.stmt->effects.action;
    Finding& f = out.report(st, "\"" + action + "\" waits for its lock on \"" + table->display() +
                                    "\" with no lock_timeout: while it waits, every query on "
                                    "the table queues behind it");
    f.table = table;
    f.lock = lock_on(*st.stmt, *table);
    f.help =
        "SET lock_timeout = '2s' at the top of the file (and retry on failure), or let pgshift "
        "run the file: it sets lock_timeout and retries";
  }
}

}  // namespace

extern const Rule require_lock_timeout{
    .id = "require-lock-timeout",
    .severity = Severity::error,
    .summary =
        "with --standalone, a statement that blocks traffic while it waits for its lock, "
        "with no lock_timeout set",
    .check = check,
};

}  // namespace pgshift::lint::rules
