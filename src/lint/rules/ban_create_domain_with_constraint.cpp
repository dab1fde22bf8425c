// ban-create-domain-with-constraint: CREATE DOMAIN with a CHECK or NOT NULL constraint. Creating
// it is harmless; the trouble comes later: changing a domain's constraint (ALTER DOMAIN ... ADD
// CONSTRAINT) checks every column of the domain in every table at once, and adding a column of
// that type to a table with rows checks it too. Table and column constraints can be added NOT
// VALID and validated online, so they are preferred. Advice, not a hazard: a warning.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "CreateDomainStmt") {
      continue;
    }
    for (const tree::json* c : tree::constraints_of(*st.body)) {
      const std::string type = tree::str(*c, "contype");
      if (type != "CONSTR_CHECK" && type != "CONSTR_NOTNULL") {
        continue;  // DEFAULT, NULL, COLLATE: nothing to validate
      }
      Finding& f =
          out.report(st,
                     "domain \"" + tree::qualified_name(tree::items(*st.body, "domainname")) +
                         "\" has a " + (type == "CONSTR_CHECK" ? "CHECK" : "NOT NULL") +
                         " constraint, which cannot be changed later without checking "
                         "every column of the domain at once",
                     tree::location(*c));
      f.lock.clear();
      f.help =
          "create the domain without constraints and put them on the columns (ADD CONSTRAINT "
          "... CHECK ... NOT VALID, then VALIDATE CONSTRAINT: the add_check operation)";
      break;  // one finding per domain
    }
  }
}

}  // namespace

extern const Rule ban_create_domain_with_constraint{
    .id = "ban-create-domain-with-constraint",
    .severity = Severity::warning,
    .summary = "a domain with a CHECK or NOT NULL constraint cannot have it changed online later",
    .check = check,
};

}  // namespace pgshift::lint::rules
