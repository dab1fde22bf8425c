// require-statement-timeout: a statement that holds a lock blocking reads or writes of an
// existing table for as long as it runs, with no statement_timeout to bound that.
// - With --standalone (squawk's meaning): every such statement until the file SETs
//   statement_timeout, since the wait for the lock is unbounded too.
// - With pgshift: its lock_timeout already bounds the wait, so only the work done under the lock
//   matters: a statement that rewrites or scans the table while holding it. pgshift applies a
//   statement_timeout from `-- pgshift:statement-timeout` or `[ddl] statement_timeout`; with
//   either (or a SET in the file) nothing is reported.
#include <optional>
#include <set>

#include "lint/config.hpp"
#include "lint/rule.hpp"
#include "lint/timeouts.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  if (!file.standalone &&
      (file.section->directives.file.statement_timeout || file.config->statement_timeout)) {
    return;  // pgshift sets statement_timeout for every statement
  }
  bool set = false;
  std::set<std::string> reported;
  for (const StatementInfo& st : file.statements) {
    if (std::optional<bool> s = sets_timeout(st, "statement_timeout")) {
      set = *s;
      continue;
    }
    const sql::Effects& effects = st.stmt->effects;
    if (set || (!file.standalone && !effects.rewrites && !effects.scans)) {
      continue;
    }
    const std::optional<TableRef> table = traffic_blocking_lock(file, st, reported);
    if (!table) {
      continue;
    }
    const std::string& action = effects.action.empty() ? *st.node : effects.action;
    Finding& f = out.report(
        st, "\"" + action + "\" holds its lock on \"" + table->display() + "\" " +
                (file.standalone ? "for as long as it waits and runs"
                                 : std::string(effects.rewrites ? "while it rewrites the table"
                                                                : "while it scans the table")) +
                ", with no statement_timeout to bound it");
    f.table = table;
    f.lock = lock_on(*st.stmt, *table);
    f.help = file.standalone
                 ? "SET statement_timeout at the top of the file"
                 : "bound it with -- pgshift:statement-timeout (or [ddl] statement_timeout in "
                   "pgshift.toml)";
  }
}

}  // namespace

extern const Rule require_statement_timeout{
    .id = "require-statement-timeout",
    .severity = Severity::warning,
    .summary =
        "a statement that holds a traffic-blocking lock for as long as it runs, with no "
        "statement_timeout",
    .check = check,
};

}  // namespace pgshift::lint::rules
