// How deeply a statement nests, bounded before anything walks its tree. libpg_query, the JSON
// readers and every classifier and lint rule walk parse trees recursively, one stack frame per
// level: `SELECT 1+1+...+1` with 20,000 terms (a tree 40,000 levels deep) overflowed the stack.
// Every tree is checked here first, so that all of those walks stay within a known depth.
// Private to src/sql.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "sql/scan.hpp"

namespace pgshift::sql::detail {

// The deepest parse tree accepted, counted in JSON objects and arrays (libpg_query's form):
// `1+1+...+1` with n terms is 2n deep, n UNIONs n deep, n nested sub-selects 7n deep.
// PostgreSQL 15 with its default max_stack_depth (2MB) refuses such statements at about the
// same depth (4,000 chained operators, 7,000 UNIONs), so nothing it runs is refused here.
inline constexpr int k_max_tree_depth = 10000;

// Before parsing: libpg_query turns its tree into JSON recursively and crashes at about 200,000
// levels, so it never sees a statement whose chains of left-associative operators, casts,
// JOINs and set operations alone would nest deeper than 4 * k_max_tree_depth (an estimate from
// the tokens; what parentheses nest is bounded by the parser's own stack). Returns the index of
// the first token of the first such statement in `tokens`.
std::optional<std::size_t> chains_too_deep(const std::vector<Token>& tokens);

// After parsing: true when `tree` nests deeper than k_max_tree_depth. Walks it without
// recursion and, on the way, moves every "location" (a byte offset in the text that was parsed)
// by `shift`, so that the tree's offsets are those of the whole section.
bool settle_tree(nlohmann::json& tree, long shift);

}  // namespace pgshift::sql::detail
