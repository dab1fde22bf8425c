// Readers of libpg_query's JSON parse tree for lint rules. libpg_query leaves out every field
// at its default (false, 0, "", empty list), so each reader tolerates absence and a wrong type
// by returning the default; rules never need to check before reading.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/finding.hpp"

namespace pgshift::lint::tree {

using json = nlohmann::json;

// body[key] as a string / bool / array; "", false or an empty array when absent.
std::string str(const json& body, const char* key);
bool flag(const json& body, const char* key);
const json& items(const json& body, const char* key);
// body[key] when it is an object, else nullptr.
const json* get(const json& body, const char* key);
// The body of a wrapped node: as(item, "ColumnDef") of {"ColumnDef": {...}} is {...}; nullptr
// when `item` is not a node of that type.
const json* as(const json& item, const char* type);
// body["location"]: a byte offset in the section's text; -1 when absent.
long location(const json& body);
// The svals of a list of {"String": {"sval": ...}} items (a qualified name).
std::vector<std::string> strings(const json& list);
// Those svals joined with ".": "app.email" for a qualified name; "" for an empty list.
std::string qualified_name(const json& list);

// Calls `visit(type, body)` for every node {"Type": {...}} under `node`, `node` included,
// depth first in document order.
void walk(const json& node,
          const std::function<void(std::string_view type, const json& body)>& visit);

// The table of a RangeVar body.
TableRef table_of(const json& range_var);
// The relation one of a DropStmt's "objects" names ({"List": {"items": [schema, name]}}): the
// last two names of the list; an empty name when the item is not such a list.
TableRef object_name(const json& object);
// The table a statement creates (CreateStmt, CreateTableAsStmt, SELECT INTO), if any.
std::optional<TableRef> created_table(std::string_view node, const json& body);

// A column definition (ColumnDef) of CREATE TABLE or ALTER TABLE ADD COLUMN.
struct Column {
  std::string name;
  // The type's last name, as the parser spells it: "int4", "int8", "varchar", "bpchar" (char),
  // "timestamp", "text", "serial" (not resolved: serial stays serial). "" when absent.
  std::string type;
  bool array = false;          // int[]
  std::vector<long> typmods;   // varchar(20) -> {20}; empty when none
  const json* body = nullptr;  // the ColumnDef body
  long location = -1;          // of the column's name
};
Column column_of(const json& column_def);
// The columns of a CreateStmt body (table elements that are ColumnDefs).
std::vector<Column> columns_of_create(const json& create_stmt);

// The column definitions whose type a statement sets: the columns of CREATE TABLE, ALTER TABLE
// ... ADD COLUMN, and ALTER TABLE ... ALTER COLUMN ... TYPE (named after the subcommand, with
// the new type). For the type rules (prefer-bigint-over-int, prefer-text-field ...).
std::vector<Column> typed_columns(std::string_view node, const json& body);

// The constraints written on a column or in a table: Constraint bodies, with contype
// "CONSTR_DEFAULT", "CONSTR_NOTNULL", "CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_CHECK",
// "CONSTR_FOREIGN", "CONSTR_IDENTITY", "CONSTR_GENERATED", "CONSTR_EXCLUSION" ...
std::vector<const json*> constraints_of(const json& body);
// The first constraint of that contype in constraints_of(body), or nullptr.
const json* constraint(const json& body, std::string_view contype);

// One subcommand of an ALTER TABLE (AlterTableStmt.cmds).
struct AlterCmd {
  std::string subtype;  // "AT_AddColumn", "AT_AlterColumnType", "AT_AddConstraint" ...
  const json* body;     // the AlterTableCmd body: "name" (the column), "def", "behavior" ...

  // Is it `subtype` or its "...Recurse" variant (AT_AddColumn, AT_AddColumnRecurse)?
  bool is(std::string_view base) const;
};
// The subcommands of an AlterTableStmt body, all of them or only those of `subtype`.
std::vector<AlterCmd> alter_cmds(const json& alter_stmt, std::string_view subtype = {});
// The ColumnDef body of an ADD COLUMN or ALTER COLUMN ... TYPE subcommand ("def"), or nullptr.
const json* column_def_of(const AlterCmd& cmd);
// A constraint of `contype` that the subcommand adds: ADD CONSTRAINT of that contype
// (column_def nullptr), or ADD COLUMN with such a constraint on the column (column_def its
// ColumnDef body). Both nullptr when the subcommand adds none. Subtypes with Recurse included.
struct AddedConstraint {
  const json* constraint = nullptr;
  const json* column_def = nullptr;
};
AddedConstraint added_constraint(const AlterCmd& cmd, std::string_view contype);
// The table an AlterTableStmt (or any statement with a "relation" RangeVar) names.
TableRef relation_of(const json& body);

}  // namespace pgshift::lint::tree
