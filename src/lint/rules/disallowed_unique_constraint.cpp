// disallowed-unique-constraint: ALTER TABLE ... ADD UNIQUE (or ADD COLUMN ... UNIQUE) without
// USING INDEX. PostgreSQL builds the unique index while holding ACCESS EXCLUSIVE on the table,
// so reads and writes wait for the whole build. ADD CONSTRAINT ... UNIQUE USING INDEX reuses an
// index built CONCURRENTLY: a catalog change.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr const char* k_help =
    "CREATE UNIQUE INDEX CONCURRENTLY (the create_index operation), then ADD CONSTRAINT ... "
    "UNIQUE USING INDEX (the add_unique operation does both)";

// `column "email" with a unique constraint`, `unique constraint "u_email"` or "a unique
// constraint".
std::string what(const tree::AddedConstraint& added) {
  if (added.column_def != nullptr) {
    return "column \"" + tree::str(*added.column_def, "colname") + "\" with a unique constraint";
  }
  const std::string name = tree::str(*added.constraint, "conname");
  return name.empty() ? std::string("a unique constraint") : "unique constraint \"" + name + "\"";
}

void check(const FileContext& file, Sink& out) {
  report_unique_index_builds(file, out, "CONSTR_UNIQUE", what, k_help);
}

}  // namespace

extern const Rule disallowed_unique_constraint{
    .id = "disallowed-unique-constraint",
    .severity = Severity::error,
    .summary =
        "adding a UNIQUE constraint without USING INDEX builds its index under ACCESS "
        "EXCLUSIVE",
    .check = check,
};

}  // namespace pgshift::lint::rules
