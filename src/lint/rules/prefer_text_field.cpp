// prefer-text-field: a varchar(n) column. The length limit is a constraint in disguise: raising
// it is cheap, but lowering it (or changing it on a column with a dependent view, index
// expression ...) rewrites or rechecks the table under ACCESS EXCLUSIVE. A CHECK constraint on
// text can be replaced without a rewrite (added NOT VALID, then VALIDATE).
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    for (const tree::Column& column : tree::typed_columns(*st.node, *st.body)) {
      if (!(column.type == "varchar" && !column.typmods.empty())) {
        continue;
      }
      Finding& f = out.report(st,
                              "column \"" + column.name + "\" is varchar(" +
                                  std::to_string(column.typmods.front()) +
                                  "): changing the limit later takes ACCESS EXCLUSIVE on the table",
                              column.location);
      f.lock.clear();  // advice about the type, not about this statement's lock
      f.help =
          "use text with a CHECK (char_length(...) <= n) constraint, which can be changed later "
          "with NOT VALID then VALIDATE CONSTRAINT";
    }
  }
}

}  // namespace

extern const Rule prefer_text_field{
    .id = "prefer-text-field",
    .severity = Severity::warning,
    .summary =
        "a varchar(n) column; use text with a CHECK constraint, which can be changed without a "
        "long lock",
    .check = check,
};

}  // namespace pgshift::lint::rules
