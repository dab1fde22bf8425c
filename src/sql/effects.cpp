#include "sql/effects.hpp"

#include <algorithm>
#include <utility>

namespace pgshift::sql::detail {
namespace {

// Actions of statements that lock no table by name, where the node's name does not spell the
// command (the rest are spelled from it: CreateFunctionStmt -> "CREATE FUNCTION").
struct Label {
  std::string_view node;
  std::string_view action;
};

constexpr Label k_labels[] = {
    {"AlterEnumStmt", "ALTER TYPE"},
    {"CompositeTypeStmt", "CREATE TYPE"},
    {"CreateEnumStmt", "CREATE TYPE"},
    {"CreateRangeStmt", "CREATE TYPE"},
    {"CreatedbStmt", "CREATE DATABASE"},
    {"DropdbStmt", "DROP DATABASE"},
    {"CreateTableSpaceStmt", "CREATE TABLESPACE"},
    {"DropTableSpaceStmt", "DROP TABLESPACE"},
    {"AlterTableSpaceOptionsStmt", "ALTER TABLESPACE"},
    {"CreatePLangStmt", "CREATE LANGUAGE"},
    {"CreateEventTrigStmt", "CREATE EVENT TRIGGER"},
    {"AlterEventTrigStmt", "ALTER EVENT TRIGGER"},
    {"CreateFdwStmt", "CREATE FOREIGN DATA WRAPPER"},
    {"CreateForeignServerStmt", "CREATE SERVER"},
    {"CreateOpClassStmt", "CREATE OPERATOR CLASS"},
    {"CreateOpFamilyStmt", "CREATE OPERATOR FAMILY"},
    {"CheckPointStmt", "CHECKPOINT"},
    {"VariableSetStmt", "SET"},
    {"VariableShowStmt", "SHOW"},
    {"DoStmt", "DO"},
};

// "CreateFunctionStmt" -> "CREATE FUNCTION".
std::string spelled(std::string_view node) {
  constexpr std::string_view k_suffix = "Stmt";
  if (node.size() > k_suffix.size() && node.substr(node.size() - k_suffix.size()) == k_suffix) {
    node.remove_suffix(k_suffix.size());
  }
  std::string out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const char c = node[i];
    if (c >= 'A' && c <= 'Z' && i > 0) {
      out += ' ';
    }
    out += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}
}  // namespace

std::string object_word(std::string_view objtype) {
  if (objtype == "OBJECT_MATVIEW") {
    return "MATERIALIZED VIEW";
  }
  if (objtype == "OBJECT_TABCONSTRAINT" || objtype == "OBJECT_DOMCONSTRAINT") {
    return "CONSTRAINT";
  }
  constexpr std::string_view k_prefix = "OBJECT_";
  if (objtype.substr(0, k_prefix.size()) == k_prefix) {
    objtype.remove_prefix(k_prefix.size());
  }
  std::string out(objtype);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

void EffectsDraft::lock(const json& range_var, LockLevel level) {
  if (range_var.is_object()) {
    lock(text(range_var, "schemaname"), text(range_var, "relname"), level,
         range_var.value("location", 0L));
  }
}

void EffectsDraft::lock(const std::vector<std::string>& parts, LockLevel level, long location) {
  if (parts.empty()) {
    return;
  }
  // [catalog.]schema.name: the catalog can only be the current database.
  std::string schema = parts.size() >= 2 ? parts[parts.size() - 2] : std::string();
  lock(std::move(schema), parts.back(), level, location);
}

void EffectsDraft::lock(std::string schema, std::string name, LockLevel level, long location) {
  if (name.empty() || level == LockLevel::none) {
    return;
  }
  Pending p;
  p.location = location;
  p.lock.schema = std::move(schema);
  p.lock.name = std::move(name);
  p.lock.level = level;
  m_pending.push_back(std::move(p));
}

Effects EffectsDraft::finish() && {
  // Stable: names without a position (DROP lists) keep the order in which they were added.
  std::stable_sort(m_pending.begin(), m_pending.end(),
                   [](const Pending& a, const Pending& b) { return a.location < b.location; });
  for (Pending& p : m_pending) {
    const auto same = std::find_if(
        effects.locks.begin(), effects.locks.end(),
        [&](const RelationLock& l) { return l.schema == p.lock.schema && l.name == p.lock.name; });
    if (same == effects.locks.end()) {
      effects.locks.push_back(std::move(p.lock));
    } else {
      same->level = std::max(same->level, p.lock.level);
    }
  }
  m_pending.clear();
  return std::move(effects);
}

Effects effects_of(const std::string& node, const json& body) {
  // One classifier per file; each knows its statement families.
  using Classifier = bool (*)(const std::string& node, const json& body, EffectsDraft& d);
  constexpr Classifier k_classifiers[] = {alter_table_effects, maintenance_effects, ddl_effects,
                                          query_effects};
  EffectsDraft d;
  const bool known = std::any_of(std::begin(k_classifiers), std::end(k_classifiers),
                                 [&](Classifier c) { return c(node, body, d); });
  if (!known) {
    const auto label = std::find_if(std::begin(k_labels), std::end(k_labels),
                                    [&](const Label& l) { return l.node == node; });
    d.effects.action = label != std::end(k_labels) ? std::string(label->action) : spelled(node);
  }
  return std::move(d).finish();
}

}  // namespace pgshift::sql::detail