// Queries and the statements built on one: SELECT, INSERT, UPDATE, DELETE, MERGE, COPY,
// EXPLAIN, CREATE TABLE AS / MATERIALIZED VIEW, CREATE VIEW, DECLARE CURSOR. Per "Explicit
// Locking": the target of INSERT / UPDATE / DELETE / MERGE gets ROW EXCLUSIVE, every other
// table read gets ACCESS SHARE, and the tables of SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE /
// KEY SHARE get ROW SHARE. The tree is walked for every table reference (FROM, USING, JOIN,
// sub-selects, CTEs, data-modifying CTEs), so the cheap parts are exact; what runs inside
// functions, triggers, rules and views is not visible.

#include "sql/effects.hpp"

#include <algorithm>
#include <string_view>

namespace pgshift::sql::detail {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The FROM items that a locking clause covers: all of them, or those named after OF (by
// table name or alias).
struct RowShareScope {
  bool all = false;
  std::vector<std::string> names;

  bool covers(const json& range_var) const {
    if (all || contains(names, text(range_var, "relname"))) {
      return true;
    }
    const json* alias = object(range_var, "alias");
    return alias != nullptr && contains(names, text(*alias, "aliasname"));
  }
};

bool is_modify(std::string_view key) {
  return key == "InsertStmt" || key == "UpdateStmt" || key == "DeleteStmt" || key == "MergeStmt";
}

class QueryWalker {
 public:
  QueryWalker(const json& root, EffectsDraft& d) : m_draft(d) { collect_ctes(root); }

  // Any part of a tree: table references get ACCESS SHARE, or ROW SHARE under `scope`.
  void walk(const json& n, const RowShareScope* scope) {
    if (n.is_array()) {
      for (const json& item : n) {
        walk(item, scope);
      }
      return;
    }
    if (!n.is_object()) {
      return;
    }
    for (const auto& [key, value] : n.items()) {
      if (key == "RangeVar") {
        table(value, scope != nullptr && scope->covers(value) ? LockLevel::row_share
                                                              : LockLevel::access_share);
      } else if (key == "SelectStmt") {
        select(value, scope);
      } else if (is_modify(key)) {
        modify(value);
      } else if (key != "lockingClause" && key != "intoClause") {
        walk(value, scope);  // lockingClause repeats FROM names; intoClause is a new table
      }
    }
  }

  // A SelectStmt body. Its own locking clause covers its FROM list, and FROM sub-selects
  // inherit the clause of the query around them.
  void select(const json& body, const RowShareScope* inherited) {
    RowShareScope own;
    const json& locking = list(body, "lockingClause");
    for (const json& item : locking) {
      const json* clause = wrapped(item, "LockingClause");
      if (clause == nullptr) {
        continue;
      }
      const json& rels = list(*clause, "lockedRels");
      own.all = own.all || rels.empty();
      for (const json& rel : rels) {
        if (const json* rv = wrapped(rel, "RangeVar")) {
          own.names.push_back(text(*rv, "relname"));
        }
      }
    }
    const RowShareScope* from_scope = locking.empty() ? inherited : &own;
    for (const auto& [key, value] : body.items()) {
      if (key == "fromClause") {
        walk(value, from_scope);
      } else if (key != "lockingClause" && key != "intoClause") {
        walk(value, nullptr);
      }
    }
  }

  // An InsertStmt / UpdateStmt / DeleteStmt / MergeStmt body.
  void modify(const json& body) {
    if (const json* target = object(body, "relation")) {
      table(*target, LockLevel::row_exclusive);
    }
    for (const auto& [key, value] : body.items()) {
      if (key != "relation") {
        walk(value, nullptr);
      }
    }
  }

  void table(const json& range_var, LockLevel level) {
    // An unqualified name that matches a WITH query is that query, not a table. (Scoping is
    // not followed: a table shadowed by a CTE name elsewhere in the statement is missed.)
    if (text(range_var, "schemaname").empty() && contains(m_ctes, text(range_var, "relname"))) {
      return;
    }
    m_draft.lock(range_var, level);
  }

 private:
  void collect_ctes(const json& n) {
    if (n.is_array()) {
      for (const json& item : n) {
        collect_ctes(item);
      }
      return;
    }
    if (!n.is_object()) {
      return;
    }
    for (const auto& [key, value] : n.items()) {
      if (key == "CommonTableExpr" && value.is_object()) {
        m_ctes.push_back(text(value, "ctename"));
      }
      collect_ctes(value);
    }
  }

  EffectsDraft& m_draft;
  std::vector<std::string> m_ctes;
};

}  // namespace

bool query_effects(const std::string& node, const json& body, EffectsDraft& d) {
  QueryWalker w(body, d);
  Effects& e = d.effects;
  if (node == "SelectStmt") {
    e.action = object(body, "intoClause") != nullptr ? "SELECT INTO" : "SELECT";
    w.select(body, nullptr);
  } else if (is_modify(node)) {
    e.action = node == "InsertStmt"   ? "INSERT"
               : node == "UpdateStmt" ? "UPDATE"
               : node == "DeleteStmt" ? "DELETE"
                                      : "MERGE";
    // Without WHERE, UPDATE and DELETE visit every row (CURRENT OF counts as a WHERE).
    e.scans = (node == "UpdateStmt" || node == "DeleteStmt") && !body.contains("whereClause");
    w.modify(body);
  } else if (node == "CopyStmt") {
    const bool from = flag(body, "is_from");
    e.action = from ? "COPY FROM" : "COPY TO";
    if (const json* rel = object(body, "relation")) {
      w.table(*rel, from ? LockLevel::row_exclusive : LockLevel::access_share);
    }
    if (const json* query = object(body, "query")) {
      w.walk(*query, nullptr);
    }
  } else if (node == "ExplainStmt" || node == "DeclareCursorStmt") {
    // EXPLAIN plans its query (ANALYZE runs it): the locks are the query's either way.
    e.action = node == "ExplainStmt" ? "EXPLAIN" : "DECLARE CURSOR";
    if (const json* query = object(body, "query")) {
      w.walk(*query, nullptr);
    }
  } else if (node == "CreateTableAsStmt") {
    e.action =
        text(body, "objtype") == "OBJECT_MATVIEW" ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS";
    if (const json* query = object(body, "query")) {
      w.walk(*query, nullptr);
    }
  } else if (node == "ViewStmt") {
    // The view's query is analyzed (ACCESS SHARE on its tables); OR REPLACE takes ACCESS
    // EXCLUSIVE on an existing view (observed).
    const bool replace = flag(body, "replace");
    e.action = replace ? "CREATE OR REPLACE VIEW" : "CREATE VIEW";
    if (const json* view = object(body, "view"); view != nullptr && replace) {
      d.lock(*view, LockLevel::access_exclusive);
    }
    if (const json* query = object(body, "query")) {
      w.walk(*query, nullptr);
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace pgshift::sql::detail
