// Readers for libpg_query's JSON parse tree, shared by the classification files. libpg_query
// leaves out every field at its default (false, 0, "", empty list), so each reader tolerates
// absence and a wrong type by returning the default. Private to src/sql.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace pgshift::sql::detail {

using nlohmann::json;

// body[key] as a bool / string / array; false, "" or an empty array when absent.
bool flag(const json& body, const char* key);
std::string text(const json& body, const char* key);
const json& list(const json& body, const char* key);
// body[key] when it is an object, else nullptr.
const json* object(const json& body, const char* key);
// The body of a wrapped node: {"RangeVar": {...}} with type "RangeVar" -> {...}; nullptr when
// `item` is not an object holding that type.
const json* wrapped(const json& item, const char* type);

// The svals of a list of {"String": {"sval": ...}} items (a qualified name, a column list).
std::vector<std::string> strings(const json& items);
// The items of a {"List": {"items": [...]}} node (DropStmt objects, DefElem list arguments).
const json& list_items(const json& node);

// A DefElem read as PostgreSQL's defGetBoolean reads it: no argument means true; false only
// for an explicit false / off / 0. Anything else counts as true, the conservative side.
bool def_elem_true(const json& def);
// Does the option list (ReindexStmt.params, VacuumStmt.options ...) turn on `name`?
bool option_on(const json& options, std::string_view name);

}  // namespace pgshift::sql::detail
