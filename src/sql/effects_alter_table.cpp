// ALTER TABLE (and ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE, which share
// its node): one row per subcommand in k_subcommands. The lock levels are those of the
// PostgreSQL 15 ALTER TABLE page ("An ACCESS EXCLUSIVE lock is acquired unless explicitly
// noted"), checked against pg_locks on a 15.18 server; the table's lock is the strongest of its
// subcommands' (AlterTableGetLockLevel), which the server confirmed for mixed lists.

#include "sql/effects.hpp"
#include "sql/volatility.hpp"

#include <algorithm>
#include <string_view>

namespace pgshift::sql::detail {
namespace {

constexpr LockLevel k_access_share = LockLevel::access_share;
constexpr LockLevel k_sue = LockLevel::share_update_exclusive;
constexpr LockLevel k_sre = LockLevel::share_row_exclusive;
constexpr LockLevel k_ae = LockLevel::access_exclusive;

// What one subcommand does to the table being altered.
struct Sub {
  std::string label;
  LockLevel level = k_ae;
  bool rewrites = false;
  bool scans = false;
};

struct Context {
  const json& cmd;  // the AlterTableCmd body
  bool on_index;    // ALTER INDEX
  EffectsDraft& draft;
};

using Refine = void (*)(const Context& c, Sub& sub);

struct SubcommandRule {
  std::string_view subtype;
  std::string_view label;
  LockLevel level;
  bool rewrites;
  bool scans;
  Refine refine;  // nullptr when the row says it all
};

// ---- constraints --------------------------------------------------------------------------

enum class Check {
  none,
  validates,     // reads every row unless NOT VALID
  builds_index,  // builds an index (reads every row) unless USING INDEX
};

struct ConstraintRule {
  std::string_view contype;
  std::string_view label;
  LockLevel level;
  Check check;
};

// ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and on the referenced table (ALTER
// TABLE page); every other constraint ACCESS EXCLUSIVE.
constexpr ConstraintRule k_constraints[] = {
    {"CONSTR_FOREIGN", "ADD FOREIGN KEY", k_sre, Check::validates},
    {"CONSTR_CHECK", "ADD CHECK", k_ae, Check::validates},
    {"CONSTR_PRIMARY", "ADD PRIMARY KEY", k_ae, Check::builds_index},
    {"CONSTR_UNIQUE", "ADD UNIQUE", k_ae, Check::builds_index},
    {"CONSTR_EXCLUSION", "ADD EXCLUDE", k_ae, Check::builds_index},
};

const ConstraintRule* constraint_rule(const json& constraint) {
  const std::string type = text(constraint, "contype");
  const auto it = std::find_if(std::begin(k_constraints), std::end(k_constraints),
                               [&](const ConstraintRule& r) { return r.contype == type; });
  return it == std::end(k_constraints) ? nullptr : &*it;
}

bool uses_index(const json& constraint) {
  return !text(constraint, "indexname").empty();  // ADD PRIMARY KEY / UNIQUE USING INDEX
}

// Does adding `constraint` read the whole table? Also locks a referenced table.
bool constraint_scans(const ConstraintRule& rule, const json& constraint, EffectsDraft& d) {
  if (const json* pk = object(constraint, "pktable")) {
    d.lock(*pk, k_sre);
  }
  switch (rule.check) {
    case Check::validates:
      return !flag(constraint, "skip_validation");  // NOT VALID
    case Check::builds_index:
      // USING INDEX reuses a built index. (A primary key also needs NOT NULL columns; if they
      // are not, SET NOT NULL scans, which the statement does not show.)
      return !uses_index(constraint);
    case Check::none:
      break;
  }
  return false;
}

void add_constraint(const Context& c, Sub& sub) {
  const json* def = object(c.cmd, "def");
  const json* constraint = def != nullptr ? wrapped(*def, "Constraint") : nullptr;
  const ConstraintRule* rule = constraint != nullptr ? constraint_rule(*constraint) : nullptr;
  if (rule == nullptr) {
    return;  // the row's "ADD CONSTRAINT", ACCESS EXCLUSIVE
  }
  sub.label = std::string(rule->label) + (uses_index(*constraint) ? " USING INDEX" : "");
  sub.level = rule->level;
  sub.scans = constraint_scans(*rule, *constraint, c.draft);
}

// ---- columns ------------------------------------------------------------------------------

bool is_serial(const json& column) {
  const json* type = object(column, "typeName");
  const std::vector<std::string> names =
      type != nullptr ? strings(list(*type, "names")) : std::vector<std::string>();
  return names.size() == 1 && is_serial_type(names.front());
}

void add_column(const Context& c, Sub& sub) {
  const json* def = object(c.cmd, "def");
  const json* column = def != nullptr ? wrapped(*def, "ColumnDef") : nullptr;
  if (column == nullptr) {
    return;
  }
  // Filled per row, so the table is rewritten: serial (a nextval() default), GENERATED ...
  // STORED, GENERATED AS IDENTITY, a volatile DEFAULT. A constant or stable default is stored
  // once (PostgreSQL 11+). Not visible here: a domain type with constraints also rewrites.
  sub.rewrites = is_serial(*column);
  bool not_null = false;
  bool has_default = false;
  for (const json& item : list(*column, "constraints")) {
    const json* constraint = wrapped(item, "Constraint");
    if (constraint == nullptr) {
      continue;
    }
    const std::string type = text(*constraint, "contype");
    if (type == "CONSTR_DEFAULT") {
      has_default = true;
      const json* expr = object(*constraint, "raw_expr");
      sub.rewrites = sub.rewrites || (expr != nullptr && !sql::is_non_volatile(*expr));
    } else if (type == "CONSTR_GENERATED" || type == "CONSTR_IDENTITY") {
      sub.rewrites = true;
    } else if (type == "CONSTR_NOTNULL") {
      not_null = true;
    } else if (const ConstraintRule* rule = constraint_rule(*constraint)) {
      sub.scans = constraint_scans(*rule, *constraint, c.draft) || sub.scans;
    }
  }
  // NOT NULL without a default: every existing row is checked (and fails if there is one).
  sub.scans = sub.scans || (not_null && !has_default && !sub.rewrites);
}

void column_default(const Context& c, Sub& sub) {
  if (object(c.cmd, "def") == nullptr) {
    sub.label = "ALTER COLUMN DROP DEFAULT";
  }
}

// ---- storage parameters -------------------------------------------------------------------

// SET (...) / RESET (...) take SHARE UPDATE EXCLUSIVE when every parameter is one of these
// (ALTER TABLE page: fillfactor, toast and autovacuum parameters, parallel_workers; on a 15.18
// server also vacuum_index_cleanup, vacuum_truncate, log_autovacuum_min_duration and the btree
// deduplicate_items), else ACCESS EXCLUSIVE (user_catalog_table, view options, the GIN and BRIN
// index parameters ... all observed).
constexpr std::string_view k_light_parameters[] = {
    "fillfactor",      "toast_tuple_target",          "parallel_workers",  "vacuum_index_cleanup",
    "vacuum_truncate", "log_autovacuum_min_duration", "deduplicate_items",
};

bool is_light_parameter(const json& def) {
  const std::string name = text(def, "defname");
  return name.rfind("autovacuum_", 0) == 0 ||
         std::find(std::begin(k_light_parameters), std::end(k_light_parameters), name) !=
             std::end(k_light_parameters);
}

void storage_parameters(const Context& c, Sub& sub) {
  const json* def = object(c.cmd, "def");
  if (def == nullptr) {
    return;  // the row's ACCESS EXCLUSIVE
  }
  const json& items = list_items(*def);
  const bool light = !items.empty() && std::all_of(items.begin(), items.end(), [](const json& i) {
    const json* d = wrapped(i, "DefElem");
    return d != nullptr && is_light_parameter(*d);
  });
  sub.level = light ? k_sue : k_ae;
}

// ---- partitions and inheritance -----------------------------------------------------------

const json* partition_of(const Context& c) {
  const json* def = object(c.cmd, "def");
  const json* part = def != nullptr ? wrapped(*def, "PartitionCmd") : nullptr;
  return part != nullptr ? object(*part, "name") : nullptr;
}

void attach_partition(const Context& c, Sub& sub) {
  // SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the partition, whose rows are
  // scanned against the partition bound unless a CHECK constraint already implies it (ALTER
  // TABLE page). ALTER INDEX ... ATTACH PARTITION: the same two levels, no scan (observed).
  if (const json* part = partition_of(c)) {
    c.draft.lock(*part, k_ae);
  }
  sub.scans = !c.on_index;
}

void detach_partition(const Context& c, Sub& sub) {
  // ACCESS EXCLUSIVE on both. CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the parent in both of
  // its transactions, the partition ends at ACCESS EXCLUSIVE (ALTER TABLE page; observed).
  const json* def = object(c.cmd, "def");
  const json* part = def != nullptr ? wrapped(*def, "PartitionCmd") : nullptr;
  if (part != nullptr && flag(*part, "concurrent")) {
    sub.label = "DETACH PARTITION CONCURRENTLY";
    sub.level = k_sue;
    c.draft.effects.concurrently = true;
  }
  if (const json* name = partition_of(c)) {
    c.draft.lock(*name, k_ae);
  }
}

void lock_partition(const Context& c, Sub&) {
  if (const json* part = partition_of(c)) {  // DETACH PARTITION ... FINALIZE
    c.draft.lock(*part, k_ae);
  }
}

void add_inherit(const Context& c, Sub&) {
  const json* def = object(c.cmd, "def");
  const json* parent = def != nullptr ? wrapped(*def, "RangeVar") : nullptr;
  if (parent != nullptr) {
    c.draft.lock(*parent, k_sue);  // observed
  }
}

void drop_inherit(const Context& c, Sub&) {
  const json* def = object(c.cmd, "def");
  const json* parent = def != nullptr ? wrapped(*def, "RangeVar") : nullptr;
  if (parent != nullptr) {
    c.draft.lock(*parent, k_access_share);  // observed
  }
}

// ---- the table ----------------------------------------------------------------------------

// ALTER COLUMN TYPE is recorded as a rewrite every time. PostgreSQL skips the rewrite for
// binary-coercible changes (varchar(n) -> varchar(m > n) or text, numeric(p, s) -> numeric(p2
// > p, s) ...), but the old type is not in the statement: telling them apart needs the catalog,
// which is the linter's business.
constexpr SubcommandRule k_subcommands[] = {
    {"AT_AddColumn", "ADD COLUMN", k_ae, false, false, add_column},
    {"AT_AddColumnRecurse", "ADD COLUMN", k_ae, false, false, add_column},
    {"AT_AddColumnToView", "ADD COLUMN", k_ae, false, false, add_column},
    {"AT_ColumnDefault", "ALTER COLUMN SET DEFAULT", k_ae, false, false, column_default},
    {"AT_CookedColumnDefault", "ALTER COLUMN SET DEFAULT", k_ae, false, false, nullptr},
    {"AT_DropNotNull", "ALTER COLUMN DROP NOT NULL", k_ae, false, false, nullptr},
    {"AT_SetNotNull", "ALTER COLUMN SET NOT NULL", k_ae, false, true, nullptr},
    {"AT_CheckNotNull", "ALTER COLUMN SET NOT NULL", k_ae, false, true, nullptr},
    {"AT_DropExpression", "ALTER COLUMN DROP EXPRESSION", k_ae, false, false, nullptr},
    {"AT_SetStatistics", "ALTER COLUMN SET STATISTICS", k_sue, false, false, nullptr},
    {"AT_SetOptions", "ALTER COLUMN SET (attribute_option)", k_sue, false, false, nullptr},
    {"AT_ResetOptions", "ALTER COLUMN RESET (attribute_option)", k_sue, false, false, nullptr},
    {"AT_SetStorage", "ALTER COLUMN SET STORAGE", k_ae, false, false, nullptr},
    {"AT_SetCompression", "ALTER COLUMN SET COMPRESSION", k_ae, false, false, nullptr},
    {"AT_DropColumn", "DROP COLUMN", k_ae, false, false, nullptr},
    {"AT_DropColumnRecurse", "DROP COLUMN", k_ae, false, false, nullptr},
    {"AT_AddIndex", "ADD CONSTRAINT", k_ae, false, true, nullptr},
    {"AT_AddConstraint", "ADD CONSTRAINT", k_ae, false, false, add_constraint},
    {"AT_AddConstraintRecurse", "ADD CONSTRAINT", k_ae, false, false, add_constraint},
    {"AT_AddIndexConstraint", "ADD CONSTRAINT USING INDEX", k_ae, false, false, nullptr},
    {"AT_AlterConstraint", "ALTER CONSTRAINT", k_ae, false, false, nullptr},
    {"AT_ValidateConstraint", "VALIDATE CONSTRAINT", k_sue, false, true, nullptr},
    {"AT_ValidateConstraintRecurse", "VALIDATE CONSTRAINT", k_sue, false, true, nullptr},
    {"AT_DropConstraint", "DROP CONSTRAINT", k_ae, false, false, nullptr},
    {"AT_DropConstraintRecurse", "DROP CONSTRAINT", k_ae, false, false, nullptr},
    {"AT_AlterColumnType", "ALTER COLUMN TYPE", k_ae, true, false, nullptr},
    {"AT_AlterColumnGenericOptions", "ALTER COLUMN OPTIONS", k_ae, false, false, nullptr},
    {"AT_ChangeOwner", "OWNER TO", k_ae, false, false, nullptr},
    {"AT_ClusterOn", "CLUSTER ON", k_sue, false, false, nullptr},
    {"AT_DropCluster", "SET WITHOUT CLUSTER", k_sue, false, false, nullptr},
    {"AT_SetLogged", "SET LOGGED", k_ae, true, false, nullptr},
    {"AT_SetUnLogged", "SET UNLOGGED", k_ae, true, false, nullptr},
    {"AT_DropOids", "SET WITHOUT OIDS", k_ae, false, false, nullptr},
    {"AT_SetAccessMethod", "SET ACCESS METHOD", k_ae, true, false, nullptr},
    {"AT_SetTableSpace", "SET TABLESPACE", k_ae, true, false, nullptr},
    {"AT_SetRelOptions", "SET (storage_parameter)", k_ae, false, false, storage_parameters},
    {"AT_ResetRelOptions", "RESET (storage_parameter)", k_ae, false, false, storage_parameters},
    {"AT_ReplaceRelOptions", "SET (storage_parameter)", k_ae, false, false, storage_parameters},
    {"AT_EnableTrig", "ENABLE TRIGGER", k_sre, false, false, nullptr},
    {"AT_EnableAlwaysTrig", "ENABLE ALWAYS TRIGGER", k_sre, false, false, nullptr},
    {"AT_EnableReplicaTrig", "ENABLE REPLICA TRIGGER", k_sre, false, false, nullptr},
    {"AT_DisableTrig", "DISABLE TRIGGER", k_sre, false, false, nullptr},
    {"AT_EnableTrigAll", "ENABLE TRIGGER ALL", k_sre, false, false, nullptr},
    {"AT_DisableTrigAll", "DISABLE TRIGGER ALL", k_sre, false, false, nullptr},
    {"AT_EnableTrigUser", "ENABLE TRIGGER USER", k_sre, false, false, nullptr},
    {"AT_DisableTrigUser", "DISABLE TRIGGER USER", k_sre, false, false, nullptr},
    {"AT_EnableRule", "ENABLE RULE", k_ae, false, false, nullptr},
    {"AT_EnableAlwaysRule", "ENABLE ALWAYS RULE", k_ae, false, false, nullptr},
    {"AT_EnableReplicaRule", "ENABLE REPLICA RULE", k_ae, false, false, nullptr},
    {"AT_DisableRule", "DISABLE RULE", k_ae, false, false, nullptr},
    {"AT_AddInherit", "INHERIT", k_ae, false, false, add_inherit},
    {"AT_DropInherit", "NO INHERIT", k_ae, false, false, drop_inherit},
    {"AT_AddOf", "OF", k_ae, false, false, nullptr},
    {"AT_DropOf", "NOT OF", k_ae, false, false, nullptr},
    {"AT_ReplicaIdentity", "REPLICA IDENTITY", k_ae, false, false, nullptr},
    {"AT_EnableRowSecurity", "ENABLE ROW LEVEL SECURITY", k_ae, false, false, nullptr},
    {"AT_DisableRowSecurity", "DISABLE ROW LEVEL SECURITY", k_ae, false, false, nullptr},
    {"AT_ForceRowSecurity", "FORCE ROW LEVEL SECURITY", k_ae, false, false, nullptr},
    {"AT_NoForceRowSecurity", "NO FORCE ROW LEVEL SECURITY", k_ae, false, false, nullptr},
    {"AT_GenericOptions", "OPTIONS", k_ae, false, false, nullptr},
    {"AT_AttachPartition", "ATTACH PARTITION", k_sue, false, false, attach_partition},
    {"AT_DetachPartition", "DETACH PARTITION", k_ae, false, false, detach_partition},
    {"AT_DetachPartitionFinalize", "DETACH PARTITION FINALIZE", k_sue, false, false,
     lock_partition},
    {"AT_AddIdentity", "ALTER COLUMN ADD GENERATED AS IDENTITY", k_ae, false, false, nullptr},
    {"AT_SetIdentity", "ALTER COLUMN SET GENERATED", k_ae, false, false, nullptr},
    {"AT_DropIdentity", "ALTER COLUMN DROP IDENTITY", k_ae, false, false, nullptr},
};

Sub subcommand(const json& cmd, bool on_index, EffectsDraft& d) {
  const std::string subtype = text(cmd, "subtype");
  const auto rule = std::find_if(std::begin(k_subcommands), std::end(k_subcommands),
                                 [&](const SubcommandRule& r) { return r.subtype == subtype; });
  Sub sub;
  if (rule == std::end(k_subcommands)) {
    sub.label = subtype;  // unknown to this table: the ALTER TABLE default, ACCESS EXCLUSIVE
    return sub;
  }
  sub.label = rule->label;
  sub.level = rule->level;
  sub.rewrites = rule->rewrites;
  sub.scans = rule->scans;
  if (rule->refine != nullptr) {
    rule->refine(Context{cmd, on_index, d}, sub);
  }
  return sub;
}

}  // namespace

bool alter_table_effects(const std::string& node, const json& body, EffectsDraft& d) {
  if (node != "AlterTableStmt") {
    return false;
  }
  const std::string objtype = text(body, "objtype");
  const std::string prefix = "ALTER " + object_word(objtype);
  if (objtype == "OBJECT_TYPE") {
    d.effects.action = prefix;  // ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE: a composite type
    return true;
  }
  LockLevel level = LockLevel::none;
  std::vector<std::string> labels;
  for (const json& item : list(body, "cmds")) {
    const json* cmd = wrapped(item, "AlterTableCmd");
    if (cmd == nullptr) {
      continue;
    }
    const Sub sub = subcommand(*cmd, objtype == "OBJECT_INDEX", d);
    level = std::max(level, sub.level);
    d.effects.rewrites = d.effects.rewrites || sub.rewrites;
    d.effects.scans = d.effects.scans || sub.scans;
    if (std::find(labels.begin(), labels.end(), sub.label) == labels.end()) {
      labels.push_back(sub.label);
    }
  }
  std::string action = prefix;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    action += (i == 0 ? " " : ", ") + labels[i];
  }
  d.effects.action = std::move(action);
  if (const json* rel = object(body, "relation")) {
    d.lock(*rel, level == LockLevel::none ? k_ae : level);
  }
  return true;
}

}  // namespace pgshift::sql::detail
