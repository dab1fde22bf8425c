// require-enum-value-ordering: ALTER TYPE ... ADD VALUE without BEFORE or AFTER appends the value
// at the end of the enum, and an enum sorts (ORDER BY, <, indexes) by that order, not by name:
// a value meant to sit between two others ends up last.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "AlterEnumStmt") {
      continue;
    }
    const std::string value = tree::str(*st.body, "newVal");
    if (value.empty() || !tree::str(*st.body, "oldVal").empty() ||
        !tree::str(*st.body, "newValNeighbor").empty()) {
      continue;  // RENAME VALUE, or a position given
    }
    const std::vector<std::string> type = tree::strings(tree::items(*st.body, "typeName"));
    Finding& f = out.report(st, "value '" + value + "' is added at the end of enum \"" +
                                    (type.empty() ? std::string() : type.back()) +
                                    "\", which sorts after every existing value");
    f.lock.clear();
    f.help = "say where it goes: ADD VALUE '" + value + "' BEFORE (or AFTER) an existing value";
  }
}

}  // namespace

extern const Rule require_enum_value_ordering{
    .id = "require-enum-value-ordering",
    .severity = Severity::warning,
    .summary =
        "ALTER TYPE ... ADD VALUE without BEFORE or AFTER appends the value to the sort order",
    .check = check,
};

}  // namespace pgshift::lint::rules
