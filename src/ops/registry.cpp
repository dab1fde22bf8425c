// The one table of operations. Adding one: its file src/ops/op_<name>.cpp defining
// `const Kind <name>` in pgshift::ops::kinds, its docs page docs/operations/<name>.md, and one
// line below, kept in name order.
#include "ops/registry.hpp"

#include <algorithm>
#include <array>

#define PGSHIFT_OPERATIONS(X) \
  X(add_check)                \
  X(add_column)               \
  X(add_foreign_key)          \
  X(add_unique)               \
  X(change_type)              \
  X(create_index)             \
  X(create_table)             \
  X(drop_column)              \
  X(drop_constraint)          \
  X(drop_index)               \
  X(drop_not_null)            \
  X(drop_table)               \
  X(raw_sql)                  \
  X(rename_column)            \
  X(rename_constraint)        \
  X(rename_table)             \
  X(set_default)              \
  X(set_not_null)             \
  X(set_replica_identity)

namespace pgshift::ops {
namespace kinds {
#define PGSHIFT_DECLARE(name) extern const Kind name;
PGSHIFT_OPERATIONS(PGSHIFT_DECLARE)
#undef PGSHIFT_DECLARE
}  // namespace kinds

namespace {
#define PGSHIFT_ENTRY(name) &kinds::name,
constexpr std::array k_kinds{PGSHIFT_OPERATIONS(PGSHIFT_ENTRY)};
#undef PGSHIFT_ENTRY
}  // namespace

std::span<const Kind* const> all_kinds() {
  return k_kinds;
}

const Kind* find_kind(std::string_view name) {
  auto it =
      std::find_if(k_kinds.begin(), k_kinds.end(), [&](const Kind* k) { return k->name == name; });
  return it == k_kinds.end() ? nullptr : *it;
}

}  // namespace pgshift::ops
