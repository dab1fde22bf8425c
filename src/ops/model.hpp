// The schema an operations migration acts on, as a model: tables of the migration's schema with
// their columns, constraints and indexes. Loaded from the catalog (runner/ops_catalog), then
// changed by each operation in turn (Operation::apply), so every operation is checked against
// the shape the earlier ones left, and the version schema's views show the final shape.
//
// A column has a visible name (what the new application version sees) and a physical name
// (what the table has during the expand phase): `_pgshift_new_email` for a column that
// add_column created, `name` for a column that rename_column will rename to `full_name` at
// contract.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgshift::ops {

struct Column {
  std::string name;      // visible in the new version
  std::string physical;  // in the table during the expand phase
  std::string type;      // format_type(), e.g. "integer", "character varying(20)"
  bool nullable = true;
  std::optional<std::string> default_sql;
  // A default that only the new version sees (set_default): set on its view, not the table.
  std::optional<std::string> view_default;
};

struct Constraint {
  std::string name;
  char kind = 'c';                   // c check, f foreign key, u unique, p primary key, x exclusion
  std::vector<std::string> columns;  // visible names
};

struct Index {
  std::string name;
  std::vector<std::string> columns;  // visible names; empty for expression indexes
  bool unique = false;
};

struct Table {
  std::string name;      // visible in the new version
  std::string physical;  // in the schema during the expand phase
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  // visible column names
  std::vector<Constraint> constraints;
  std::vector<Index> indexes;
  std::string replica_identity = "d";  // d default, f full, n nothing, i index
  std::string replica_index;           // the index, when replica_identity is "i"
  bool created = false;                // created by this migration (its rows are all new)

  Column* column(const std::string& name);
  const Column* column(const std::string& name) const;
  const Constraint* constraint(const std::string& name) const;
  const Index* index(const std::string& name) const;
  // Visible column name -> physical, for rewriting an expression written in visible names
  // (sql::rename_columns) to read the table as it is during expand.
  std::map<std::string, std::string> physical_names() const;
};

struct Model {
  std::string schema;  // the migration's schema (default "public")
  std::vector<Table> tables;
  // Index names are unique per schema, not per table.
  bool has_relation(const std::string& name) const;

  Table* table(const std::string& name);
  const Table* table(const std::string& name) const;
  // The table an index belongs to, or null.
  const Table* table_of_index(const std::string& index) const;
};

// Physical names pgshift gives what it creates during expand. They all start with "_pgshift_",
// which the catalog loader leaves out of the model, so a crashed expand is planned the same way
// again and nothing of it shows as the application's.
inline constexpr const char* k_prefix = "_pgshift_";
std::string temp_column(const std::string& column);  // "_pgshift_new_<column>" (≤ 63 bytes)

}  // namespace pgshift::ops
