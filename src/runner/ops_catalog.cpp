#include "runner/ops_catalog.hpp"

#include <map>
#include <nlohmann/json.hpp>

namespace pgshift::runner {

namespace {

// One query per kind of object; each row carries its table's name.
constexpr const char* k_tables = R"(
SELECT c.relname AS tbl, c.relreplident::text AS ident,
       coalesce((SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                  WHERE x.indrelid = c.oid AND x.indisreplident), '') AS ident_index
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND c.relname NOT LIKE '\_pgshift\_%'
 ORDER BY c.relname)";

constexpr const char* k_columns = R"(
SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND a.attnum > 0 AND NOT a.attisdropped AND a.attname NOT LIKE '\_pgshift\_%'
 ORDER BY c.relname, a.attnum)";

// Column names as JSON arrays: a name may hold any character, a comma included.
constexpr const char* k_constraints = R"(
SELECT c.relname AS tbl, k.conname AS name, k.contype::text AS kind,
       coalesce((SELECT json_agg(a.attname ORDER BY u.i)
                   FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                   JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n), '[]')::text
         AS cols
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND k.conname NOT LIKE '\_pgshift\_%'
 ORDER BY c.relname, k.conname)";

constexpr const char* k_indexes = R"(
SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS uniq,
       coalesce((SELECT json_agg(a.attname ORDER BY u.i)
                   FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, i)
                   JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n
                  WHERE u.n > 0), '[]')::text AS cols
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = $1 AND t.relkind IN ('r', 'p') AND i.relname NOT LIKE '\_pgshift\_%'
 ORDER BY t.relname, i.relname)";

std::vector<std::string> names_of(const std::string& json_text) {
  std::vector<std::string> out;
  for (const auto& v : nlohmann::json::parse(json_text)) {
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Result<ops::Model> load_model(db::Session& session, const std::string& schema) {
  ops::Model model;
  model.schema = schema;
  std::map<std::string, std::size_t> at;  // table name -> index in model.tables
  PGSHIFT_ASSIGN_OR_RETURN(auto tables, session.query(k_tables, {schema}));
  for (std::size_t i = 0; i < tables.size(); ++i) {
    ops::Table t;
    t.name = t.physical = tables.text(i, "tbl");
    t.replica_identity = tables.text(i, "ident");
    t.replica_index = tables.text(i, "ident_index");
    at[t.name] = model.tables.size();
    model.tables.push_back(std::move(t));
  }
  auto columns = session.query(k_columns, {schema});
  if (!columns) {
    return columns.status();
  }
  for (std::size_t i = 0; i < columns->size(); ++i) {
    auto it = at.find(columns->text(i, "tbl"));
    if (it == at.end()) {
      continue;
    }
    ops::Column c;
    c.name = c.physical = columns->text(i, "col");
    c.type = columns->text(i, "type");
    c.nullable = columns->text(i, "notnull") != "t";
    c.default_sql = columns->at(i, "def");
    model.tables[it->second].columns.push_back(std::move(c));
  }
  auto constraints = session.query(k_constraints, {schema});
  if (!constraints) {
    return constraints.status();
  }
  for (std::size_t i = 0; i < constraints->size(); ++i) {
    auto it = at.find(constraints->text(i, "tbl"));
    if (it == at.end()) {
      continue;
    }
    ops::Table& t = model.tables[it->second];
    ops::Constraint k;
    k.name = constraints->text(i, "name");
    k.kind = constraints->text(i, "kind").front();
    k.columns = names_of(constraints->text(i, "cols", "[]"));
    if (k.kind == 'p') {
      t.primary_key = k.columns;
    }
    t.constraints.push_back(std::move(k));
  }
  auto indexes = session.query(k_indexes, {schema});
  if (!indexes) {
    return indexes.status();
  }
  for (std::size_t i = 0; i < indexes->size(); ++i) {
    auto it = at.find(indexes->text(i, "tbl"));
    if (it == at.end()) {
      continue;
    }
    ops::Index x;
    x.name = indexes->text(i, "name");
    x.unique = indexes->text(i, "uniq") == "t";
    x.columns = names_of(indexes->text(i, "cols", "[]"));
    model.tables[it->second].indexes.push_back(std::move(x));
  }
  return model;
}

}  // namespace pgshift::runner
