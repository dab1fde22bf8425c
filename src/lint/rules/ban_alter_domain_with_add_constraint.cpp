// ban-alter-domain-with-add-constraint: ALTER DOMAIN ... ADD CONSTRAINT. PostgreSQL checks the
// new constraint against every column of that domain in every table, none of which the
// statement names, so neither the linter nor a reviewer can tell which tables are read and
// locked; and a domain constraint cannot be changed later without the same scan. NOT VALID
// skips the check of existing rows but the objection stands (squawk reports it too).
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "AlterDomainStmt" || tree::str(*st.body, "subtype") != "C") {
      continue;
    }
    const tree::json* def = tree::get(*st.body, "def");
    const tree::json* c = def != nullptr ? tree::as(*def, "Constraint") : nullptr;
    const std::string name = c != nullptr ? tree::str(*c, "conname") : std::string();
    const std::string domain = tree::qualified_name(tree::items(*st.body, "typeName"));
    Finding& f = out.report(
        st,
        "adding " + (name.empty() ? std::string("a constraint") : "constraint \"" + name + "\"") +
            " to domain \"" + domain +
            "\" checks every column of that domain in tables the statement does not name",
        c != nullptr ? tree::location(*c) : -1);
    f.help =
        "put the constraint on the columns instead: ADD CONSTRAINT ... CHECK ... NOT VALID, then "
        "VALIDATE CONSTRAINT in a separate transaction (the add_check operation)";
  }
}

}  // namespace

extern const Rule ban_alter_domain_with_add_constraint{
    .id = "ban-alter-domain-with-add-constraint",
    .severity = Severity::error,
    .summary =
        "ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain, in tables it does "
        "not name",
    .check = check,
};

}  // namespace pgshift::lint::rules
