// The one table of lint rules. Adding a rule: its file src/lint/rules/<rule_id>.cpp defining
// `const Rule <rule_id>` in pgshift::lint::rules, and one line below, kept in id order
// (docs/lint/AUTHORING.md).
#include "lint/registry.hpp"

#include <algorithm>
#include <array>

#define PGSHIFT_LINT_RULES(X)                     \
  X(adding_field_with_default)                    \
  X(adding_foreign_key_constraint)                \
  X(adding_not_nullable_field)                    \
  X(adding_required_field)                        \
  X(adding_serial_primary_key_field)              \
  X(ban_alter_domain_with_add_constraint)         \
  X(ban_char_field)                               \
  X(ban_concurrent_index_creation_in_transaction) \
  X(ban_create_domain_with_constraint)            \
  X(ban_drop_column)                              \
  X(ban_drop_database)                            \
  X(ban_drop_not_null)                            \
  X(ban_drop_table)                               \
  X(ban_duplicate_column_assignments)             \
  X(ban_truncate_cascade)                         \
  X(ban_uncommitted_transaction)                  \
  X(changing_column_type)                         \
  X(constraint_missing_not_valid)                 \
  X(disallowed_unique_constraint)                 \
  X(identifier_too_long)                          \
  X(prefer_bigint_over_int)                       \
  X(prefer_bigint_over_smallint)                  \
  X(prefer_identity)                              \
  X(prefer_repack)                                \
  X(prefer_robust_stmts)                          \
  X(prefer_text_field)                            \
  X(prefer_timestamptz)                           \
  X(renaming_column)                              \
  X(renaming_table)                               \
  X(require_concurrent_index_creation)            \
  X(require_concurrent_index_deletion)            \
  X(require_concurrent_partition_detach)          \
  X(require_concurrent_reindex)                   \
  X(require_enum_value_ordering)                  \
  X(require_lock_timeout)                         \
  X(require_statement_timeout)                    \
  X(require_table_schema)                         \
  X(transaction_nesting)                          \
  X(unbatched_update)                             \
  X(unnamed_concurrent_index)                     \
  X(unused_ignore)

namespace pgshift::lint {
namespace rules {
#define PGSHIFT_DECLARE(name) extern const Rule name;
PGSHIFT_LINT_RULES(PGSHIFT_DECLARE)
#undef PGSHIFT_DECLARE
}  // namespace rules

namespace {
#define PGSHIFT_ENTRY(name) &rules::name,
constexpr std::array k_rules = {PGSHIFT_LINT_RULES(PGSHIFT_ENTRY)};
#undef PGSHIFT_ENTRY
}  // namespace

std::span<const Rule* const> all_rules() {
  return k_rules;
}

const Rule* find_rule(std::string_view id) {
  auto it =
      std::find_if(k_rules.begin(), k_rules.end(), [&](const Rule* r) { return r->id == id; });
  return it == k_rules.end() ? nullptr : *it;
}

}  // namespace pgshift::lint
