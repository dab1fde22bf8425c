// The rest of DDL by name: DROP, CREATE TABLE, triggers, rules, policies, statistics,
// sequences, COMMENT ON / SECURITY LABEL, RENAME, SET SCHEMA, GRANT. Levels from "Explicit
// Locking" and each command's page, and where those are silent, from pg_locks on PostgreSQL
// 15.18 ("observed").

#include "sql/effects.hpp"

#include <algorithm>
#include <string_view>

namespace pgshift::sql::detail {
namespace {

constexpr LockLevel k_access_share = LockLevel::access_share;
constexpr LockLevel k_share_update_exclusive = LockLevel::share_update_exclusive;
constexpr LockLevel k_share_row_exclusive = LockLevel::share_row_exclusive;
constexpr LockLevel k_access_exclusive = LockLevel::access_exclusive;

// Where the lock of a DROP / COMMENT ON goes: the object named, or the table it belongs to
// (the name minus its last part: DROP TRIGGER tg ON s.t is written as [s, t, tg]).
enum class Target { self, table };

struct ObjectRule {
  std::string_view objtype;
  Target target;
  LockLevel level;
};

// DROP of a relation takes ACCESS EXCLUSIVE on it ("Explicit Locking"); DROP INDEX takes it on
// the index's table too (DROP INDEX page), which the statement does not name, so the index
// stands for it. Dropping a trigger, rule or policy locks its table ACCESS EXCLUSIVE (observed
// on PostgreSQL 15). Other objects (types, functions, schemas ...) lock no table by name.
constexpr ObjectRule k_drop_rules[] = {
    {"OBJECT_TABLE", Target::self, k_access_exclusive},
    {"OBJECT_VIEW", Target::self, k_access_exclusive},
    {"OBJECT_MATVIEW", Target::self, k_access_exclusive},
    {"OBJECT_SEQUENCE", Target::self, k_access_exclusive},
    {"OBJECT_FOREIGN_TABLE", Target::self, k_access_exclusive},
    {"OBJECT_INDEX", Target::self, k_access_exclusive},
    {"OBJECT_TRIGGER", Target::table, k_access_exclusive},
    {"OBJECT_RULE", Target::table, k_access_exclusive},
    {"OBJECT_POLICY", Target::table, k_access_exclusive},
};

// COMMENT ON and SECURITY LABEL ON lock the relation they describe SHARE UPDATE EXCLUSIVE
// ("Explicit Locking" lists COMMENT ON; a column's comment locks its table). A comment on a
// constraint, trigger, rule or policy only takes ACCESS SHARE on its table (observed).
constexpr ObjectRule k_comment_rules[] = {
    {"OBJECT_TABLE", Target::self, k_share_update_exclusive},
    {"OBJECT_VIEW", Target::self, k_share_update_exclusive},
    {"OBJECT_MATVIEW", Target::self, k_share_update_exclusive},
    {"OBJECT_SEQUENCE", Target::self, k_share_update_exclusive},
    {"OBJECT_FOREIGN_TABLE", Target::self, k_share_update_exclusive},
    {"OBJECT_INDEX", Target::self, k_share_update_exclusive},
    {"OBJECT_COLUMN", Target::table, k_share_update_exclusive},
    {"OBJECT_TABCONSTRAINT", Target::table, k_access_share},
    {"OBJECT_TRIGGER", Target::table, k_access_share},
    {"OBJECT_RULE", Target::table, k_access_share},
    {"OBJECT_POLICY", Target::table, k_access_share},
};

template <typename Rule, std::size_t N>
const Rule* find_rule(const Rule (&rules)[N], std::string_view key) {
  const auto it = std::find_if(std::begin(rules), std::end(rules),
                               [&](const Rule& r) { return r.objtype == key; });
  return it == std::end(rules) ? nullptr : &*it;
}

void lock_object(EffectsDraft& d, const ObjectRule& rule, const json& object) {
  std::vector<std::string> parts = strings(list_items(object));
  if (rule.target == Target::table && !parts.empty()) {
    parts.pop_back();
  }
  d.lock(parts, rule.level);
}

void drop(const json& body, EffectsDraft& d) {
  const std::string type = text(body, "removeType");
  d.effects.action = "DROP " + object_word(type);
  const ObjectRule* rule = find_rule(k_drop_rules, type);
  if (rule == nullptr) {
    return;
  }
  ObjectRule effective = *rule;
  if (type == "OBJECT_INDEX" && flag(body, "concurrent")) {
    // DROP INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the table (DROP INDEX page: it does
    // not lock out selects, inserts, updates or deletes).
    d.effects.action = "DROP INDEX CONCURRENTLY";
    d.effects.concurrently = true;
    effective.level = k_share_update_exclusive;
  }
  for (const json& object : list(body, "objects")) {
    lock_object(d, effective, object);
  }
}

// A foreign key declared in CREATE TABLE locks the referenced table SHARE ROW EXCLUSIVE, as
// ALTER TABLE ADD FOREIGN KEY does, unless it refers to the new table itself.
void lock_referenced_table(const json& item, const json& new_table, EffectsDraft& d) {
  const json* c = wrapped(item, "Constraint");
  const json* pk = c != nullptr ? object(*c, "pktable") : nullptr;
  if (pk == nullptr || (text(*pk, "schemaname") == text(new_table, "schemaname") &&
                        text(*pk, "relname") == text(new_table, "relname"))) {
    return;
  }
  d.lock(*pk, k_share_row_exclusive);
}

void create_table(const json& body, EffectsDraft& d) {
  // The new table is nobody else's yet. What it refers to (observed on PostgreSQL 15):
  // REFERENCES: SHARE ROW EXCLUSIVE on the referenced table; LIKE: ACCESS SHARE on the source;
  // INHERITS: SHARE UPDATE EXCLUSIVE on each parent; PARTITION OF: ACCESS EXCLUSIVE on the
  // parent (and on a DEFAULT partition, which is scanned; neither is in the CREATE TABLE page).
  const bool partition = object(body, "partbound") != nullptr;
  d.effects.action = partition ? "CREATE TABLE PARTITION OF" : "CREATE TABLE";
  for (const json& item : list(body, "inhRelations")) {
    if (const json* rv = wrapped(item, "RangeVar")) {
      d.lock(*rv, partition ? k_access_exclusive : k_share_update_exclusive);
    }
  }
  const json* self = object(body, "relation");
  const json& new_table = self != nullptr ? *self : body;
  for (const json& item : list(body, "tableElts")) {
    if (const json* col = wrapped(item, "ColumnDef")) {
      for (const json& constraint : list(*col, "constraints")) {
        lock_referenced_table(constraint, new_table, d);
      }
    } else if (const json* like = wrapped(item, "TableLikeClause")) {
      if (const json* rel = object(*like, "relation")) {
        d.lock(*rel, k_access_share);
      }
    } else {
      lock_referenced_table(item, new_table, d);  // a table constraint
    }
  }
}

void create_foreign_table(const json& body, EffectsDraft& d) {
  if (const json* base = object(body, "base")) {
    create_table(*base, d);
  }
  d.effects.action = "CREATE FOREIGN TABLE";
}

void create_trigger(const json& body, EffectsDraft& d) {
  // CREATE TRIGGER: SHARE ROW EXCLUSIVE ("Explicit Locking"); the FROM table of a constraint
  // trigger: ACCESS SHARE (observed).
  d.effects.action = "CREATE TRIGGER";
  if (const json* rel = object(body, "relation")) {
    d.lock(*rel, k_share_row_exclusive);
  }
  if (const json* from = object(body, "constrrel")) {
    d.lock(*from, k_access_share);
  }
}

void create_rule(const json& body, EffectsDraft& d) {
  d.effects.action = "CREATE RULE";  // ACCESS EXCLUSIVE (observed)
  if (const json* rel = object(body, "relation")) {
    d.lock(*rel, k_access_exclusive);
  }
}

void create_policy(const json& body, EffectsDraft& d) {
  d.effects.action = "CREATE POLICY";  // ACCESS EXCLUSIVE (observed), as ALTER POLICY
  if (const json* rel = object(body, "table")) {
    d.lock(*rel, k_access_exclusive);
  }
}

void alter_policy(const json& body, EffectsDraft& d) {
  create_policy(body, d);
  d.effects.action = "ALTER POLICY";
}

void create_statistics(const json& body, EffectsDraft& d) {
  d.effects.action = "CREATE STATISTICS";  // SHARE UPDATE EXCLUSIVE ("Explicit Locking")
  for (const json& item : list(body, "relations")) {
    if (const json* rv = wrapped(item, "RangeVar")) {
      d.lock(*rv, k_share_update_exclusive);
    }
  }
}

void comment_like(const json& body, EffectsDraft& d, const std::string& verb) {
  const std::string type = text(body, "objtype");
  d.effects.action = verb + " " + object_word(type);
  const ObjectRule* rule = find_rule(k_comment_rules, type);
  const json* object_node = object(body, "object");
  if (rule != nullptr && object_node != nullptr) {
    lock_object(d, *rule, *object_node);
  }
}

void comment(const json& body, EffectsDraft& d) {
  comment_like(body, d, "COMMENT ON");
}

void security_label(const json& body, EffectsDraft& d) {
  comment_like(body, d, "SECURITY LABEL ON");
}

// RENAME takes ACCESS EXCLUSIVE on the relation it changes, except ALTER INDEX RENAME, which
// since PostgreSQL 12 takes SHARE UPDATE EXCLUSIVE (ALTER INDEX page). Renaming a type's
// attribute or any non-relation object locks no table.
struct RenameRule {
  std::string_view type;
  LockLevel level;
  const char* what;  // after "ALTER <relation kind> RENAME"
};

constexpr RenameRule k_rename_rules[] = {
    {"OBJECT_TABLE", k_access_exclusive, ""},
    {"OBJECT_VIEW", k_access_exclusive, ""},
    {"OBJECT_MATVIEW", k_access_exclusive, ""},
    {"OBJECT_SEQUENCE", k_access_exclusive, ""},
    {"OBJECT_FOREIGN_TABLE", k_access_exclusive, ""},
    {"OBJECT_INDEX", k_share_update_exclusive, ""},
    {"OBJECT_COLUMN", k_access_exclusive, " COLUMN"},
    {"OBJECT_TABCONSTRAINT", k_access_exclusive, " CONSTRAINT"},
};

void rename(const json& body, EffectsDraft& d) {
  const std::string type = text(body, "renameType");
  const json* rel = object(body, "relation");
  if (type == "OBJECT_TRIGGER" || type == "OBJECT_RULE" || type == "OBJECT_POLICY") {
    // ALTER TRIGGER / RULE / POLICY ... ON t RENAME: ACCESS EXCLUSIVE on t (observed).
    d.effects.action = "ALTER " + object_word(type) + " RENAME";
    if (rel != nullptr) {
      d.lock(*rel, k_access_exclusive);
    }
    return;
  }
  const auto rule = std::find_if(std::begin(k_rename_rules), std::end(k_rename_rules),
                                 [&](const RenameRule& r) { return r.type == type; });
  if (rule == std::end(k_rename_rules)) {
    d.effects.action = "ALTER " + object_word(type) + " RENAME";
    return;
  }
  // RENAME COLUMN / CONSTRAINT name the relation kind in relationType (TABLE, VIEW ...).
  const std::string kind = rule->what[0] == '\0' ? type : text(body, "relationType");
  const std::string word = kind == "OBJECT_ACCESS_METHOD" ? "TABLE" : object_word(kind);
  d.effects.action = "ALTER " + word + " RENAME" + rule->what;
  if (rel != nullptr) {
    d.lock(*rel, rule->level);
  }
}

bool is_relation_kind(std::string_view type) {
  return type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
         type == "OBJECT_SEQUENCE" || type == "OBJECT_FOREIGN_TABLE";
}

void set_schema(const json& body, EffectsDraft& d) {
  const std::string type = text(body, "objectType");
  d.effects.action = "ALTER " + object_word(type) + " SET SCHEMA";
  const json* rel = object(body, "relation");
  if (is_relation_kind(type) && rel != nullptr) {
    d.lock(*rel, k_access_exclusive);  // like every ALTER TABLE form not listed as weaker
  }
}

// OWNED BY [schema.]table.column locks the table ACCESS SHARE (observed).
void lock_owned_by(const json& options, EffectsDraft& d) {
  for (const json& item : options) {
    const json* def = wrapped(item, "DefElem");
    if (def == nullptr || text(*def, "defname") != "owned_by") {
      continue;
    }
    const json* arg = object(*def, "arg");
    std::vector<std::string> parts =
        arg != nullptr ? strings(list_items(*arg)) : std::vector<std::string>();
    if (parts.size() >= 2) {  // [..., table, column]; OWNED BY NONE is one part
      parts.pop_back();
      d.lock(parts, k_access_share, def->value("location", 0L));
    }
  }
}

void alter_sequence(const json& body, EffectsDraft& d) {
  // ALTER SEQUENCE: SHARE ROW EXCLUSIVE on the sequence (observed; nextval() waits).
  d.effects.action = "ALTER SEQUENCE";
  if (const json* seq = object(body, "sequence")) {
    d.lock(*seq, k_share_row_exclusive);
  }
  lock_owned_by(list(body, "options"), d);
}

void create_sequence(const json& body, EffectsDraft& d) {
  d.effects.action = "CREATE SEQUENCE";
  lock_owned_by(list(body, "options"), d);
}

void move_all(const json& body, EffectsDraft& d) {
  // ALTER TABLE ALL IN TABLESPACE: ACCESS EXCLUSIVE on and a copy of every table it moves,
  // none of which is named.
  d.effects.action = "ALTER " + object_word(text(body, "objtype")) + " ALL IN TABLESPACE";
  d.effects.rewrites = true;
}

void grant(const json& body, EffectsDraft& d) {
  d.effects.action = flag(body, "is_grant") ? "GRANT" : "REVOKE";  // no table lock (observed)
}

void grant_role(const json& body, EffectsDraft& d) {
  grant(body, d);
}

void alter_owner(const json& body, EffectsDraft& d) {
  d.effects.action = "ALTER " + object_word(text(body, "objectType")) + " OWNER TO";
}

void define(const json& body, EffectsDraft& d) {
  d.effects.action = "CREATE " + object_word(text(body, "kind"));  // aggregate, operator, type
}

void transaction(const json& body, EffectsDraft& d) {
  std::string kind = text(body, "kind");  // TRANS_STMT_ROLLBACK_TO -> "ROLLBACK TO"
  constexpr std::string_view k_prefix = "TRANS_STMT_";
  if (kind.rfind(k_prefix, 0) == 0) {
    kind.erase(0, k_prefix.size());
  }
  std::replace(kind.begin(), kind.end(), '_', ' ');
  d.effects.action = kind;
}

constexpr Family k_families[] = {
    {"DropStmt", drop},
    {"CreateStmt", create_table},
    {"CreateForeignTableStmt", create_foreign_table},
    {"CreateTrigStmt", create_trigger},
    {"RuleStmt", create_rule},
    {"CreatePolicyStmt", create_policy},
    {"AlterPolicyStmt", alter_policy},
    {"CreateStatsStmt", create_statistics},
    {"CommentStmt", comment},
    {"SecLabelStmt", security_label},
    {"RenameStmt", rename},
    {"AlterObjectSchemaStmt", set_schema},
    {"AlterSeqStmt", alter_sequence},
    {"CreateSeqStmt", create_sequence},
    {"AlterTableMoveAllStmt", move_all},
    {"GrantStmt", grant},
    {"GrantRoleStmt", grant_role},
    {"AlterOwnerStmt", alter_owner},
    {"DefineStmt", define},
    {"TransactionStmt", transaction},
};

}  // namespace

bool ddl_effects(const std::string& node, const json& body, EffectsDraft& d) {
  return run_family(k_families, node, body, d);
}

}  // namespace pgshift::sql::detail
