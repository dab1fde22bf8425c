#include "exec/resume_check.hpp"

#include <fmt/format.h>

namespace pgshift::exec {

namespace {

using Verdict = EarlierEffect::Verdict;
using Op = sql::IndexTarget::Op;

std::string display(const std::string& schema, const std::string& name) {
  return "\"" + (schema.empty() ? name : schema + "." + name) + "\"";
}

// CREATE INDEX CONCURRENTLY name ON table: done when the index exists, is valid and is on that
// table. An invalid one is left for the concurrent index care, which drops and rebuilds it.
Result<EarlierEffect> created_index(db::Session& s, const Step& step, const sql::IndexTarget& t) {
  if (t.name.empty()) {
    return EarlierEffect{Verdict::unknown,
                         "the index has no name, so pgshift cannot look for it; running the "
                         "statement again may build a second index"};
  }
  const std::string index = "index " + display(t.schema, t.name);
  const std::string table = step.effects.locks.empty() ? "" : step.effects.locks[0].qualified();
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      s.query(
          "SELECT i.indisvalid AS valid, i.indrelid = to_regclass($2) AS on_table FROM pg_index i "
          "WHERE i.indexrelid = to_regclass($1)",
          {t.qualified(), table}));
  if (r.empty()) {
    return EarlierEffect{Verdict::not_done, index + " does not exist"};
  }
  if (r.text(0, "on_table") != "t") {
    return EarlierEffect{Verdict::not_done, index + " exists on another table"};
  }
  if (r.text(0, "valid") != "t") {
    return EarlierEffect{Verdict::not_done, index + " exists but is invalid"};
  }
  return EarlierEffect{Verdict::done, index + " exists and is valid"};
}

// DROP INDEX CONCURRENTLY name: done when the index is gone. One left invalid by an interrupted
// drop is dropped again.
Result<EarlierEffect> dropped_index(db::Session& s, const sql::IndexTarget& t) {
  const std::string index = "index " + display(t.schema, t.name);
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r, s.query("SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = "
                      "to_regclass($1)",
                      {t.qualified()}));
  if (r.empty()) {
    return EarlierEffect{Verdict::done, index + " no longer exists"};
  }
  return EarlierEffect{
      Verdict::not_done,
      index + (r.text(0, "valid") == "t" ? " still exists" : " still exists, invalid")};
}

// ALTER TABLE parent DETACH PARTITION child CONCURRENTLY: done when child exists and is no
// longer a partition of parent. (The statement's locks: the parent first, then the partition.)
Result<EarlierEffect> detached(db::Session& s, const Step& step) {
  if (step.effects.locks.size() < 2) {
    return EarlierEffect{Verdict::unknown, "pgshift cannot tell which partition it detaches"};
  }
  const auto& parent = step.effects.locks[0];
  const auto& child = step.effects.locks[1];
  const std::string what = "table " + display(child.schema, child.name);
  const std::string of = display(parent.schema, parent.name);
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      s.query(
          "SELECT to_regclass($2) IS NOT NULL AS present, "
          "(SELECT inhdetachpending::text FROM pg_inherits WHERE inhrelid = to_regclass($2) AND "
          "inhparent = to_regclass($1)) AS pending",
          {parent.qualified(), child.qualified()}));
  if (r.text(0, "present") != "t") {
    return EarlierEffect{Verdict::not_done, what + " does not exist"};
  }
  const std::string pending = r.text(0, "pending", "");
  if (pending.empty()) {  // no pg_inherits row: not attached
    return EarlierEffect{Verdict::done, what + " is no longer a partition of " + of};
  }
  if (pending == "true") {
    return EarlierEffect{Verdict::not_done,
                         what + " is still being detached from " + of +
                             " (the earlier run was stopped inside the statement): running it "
                             "again fails; finish it with ALTER TABLE ... DETACH PARTITION ... "
                             "FINALIZE"};
  }
  return EarlierEffect{Verdict::not_done, what + " is still a partition of " + of};
}

// Statements whose second run changes nothing that the first did not: maintenance and settings.
bool repeatable(const Step& step) {
  return step.node == "VacuumStmt" || step.node == "ClusterStmt" || step.node == "ReindexStmt" ||
         step.node == "AlterSystemStmt" || step.node == "DiscardStmt" ||
         step.node == "AlterDatabaseStmt";
}

}  // namespace

Result<EarlierEffect> check_earlier_effect(db::Session& session, const Step& step) {
  if (const auto& t = step.concurrent_index) {
    switch (t->op) {
      case Op::create:
        return created_index(session, step, *t);
      case Op::drop:
        return dropped_index(session, *t);
      case Op::reindex_index:
      case Op::reindex_table:
        break;  // repeatable, below
    }
  }
  if (step.node == "AlterTableStmt" && step.concurrently()) {
    return detached(session, step);
  }
  const std::string action = step.effects.action.empty() ? step.node : step.effects.action;
  if (repeatable(step)) {
    return EarlierEffect{Verdict::repeatable, action + " is repeatable"};
  }
  return EarlierEffect{Verdict::unknown, "pgshift cannot tell whether " + action +
                                             " took effect; if it did, "
                                             "running it again may fail or repeat it"};
}

}  // namespace pgshift::exec
