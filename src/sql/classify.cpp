#include "sql/classify.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace pgshift::sql::detail {
namespace {

using nlohmann::json;

// libpg_query's JSON leaves out fields at their default (false, 0, empty), so every lookup
// tolerates absence.
bool flag(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

std::string text(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& empty_list() {
  static const json k_empty = json::array();
  return k_empty;
}

const json& list(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_array() ? *it : empty_list();
}

// A DefElem read as PostgreSQL's defGetBoolean reads it: no argument means true; false only
// for an explicit false / off / 0. Anything else counts as true, the conservative side.
bool def_elem_true(const json& def) {
  const auto arg = def.find("arg");
  if (arg == def.end() || !arg->is_object()) {
    return true;
  }
  if (const auto b = arg->find("Boolean"); b != arg->end()) {
    return flag(*b, "boolval");
  }
  if (const auto i = arg->find("Integer"); i != arg->end()) {
    return i->value("ival", 0) != 0;
  }
  if (const auto s = arg->find("String"); s != arg->end()) {
    std::string v = text(*s, "sval");
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return v != "false" && v != "off";
  }
  return true;
}

// Does the option list (ReindexStmt.params, AlterDatabaseStmt.options ...) turn on `name`?
bool option_on(const json& options, std::string_view name) {
  for (const json& item : options) {
    const auto def = item.find("DefElem");
    if (def != item.end() && text(*def, "defname") == name && def_elem_true(*def)) {
      return true;
    }
  }
  return false;
}

TxControl tx_control(const json& body) {
  const std::string kind = text(body, "kind");
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    return TxControl::begin;
  }
  if (kind == "TRANS_STMT_COMMIT") {  // also END, COMMIT AND CHAIN
    return TxControl::commit;
  }
  if (kind == "TRANS_STMT_ROLLBACK") {  // also ABORT
    return TxControl::rollback;
  }
  return TxControl::other;  // SAVEPOINT, RELEASE, ROLLBACK TO, PREPARE/COMMIT PREPARED ...
}

// ALTER TABLE p DETACH PARTITION c CONCURRENTLY: two transactions inside PostgreSQL, so it
// cannot be in the caller's. (The grammar allows no other subcommand next to it.)
bool detaches_concurrently(const json& body) {
  for (const json& item : list(body, "cmds")) {
    const auto cmd = item.find("AlterTableCmd");
    if (cmd == item.end() || text(*cmd, "subtype") != "AT_DetachPartition") {
      continue;
    }
    const auto def = cmd->find("def");
    if (def == cmd->end()) {
      continue;
    }
    const auto part = def->find("PartitionCmd");
    if (part != def->end() && flag(*part, "concurrent")) {
      return true;
    }
  }
  return false;
}

// Each case below is a statement whose PostgreSQL implementation calls
// PreventInTransactionBlock (or, for subscriptions, may, depending on its options).
bool needs_autocommit(const std::string& node, const json& body) {
  if (node == "IndexStmt" || node == "DropStmt") {
    return flag(body, "concurrent");  // CREATE / DROP INDEX CONCURRENTLY
  }
  if (node == "ReindexStmt") {
    // REINDEX ... CONCURRENTLY; REINDEX SCHEMA / SYSTEM / DATABASE commit per table.
    const std::string kind = text(body, "kind");
    return option_on(list(body, "params"), "concurrently") || kind == "REINDEX_OBJECT_SCHEMA" ||
           kind == "REINDEX_OBJECT_SYSTEM" || kind == "REINDEX_OBJECT_DATABASE";
  }
  if (node == "VacuumStmt") {
    return flag(body, "is_vacuumcmd");  // VACUUM; a plain ANALYZE may run in a transaction
  }
  if (node == "AlterTableStmt") {
    return detaches_concurrently(body);
  }
  if (node == "ClusterStmt") {
    return body.find("relation") == body.end();  // CLUSTER of every table commits per table
  }
  if (node == "DiscardStmt") {
    return text(body, "target") == "DISCARD_ALL";
  }
  if (node == "AlterDatabaseStmt") {
    return option_on(list(body, "options"), "tablespace");  // ALTER DATABASE SET TABLESPACE
  }
  if (node == "TransactionStmt") {
    const std::string kind = text(body, "kind");
    return kind == "TRANS_STMT_COMMIT_PREPARED" || kind == "TRANS_STMT_ROLLBACK_PREPARED";
  }
  // CREATE / DROP DATABASE, ALTER SYSTEM and tablespaces change files that a rollback could
  // not undo; subscriptions may create or drop a replication slot (conservatively all).
  return node == "CreatedbStmt" || node == "DropdbStmt" || node == "AlterSystemStmt" ||
         node == "CreateTableSpaceStmt" || node == "DropTableSpaceStmt" ||
         node == "CreateSubscriptionStmt" || node == "DropSubscriptionStmt" ||
         node == "AlterSubscriptionStmt";
}

}  // namespace

Classification classify(const std::string& node, const json& body) {
  Classification c;
  if (node == "TransactionStmt") {
    c.tx = tx_control(body);
  }
  c.needs_autocommit = needs_autocommit(node, body);
  return c;
}

}  // namespace pgshift::sql::detail
