#include "lint/run_catalog.hpp"

#include "lint/index_name.hpp"

namespace pgshift::lint {
namespace {

// Is a binding from `from` to `until` in force while the statement at `pos` runs? Not yet at
// the statement that makes it (it runs under the old names), still at the one that ends it.
bool in_force(RunPos from, const std::optional<RunPos>& until, RunPos pos) {
  return from < pos && (!until || pos <= *until);
}

// The elements whose names make up the name of a constraint's index: the first element of
// each `col WITH op` pair of an EXCLUDE, else the keys followed by the INCLUDE columns.
tree::json constraint_elements(const tree::json& constraint) {
  tree::json out = tree::json::array();
  if (!tree::items(constraint, "exclusions").empty()) {
    for (const tree::json& pair : tree::items(constraint, "exclusions")) {
      const tree::json* list = tree::as(pair, "List");
      const tree::json& items = list != nullptr ? tree::items(*list, "items") : pair;
      if (items.is_array() && !items.empty()) {
        out.push_back(items.front());
      }
    }
    return out;
  }
  for (const char* key : {"keys", "including"}) {
    for (const tree::json& item : tree::items(constraint, key)) {
      out.push_back(item);
    }
  }
  return out;
}

}  // namespace

void RunCatalog::record(RunPos pos, std::string_view node, const tree::json& body) {
  if (const auto created = tree::created_table(node, body)) {
    create_table(pos, *created, body);
  } else if (node == "IndexStmt") {
    create_index(pos, body);
  } else if (node == "AlterTableStmt") {
    alter_table(pos, body);
  } else if (node == "RenameStmt") {
    rename(pos, body);
  } else if (node == "AlterObjectSchemaStmt" && tree::str(body, "objectType") == "OBJECT_TABLE") {
    const TableRef from = tree::relation_of(body);
    move_table(pos, from, TableRef{tree::str(body, "newschema"), from.name});
  } else if (node == "DropStmt") {
    drop(pos, body);
  } else if (node == "CreateSchemaStmt") {
    create_schema(pos, body);
  }
  note_search_path(pos, node, body);
}

std::optional<TableOrigin> RunCatalog::table(const TableRef& table, RunPos pos) const {
  const std::string key = table.key();
  for (const Binding<TableEntry>& b : m_tables) {
    if (b.key == key && in_force(b.from, b.until, pos)) {
      return b.value.origin;
    }
  }
  return std::nullopt;
}

std::optional<IndexOrigin> RunCatalog::index(const TableRef& index, RunPos pos) const {
  const std::string key = index.key();
  for (const Binding<IndexEntry>& b : m_indexes) {
    if (b.key == key && in_force(b.from, b.until, pos)) {
      return IndexOrigin{b.value.table};
    }
  }
  return std::nullopt;
}

void RunCatalog::create_table(RunPos pos, const TableRef& table, const tree::json& body) {
  if (tree::flag(body, "if_not_exists") && open_table(table.key()) != nullptr) {
    return;  // the run's table of that name stays, and nothing is created
  }
  bind_table(pos, table, TableOrigin{pos, table});
  for (const tree::json& element : tree::items(body, "tableElts")) {
    if (const tree::json* column = tree::as(element, "ColumnDef")) {
      for (const tree::json* c : tree::constraints_of(*column)) {
        constraint_index(pos, table, *c, tree::str(*column, "colname"));
      }
    } else if (const tree::json* c = tree::as(element, "Constraint")) {
      constraint_index(pos, table, *c, "");
    }
  }
}

void RunCatalog::create_index(RunPos pos, const tree::json& body) {
  const TableRef table = tree::relation_of(body);
  std::string name = tree::str(body, "idxname");
  if (name.empty()) {
    tree::json elements = tree::items(body, "indexParams");
    for (const tree::json& e : tree::items(body, "indexIncludingParams")) {
      elements.push_back(e);
    }
    name = choose_index_name(table.name, index_column_names(elements), IndexKind::plain,
                             [&](const std::string& n) { return taken(table.schema, n); });
  }
  const TableRef index{table.schema, name};
  if (tree::flag(body, "if_not_exists") && live_index(index.key()) != nullptr) {
    return;
  }
  bind_index(pos, index, table);
}

void RunCatalog::alter_table(RunPos pos, const tree::json& body) {
  const std::string objtype = tree::str(body, "objtype");
  if (!objtype.empty() && objtype != "OBJECT_TABLE") {
    return;  // ALTER INDEX ... SET, ALTER VIEW ...: no name changes
  }
  const TableRef table = tree::relation_of(body);
  for (const tree::AlterCmd& cmd : tree::alter_cmds(body)) {
    const tree::json* def = tree::get(*cmd.body, "def");
    if (cmd.is("AT_AddConstraint") && def != nullptr) {
      if (const tree::json* c = tree::as(*def, "Constraint")) {
        constraint_index(pos, table, *c, "");
      }
    } else if (cmd.is("AT_AddColumn")) {
      if (const tree::json* column = tree::column_def_of(cmd)) {
        for (const tree::json* c : tree::constraints_of(*column)) {
          constraint_index(pos, table, *c, tree::str(*column, "colname"));
        }
      }
    } else if (cmd.is("AT_DropConstraint")) {
      const TableRef name{table.schema, tree::str(*cmd.body, "name")};
      const IndexEntry* index = live_index(name.key());
      if (index != nullptr && index->table->key() == table.key()) {
        drop_index(pos, name);  // a constraint's index goes with it
      }
    }
  }
}

void RunCatalog::rename(RunPos pos, const tree::json& body) {
  const std::string type = tree::str(body, "renameType");
  const TableRef relation = tree::relation_of(body);
  const std::string new_name = tree::str(body, "newname");
  if (type == "OBJECT_TABLE") {
    // ALTER TABLE renames any relation: an index of the run renamed this way stays an index.
    if (open_table(relation.key()) == nullptr && live_index(relation.key()) != nullptr) {
      rename_index(pos, relation.key(), new_name);
    } else {
      move_table(pos, relation, TableRef{relation.schema, new_name});
    }
  } else if (type == "OBJECT_INDEX") {
    rename_index(pos, relation.key(), new_name);
  } else if (type == "OBJECT_TABCONSTRAINT") {
    // Renaming a PRIMARY KEY or UNIQUE constraint renames its index.
    const std::string key = TableRef{relation.schema, tree::str(body, "subname")}.key();
    const IndexEntry* index = live_index(key);
    if (index != nullptr && index->table->key() == relation.key()) {
      rename_index(pos, key, new_name);
    }
  }
}

void RunCatalog::drop(RunPos pos, const tree::json& body) {
  const std::string type = tree::str(body, "removeType");
  for (const tree::json& object : tree::items(body, "objects")) {
    const TableRef name = tree::object_name(object);
    if (type == "OBJECT_INDEX") {
      drop_index(pos, name);
    } else if (type == "OBJECT_TABLE") {
      unbind_table(pos, name.key());
      for (const std::string& key : indexes_of(name.key())) {
        const TableRef index = m_indexes[m_open_indexes.at(key)].value.name;
        drop_index(pos, index);
      }
    }
  }
}

void RunCatalog::create_schema(RunPos pos, const tree::json& body) {
  // CREATE SCHEMA s CREATE TABLE t ...: the elements' unqualified names are s's.
  const std::string schema = tree::str(body, "schemaname");
  for (const tree::json& element : tree::items(body, "schemaElts")) {
    for (const char* type : {"CreateStmt", "IndexStmt"}) {
      const tree::json* inner = tree::as(element, type);
      if (inner == nullptr) {
        continue;
      }
      tree::json copy = *inner;
      if (copy.contains("relation") && copy["relation"].is_object() &&
          tree::str(copy["relation"], "schemaname").empty()) {
        copy["relation"]["schemaname"] = schema;
      }
      record(pos, type, copy);
    }
  }
}

void RunCatalog::note_search_path(RunPos pos, std::string_view node, const tree::json& body) {
  bool changes = node == "VariableSetStmt" && tree::str(body, "name") == "search_path";
  if (node == "SelectStmt") {
    // pg_dump's SELECT pg_catalog.set_config('search_path', '', false)
    for (const tree::json& target : tree::items(body, "targetList")) {
      const tree::json* res = tree::as(target, "ResTarget");
      const tree::json* val = res != nullptr ? tree::get(*res, "val") : nullptr;
      const tree::json* call = val != nullptr ? tree::as(*val, "FuncCall") : nullptr;
      if (call == nullptr) {
        continue;
      }
      const std::vector<std::string> name = tree::strings(tree::items(*call, "funcname"));
      const tree::json& args = tree::items(*call, "args");
      const tree::json* first = args.empty() ? nullptr : tree::as(args.front(), "A_Const");
      const tree::json* sval = first != nullptr ? tree::get(*first, "sval") : nullptr;
      changes = changes || (!name.empty() && name.back() == "set_config" && sval != nullptr &&
                            tree::str(*sval, "sval") == "search_path");
    }
  }
  if (changes && !m_search_path_changed) {
    m_search_path_changed = pos;
  }
}

void RunCatalog::constraint_index(RunPos pos, const TableRef& table, const tree::json& constraint,
                                  const std::string& column) {
  const std::string contype = tree::str(constraint, "contype");
  IndexKind kind = IndexKind::plain;
  if (contype == "CONSTR_PRIMARY") {
    kind = IndexKind::primary;
  } else if (contype == "CONSTR_UNIQUE") {
    kind = IndexKind::unique;
  } else if (contype == "CONSTR_EXCLUSION") {
    kind = IndexKind::exclusion;
  } else {
    return;  // CHECK, FOREIGN KEY, NOT NULL ...: no index
  }
  std::string name = tree::str(constraint, "conname");
  if (const std::string existing = tree::str(constraint, "indexname"); !existing.empty()) {
    // ADD CONSTRAINT c UNIQUE USING INDEX i: the index becomes the constraint's, renamed to c.
    if (!name.empty()) {
      rename_index(pos, TableRef{table.schema, existing}.key(), name);
    }
    return;
  }
  if (name.empty()) {
    const std::vector<std::string> columns =
        column.empty() ? index_column_names(constraint_elements(constraint))
                       : std::vector<std::string>{column};
    name = choose_index_name(table.name, columns, kind,
                             [&](const std::string& n) { return taken(table.schema, n); });
  }
  bind_index(pos, TableRef{table.schema, name}, table);
}

void RunCatalog::move_table(RunPos pos, const TableRef& from, const TableRef& to) {
  TableOrigin origin{std::nullopt, from};  // a table the target had: its facts stay under `from`
  if (const TableEntry* entry = open_table(from.key())) {
    origin = entry->origin;
  }
  unbind_table(pos, from.key());
  bind_table(pos, to, origin);
  // Its indexes keep their names, in the table's (new) schema.
  for (const std::string& key : indexes_of(from.key())) {
    const TableRef old_name = m_indexes[m_open_indexes.at(key)].value.name;
    drop_index(pos, old_name);
    bind_index(pos, TableRef{to.schema, old_name.name}, to);
  }
}

void RunCatalog::bind_table(RunPos pos, const TableRef& name, TableOrigin origin) {
  const std::string key = name.key();
  unbind_table(pos, key);
  m_open_tables[key] = m_tables.size();
  m_tables.push_back({key, pos, std::nullopt, TableEntry{name, std::move(origin)}});
}

void RunCatalog::bind_index(RunPos pos, const TableRef& name,
                            const std::optional<TableRef>& table) {
  const std::string key = name.key();
  if (auto it = m_open_indexes.find(key); it != m_open_indexes.end()) {
    m_indexes[it->second].until = pos;
  }
  m_open_indexes[key] = m_indexes.size();
  m_indexes.push_back({key, pos, std::nullopt, IndexEntry{name, table}});
}

void RunCatalog::unbind_table(RunPos pos, const std::string& key) {
  if (auto it = m_open_tables.find(key); it != m_open_tables.end()) {
    m_tables[it->second].until = pos;
    m_open_tables.erase(it);
  }
}

void RunCatalog::drop_index(RunPos pos, const TableRef& name) {
  bind_index(pos, name, std::nullopt);
}

void RunCatalog::rename_index(RunPos pos, const std::string& from, const std::string& new_name) {
  const IndexEntry* index = live_index(from);
  if (index == nullptr) {
    return;
  }
  const IndexEntry old = *index;  // bind_index may move the entries
  drop_index(pos, old.name);
  bind_index(pos, TableRef{old.name.schema, new_name}, old.table);
}

std::vector<std::string> RunCatalog::indexes_of(const std::string& table) const {
  std::vector<std::string> out;
  for (const auto& [key, i] : m_open_indexes) {
    const std::optional<TableRef>& t = m_indexes[i].value.table;
    if (t && t->key() == table) {
      out.push_back(key);
    }
  }
  return out;
}

const RunCatalog::TableEntry* RunCatalog::open_table(const std::string& key) const {
  auto it = m_open_tables.find(key);
  return it == m_open_tables.end() ? nullptr : &m_tables[it->second].value;
}

const RunCatalog::IndexEntry* RunCatalog::live_index(const std::string& key) const {
  auto it = m_open_indexes.find(key);
  if (it == m_open_indexes.end() || !m_indexes[it->second].value.table) {
    return nullptr;
  }
  return &m_indexes[it->second].value;
}

bool RunCatalog::taken(const std::string& schema, const std::string& name) const {
  const std::string key = TableRef{schema, name}.key();
  return m_open_tables.count(key) != 0 || live_index(key) != nullptr;
}

}  // namespace pgshift::lint
