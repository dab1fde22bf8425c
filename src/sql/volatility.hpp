// Is a default expression the same for every row? The one volatility heuristic that the
// classification (ADD COLUMN ... DEFAULT rewrites the table or not) and the linter's rules
// share, so `plan` and `lint` never disagree about a default. Works on libpg_query's raw JSON
// expression (before analysis), so it knows functions by name only.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace pgshift::sql {

// What makes `expr` volatile: the name of the first function call that is not known to be
// immutable or stable ("random", "gen_random_uuid", "nextval", a user's function), "subquery"
// for a sub-select, "column reference" for a column; "" when the expression is the same for
// every row of one statement (constants, casts, operators, now(), CURRENT_TIMESTAMP ...).
// Unknown functions count as volatile: PostgreSQL's default for CREATE FUNCTION is VOLATILE.
std::string volatile_part(const nlohmann::json& expr);

// volatile_part(expr).empty().
bool is_non_volatile(const nlohmann::json& expr);

// Is `type_name` (a type's name as the parser spells it, "serial", "bigserial", "serial8" ...)
// one of the serial pseudo-types? A serial column gets a nextval() default: filled per row.
bool is_serial_type(std::string_view type_name);

}  // namespace pgshift::sql
