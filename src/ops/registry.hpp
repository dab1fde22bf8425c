// The registry of operations: every operation type an operations file may name.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "ops/fields.hpp"
#include "ops/operation.hpp"

namespace pgshift::ops {

struct Kind {
  const char* name;     // "add_column": the `op` field's value
  const char* summary;  // one line, for `pgshift new --ops` and docs
  // Reads the operation's fields (the `op` field is already read). Errors: invalid_input with
  // file:line:col for missing, unknown or malformed fields.
  Result<std::unique_ptr<Operation>> (*read)(Fields& fields);
};

// Every operation type, sorted by name.
std::span<const Kind* const> all_kinds();
// The type named `name`, or nullptr.
const Kind* find_kind(std::string_view name);

}  // namespace pgshift::ops
