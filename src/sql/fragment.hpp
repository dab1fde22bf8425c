// SQL fragments that pgshift embeds in the SQL it generates (an operation's `up`/`down`
// expression, a default, a CHECK, a column type, an index's WHERE): checked with the real
// parser before anything runs, so a typo is reported at its file and line instead of as a
// syntax error half-way through an expand phase, and a fragment can never smuggle in a
// second statement (`1); DROP TABLE users; SELECT (1`).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pgshift/status.hpp"

namespace pgshift::sql {

enum class Fragment {
  expression,  // a scalar expression: up, down, default, check
  type,        // a column type: "bigint", "varchar(20)", "text[]"
  condition,   // a boolean expression used as WHERE (same grammar as expression)
};

// Ok when `text` is exactly one fragment of `kind`; else invalid_input with a message that
// names the problem ("syntax error at or near \")\"", "more than one statement"); the caller
// adds the file and line.
Status check_fragment(Fragment kind, std::string_view text);

// What makes expression `text` differ per row ("random", "nextval", "column reference", ...);
// "" when it is the same for every row. Errors as check_fragment.
Result<std::string> expression_volatile_part(std::string_view text);

// The columns expression (or condition) `text` names, unqualified, each once, in order of first
// appearance. Errors as check_fragment.
Result<std::vector<std::string>> expression_columns(std::string_view text);

// `text` with every unqualified column reference found in `names` replaced by its value
// (quoted): an expression written in a version's column names, made to read the table's
// physical columns. Errors as check_fragment.
Result<std::string> rename_columns(std::string_view text,
                                   const std::map<std::string, std::string>& names);

}  // namespace pgshift::sql
