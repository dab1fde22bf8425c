#include "sql/classify.hpp"

#include "sql/effects.hpp"
#include "sql/json_tree.hpp"

namespace pgshift::sql::detail {
namespace {

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
    const json* cmd = wrapped(item, "AlterTableCmd");
    if (cmd == nullptr || text(*cmd, "subtype") != "AT_DetachPartition") {
      continue;
    }
    const json* def = object(*cmd, "def");
    const json* part = def != nullptr ? wrapped(*def, "PartitionCmd") : nullptr;
    if (part != nullptr && flag(*part, "concurrent")) {
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
  c.effects = effects_of(node, body);
  c.concurrent_index = index_target(node, body);
  return c;
}

}  // namespace pgshift::sql::detail
