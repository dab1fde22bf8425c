// ban-truncate-cascade: TRUNCATE ... CASCADE. Besides the tables it names, it empties every
// table with a foreign key to them, and every table referencing those, recursively: tables the
// statement does not name and a reviewer does not see, each locked ACCESS EXCLUSIVE.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "TruncateStmt" || tree::str(*st.body, "behavior") != "DROP_CASCADE") {
      continue;
    }
    std::string tables;
    for (const tree::json& item : tree::items(*st.body, "relations")) {
      if (const tree::json* rv = tree::as(item, "RangeVar")) {
        tables += (tables.empty() ? "\"" : ", \"") + tree::table_of(*rv).display() + "\"";
      }
    }
    Finding& f = out.report(st, "TRUNCATE ... CASCADE also empties every table that refers to " +
                                    tables + " by a foreign key, recursively, without naming them");
    if (!f.lock.empty()) {
      f.lock += ", and the same on every table it reaches";
    }
    f.help =
        "name every table to empty in the TRUNCATE and leave out CASCADE: it then fails instead "
        "of emptying a table nobody meant to";
  }
}

}  // namespace

extern const Rule ban_truncate_cascade{
    .id = "ban-truncate-cascade",
    .severity = Severity::error,
    .summary = "TRUNCATE ... CASCADE empties tables the statement does not name",
    .check = check,
};

}  // namespace pgshift::lint::rules
