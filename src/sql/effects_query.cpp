// Queries and the statements built on one: SELECT, INSERT, UPDATE, DELETE, MERGE, COPY,
// EXPLAIN, CREATE TABLE AS / MATERIALIZED VIEW, CREATE VIEW, DECLARE CURSOR. Per "Explicit
// Locking": the target of INSERT / UPDATE / DELETE / MERGE gets ROW EXCLUSIVE, every other
// table read gets ACCESS SHARE, and the tables of SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE /
// KEY SHARE get ROW SHARE. The tree is walked for every table reference (FROM, USING, JOIN,
// sub-selects, CTEs, data-modifying CTEs), so the cheap parts are exact; what runs inside
// functions, triggers, rules and views is not visible.

#include "sql/effects.hpp"

#include <algorithm>
#include <deque>
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

// Walks without recursion (an explicit stack of tasks, in document order): statements nest as
// deep as the parser allows, far deeper than the call stack would.
class QueryWalker {
 public:
  QueryWalker(const json& root, EffectsDraft& d) : m_draft(d) { collect_ctes(root); }

  // Any part of a tree: table references get ACCESS SHARE, or ROW SHARE under `scope`.
  void walk(const json& n, const RowShareScope* scope) { run({&n, scope, Task::any}); }

  // A SelectStmt body. Its own locking clause covers its FROM list, and FROM sub-selects
  // inherit the clause of the query around them.
  void select(const json& body, const RowShareScope* inherited) {
    run({&body, inherited, Task::select});
  }

  // An InsertStmt / UpdateStmt / DeleteStmt / MergeStmt body.
  void modify(const json& body) { run({&body, nullptr, Task::modify}); }

  void table(const json& range_var, LockLevel level) {
    // An unqualified name that matches a WITH query is that query, not a table. (Scoping is
    // not followed: a table shadowed by a CTE name elsewhere in the statement is missed.)
    if (text(range_var, "schemaname").empty() && contains(m_ctes, text(range_var, "relname"))) {
      return;
    }
    m_draft.lock(range_var, level);
  }

 private:
  struct Task {
    enum Kind { any, select, modify, range_var };
    const json* node;
    const RowShareScope* scope;
    Kind kind;
  };

  void run(Task first) {
    std::vector<Task> stack{first};
    std::vector<Task> children;
    while (!stack.empty()) {
      const Task t = stack.back();
      stack.pop_back();
      children.clear();
      switch (t.kind) {
        case Task::any:
          any_children(*t.node, t.scope, children);
          break;
        case Task::select:
          select_children(*t.node, t.scope, children);
          break;
        case Task::modify:
          if (const json* target = object(*t.node, "relation")) {
            table(*target, LockLevel::row_exclusive);
          }
          for (const auto& [key, value] : t.node->items()) {
            if (key != "relation") {
              children.push_back({&value, nullptr, Task::any});
            }
          }
          break;
        case Task::range_var:
          table(*t.node, t.scope != nullptr && t.scope->covers(*t.node) ? LockLevel::row_share
                                                                        : LockLevel::access_share);
          break;
      }
      stack.insert(stack.end(), children.rbegin(), children.rend());
    }
  }

  static void any_children(const json& n, const RowShareScope* scope, std::vector<Task>& out) {
    if (n.is_array()) {
      for (const json& item : n) {
        out.push_back({&item, scope, Task::any});
      }
      return;
    }
    if (!n.is_object()) {
      return;
    }
    for (const auto& [key, value] : n.items()) {
      if (key == "RangeVar") {
        out.push_back({&value, scope, Task::range_var});
      } else if (key == "SelectStmt") {
        out.push_back({&value, scope, Task::select});
      } else if (is_modify(key)) {
        out.push_back({&value, nullptr, Task::modify});
      } else if (key != "lockingClause" && key != "intoClause") {
        // lockingClause repeats FROM names; intoClause is a new table
        out.push_back({&value, scope, Task::any});
      }
    }
  }

  void select_children(const json& body, const RowShareScope* inherited, std::vector<Task>& out) {
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
    const RowShareScope* from_scope = inherited;
    if (!locking.empty()) {
      m_scopes.push_back(std::move(own));  // a deque: the address stays valid
      from_scope = &m_scopes.back();
    }
    for (const auto& [key, value] : body.items()) {
      if (key == "fromClause") {
        out.push_back({&value, from_scope, Task::any});
      } else if (key != "lockingClause" && key != "intoClause") {
        out.push_back({&value, nullptr, Task::any});
      }
    }
  }

  void collect_ctes(const json& root) {
    std::vector<const json*> stack{&root};
    while (!stack.empty()) {
      const json& n = *stack.back();
      stack.pop_back();
      if (n.is_array()) {
        for (const json& item : n) {
          stack.push_back(&item);
        }
        continue;
      }
      if (!n.is_object()) {
        continue;
      }
      for (const auto& [key, value] : n.items()) {
        if (key == "CommonTableExpr" && value.is_object()) {
          m_ctes.push_back(text(value, "ctename"));
        }
        stack.push_back(&value);
      }
    }
  }

  EffectsDraft& m_draft;
  std::vector<std::string> m_ctes;
  std::deque<RowShareScope> m_scopes;
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
