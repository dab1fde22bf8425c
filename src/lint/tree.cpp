#include "lint/tree.hpp"

#include <vector>

namespace pgshift::lint::tree {
namespace {

const json& empty_array() {
  static const json k_empty = json::array();
  return k_empty;
}

}  // namespace

std::string str(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

const json& items(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_array() ? *it : empty_array();
}

const json* get(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_object() ? &*it : nullptr;
}

const json* as(const json& item, const char* type) {
  return item.is_object() ? get(item, type) : nullptr;
}

long location(const json& body) {
  auto it = body.find("location");
  return it != body.end() && it->is_number_integer() ? it->get<long>() : -1;
}

std::vector<std::string> strings(const json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) {
    return out;
  }
  for (const json& item : list) {
    if (const json* s = as(item, "String")) {
      out.push_back(str(*s, "sval"));
    }
  }
  return out;
}

std::string qualified_name(const json& list) {
  std::string out;
  for (const std::string& part : strings(list)) {
    out += (out.empty() ? "" : ".") + part;
  }
  return out;
}

void walk(const json& node,
          const std::function<void(std::string_view type, const json& body)>& visit) {
  // An explicit stack, not recursion: a statement nests as deep as the parser allows. Each
  // entry is a value and the key it sits under (null for array items); children go on the
  // stack in reverse, so that they come off in document order.
  struct Entry {
    const std::string* key;
    const json* value;
  };
  std::vector<Entry> stack{{nullptr, &node}};
  std::vector<Entry> children;
  while (!stack.empty()) {
    const Entry e = stack.back();
    stack.pop_back();
    // Node types are UpperCamelCase keys holding an object; fields are lower_case.
    if (e.key != nullptr && !e.key->empty() && (*e.key)[0] >= 'A' && (*e.key)[0] <= 'Z' &&
        e.value->is_object()) {
      visit(*e.key, *e.value);
    }
    children.clear();
    if (e.value->is_array()) {
      for (const json& item : *e.value) {
        children.push_back({nullptr, &item});
      }
    } else if (e.value->is_object()) {
      for (auto it = e.value->begin(); it != e.value->end(); ++it) {
        children.push_back({&it.key(), &*it});
      }
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
}

TableRef table_of(const json& range_var) {
  return {str(range_var, "schemaname"), str(range_var, "relname")};
}

TableRef object_name(const json& object) {
  const json* list = as(object, "List");
  const std::vector<std::string> parts =
      list != nullptr ? strings(items(*list, "items")) : std::vector<std::string>();
  TableRef t;
  t.name = parts.empty() ? std::string() : parts.back();
  t.schema = parts.size() >= 2 ? parts[parts.size() - 2] : std::string();
  return t;
}

std::optional<TableRef> created_table(std::string_view node, const json& body) {
  if (node == "CreateStmt") {
    if (const json* rel = get(body, "relation")) {
      return table_of(*rel);
    }
  } else if (node == "CreateTableAsStmt") {
    const json* into = get(body, "into");
    const json* rel = into != nullptr ? get(*into, "rel") : nullptr;
    if (rel != nullptr && str(body, "objtype") != "OBJECT_MATVIEW") {
      return table_of(*rel);
    }
  } else if (node == "SelectStmt") {
    const json* into = get(body, "intoClause");
    if (const json* rel = into != nullptr ? get(*into, "rel") : nullptr) {
      return table_of(*rel);
    }
  }
  return std::nullopt;
}

Column column_of(const json& column_def) {
  Column c;
  c.body = &column_def;
  c.name = str(column_def, "colname");
  c.location = location(column_def);
  if (const json* type = get(column_def, "typeName")) {
    std::vector<std::string> names = strings(items(*type, "names"));
    c.type = names.empty() ? std::string() : names.back();
    c.array = !items(*type, "arrayBounds").empty();
    for (const json& mod : items(*type, "typmods")) {
      const json* a_const = as(mod, "A_Const");
      const json* ival = a_const != nullptr ? get(*a_const, "ival") : nullptr;
      if (ival != nullptr) {
        auto v = ival->find("ival");
        c.typmods.push_back(v != ival->end() && v->is_number_integer() ? v->get<long>() : 0);
      }
    }
  }
  return c;
}

std::vector<Column> columns_of_create(const json& create_stmt) {
  std::vector<Column> out;
  for (const json& element : items(create_stmt, "tableElts")) {
    if (const json* def = as(element, "ColumnDef")) {
      out.push_back(column_of(*def));
    }
  }
  return out;
}

std::vector<Column> typed_columns(std::string_view node, const json& body) {
  if (node == "CreateStmt") {
    return columns_of_create(body);
  }
  std::vector<Column> out;
  if (node != "AlterTableStmt") {
    return out;
  }
  for (const AlterCmd& cmd : alter_cmds(body)) {
    if (cmd.subtype != "AT_AddColumn" && cmd.subtype != "AT_AlterColumnType") {
      continue;
    }
    const json* column_def = column_def_of(cmd);
    if (column_def == nullptr) {
      continue;
    }
    Column c = column_of(*column_def);
    if (cmd.subtype == "AT_AlterColumnType") {
      c.name = str(*cmd.body, "name");
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<const json*> constraints_of(const json& body) {
  std::vector<const json*> out;
  for (const json& item : items(body, "constraints")) {
    if (const json* c = as(item, "Constraint")) {
      out.push_back(c);
    }
  }
  for (const json& item : items(body, "tableElts")) {
    if (const json* c = as(item, "Constraint")) {
      out.push_back(c);
    }
  }
  return out;
}

const json* constraint(const json& body, std::string_view contype) {
  for (const json* c : constraints_of(body)) {
    if (str(*c, "contype") == contype) {
      return c;
    }
  }
  return nullptr;
}

std::vector<AlterCmd> alter_cmds(const json& alter_stmt, std::string_view subtype) {
  std::vector<AlterCmd> out;
  for (const json& item : items(alter_stmt, "cmds")) {
    if (const json* cmd = as(item, "AlterTableCmd")) {
      std::string s = str(*cmd, "subtype");
      if (subtype.empty() || s == subtype) {
        out.push_back({std::move(s), cmd});
      }
    }
  }
  return out;
}

bool AlterCmd::is(std::string_view base) const {
  return subtype.starts_with(base) &&
         (subtype.size() == base.size() || subtype.substr(base.size()) == "Recurse");
}

const json* column_def_of(const AlterCmd& cmd) {
  const json* def = get(*cmd.body, "def");
  return def != nullptr ? as(*def, "ColumnDef") : nullptr;
}

AddedConstraint added_constraint(const AlterCmd& cmd, std::string_view contype) {
  const json* def = get(*cmd.body, "def");
  if (def == nullptr) {
    return {};
  }
  if (cmd.is("AT_AddConstraint")) {
    const json* c = as(*def, "Constraint");
    if (c != nullptr && str(*c, "contype") == contype) {
      return {c, nullptr};
    }
  } else if (cmd.is("AT_AddColumn")) {
    const json* column_def = as(*def, "ColumnDef");
    const json* c = column_def != nullptr ? constraint(*column_def, contype) : nullptr;
    if (c != nullptr) {
      return {c, column_def};
    }
  }
  return {};
}

TableRef relation_of(const json& body) {
  const json* rel = get(body, "relation");
  return rel != nullptr ? table_of(*rel) : TableRef{};
}

}  // namespace pgshift::lint::tree
