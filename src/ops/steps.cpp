#include "ops/steps.hpp"

#include <fmt/format.h>

#include "core/checksum.hpp"
#include "core/quote.hpp"

namespace pgshift::ops {

std::string Env::qualified(const std::string& relation) const {
  return core::quote_ident(schema) + "." + core::quote_ident(relation);
}

std::string Env::vs_function(const std::string& fn) const {
  return core::quote_ident(version_schema) + "." + core::quote_ident(fn);
}

std::string Env::trigger_name(int ordinal, const std::string& what) const {
  std::string n = fmt::format("_pgshift_{}_{}_{}", version, ordinal, what);
  return n.size() > 63 ? n.substr(0, 63) : n;
}

Steps::Steps(const Env& env, const char* phase, int ordinal, int line)
    : m_env(env), m_phase(phase), m_ordinal(ordinal), m_line(line) {}

exec::Step& Steps::add(const std::string& label, std::string sql) {
  exec::Step s;
  s.id = fmt::format("{}_{}.{}.{}.{}", m_env.version, m_env.name, m_phase, m_ordinal, label);
  s.path = m_env.path;
  s.line = m_line;
  s.column = 1;
  s.checksum = core::sha256_hex(sql);
  s.sql = std::move(sql);
  m_steps.push_back(std::move(s));
  return m_steps.back();
}

void Steps::sql(const std::string& label, std::string sql, const std::string& action,
                std::vector<Lock> locks, bool scans) {
  exec::Step& s = add(label, std::move(sql));
  s.effects.action = action;
  s.effects.scans = scans;
  for (const Lock& l : locks) {
    s.effects.locks.push_back(sql::RelationLock{m_env.schema, l.table, l.level});
  }
}

void Steps::create_index(const std::string& label, const std::string& index, bool unique,
                         std::string sql, const std::string& table) {
  exec::Step& s = add(label, std::move(sql));
  s.effects.action = unique ? "CREATE UNIQUE INDEX CONCURRENTLY" : "CREATE INDEX CONCURRENTLY";
  s.effects.concurrently = true;
  s.effects.scans = true;
  s.effects.locks.push_back(
      sql::RelationLock{m_env.schema, table, sql::LockLevel::share_update_exclusive});
  sql::IndexTarget t;
  t.op = sql::IndexTarget::Op::create;
  t.schema = m_env.schema;
  t.name = index;
  t.if_not_exists = true;
  t.unique = unique;
  s.concurrent_index = t;
}

void Steps::drop_index(const std::string& label, const std::string& index) {
  exec::Step& s = add(label, "DROP INDEX CONCURRENTLY IF EXISTS " + m_env.qualified(index));
  s.effects.action = "DROP INDEX CONCURRENTLY";
  s.effects.concurrently = true;
  // The table is not named in the statement; the index is (the executor's convention).
  s.effects.locks.push_back(
      sql::RelationLock{m_env.schema, index, sql::LockLevel::share_update_exclusive});
  sql::IndexTarget t;
  t.op = sql::IndexTarget::Op::drop;
  t.schema = m_env.schema;
  t.name = index;
  t.missing_ok = true;
  s.concurrent_index = t;
}

void Steps::statement(const std::string& label, const sql::Statement& st) {
  exec::Step& s = add(label, st.text);
  s.line = st.line;
  s.column = st.column;
  s.effects = st.effects;
  if (st.concurrent_index) {
    s.concurrent_index = *st.concurrent_index;
  }
}

void Steps::backfill(const std::string& label, const std::string& table, std::string set_sql,
                     std::string where_sql) {
  exec::Step& s = add(label, fmt::format("UPDATE {} SET {}{}", m_env.qualified(table), set_sql,
                                         where_sql.empty() ? "" : " WHERE " + where_sql));
  s.effects.action = "UPDATE (batched backfill)";
  s.effects.locks.push_back(sql::RelationLock{m_env.schema, table, sql::LockLevel::row_exclusive});
  exec::BatchStep b;
  b.target.schema = m_env.schema;
  b.target.table = table;
  b.target.set_sql = std::move(set_sql);
  b.target.where_sql = std::move(where_sql);
  s.batch = std::move(b);
}

}  // namespace pgshift::ops
