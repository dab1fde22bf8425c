// adding-serial-primary-key-field: ALTER TABLE ... ADD PRIMARY KEY (or ADD COLUMN ... PRIMARY
// KEY) without USING INDEX. PostgreSQL builds the primary key's unique index while holding
// ACCESS EXCLUSIVE on the table: reads and writes wait for the whole build (and for the NOT
// NULL check of the key's columns). squawk's id, although any added primary key is meant, not
// only a serial one. USING INDEX reuses an index built CONCURRENTLY: a catalog change.
#include "lint/alter.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr const char* k_help =
    "CREATE UNIQUE INDEX CONCURRENTLY on the key's columns (the create_index operation), make "
    "them NOT NULL, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX";

// `primary key column "id"`, `primary key "users_pkey"` or "a primary key".
std::string what(const tree::AddedConstraint& added) {
  if (added.column_def != nullptr) {
    return "primary key column \"" + tree::str(*added.column_def, "colname") + "\"";
  }
  const std::string name = tree::str(*added.constraint, "conname");
  return name.empty() ? std::string("a primary key") : "primary key \"" + name + "\"";
}

void check(const FileContext& file, Sink& out) {
  report_unique_index_builds(file, out, "CONSTR_PRIMARY", what, k_help);
}

}  // namespace

extern const Rule adding_serial_primary_key_field{
    .id = "adding-serial-primary-key-field",
    .severity = Severity::error,
    .summary = "adding a primary key without USING INDEX builds its index under ACCESS EXCLUSIVE",
    .check = check,
};

}  // namespace pgshift::lint::rules
