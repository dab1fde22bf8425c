#include "lint/rule.hpp"

#include <algorithm>

#include "lint/config.hpp"

namespace pgshift::lint {
namespace {

std::string lock_text(const sql::RelationLock& lock) {
  TableRef t{lock.schema, lock.name};
  return std::string(sql::lock_name(lock.level)) + " on \"" + t.display() + "\"";
}

}  // namespace

std::string lock_on(const sql::Statement& stmt, const TableRef& table) {
  for (const sql::RelationLock& lock : stmt.effects.locks) {
    const bool schema_matches =
        lock.schema.empty() || table.schema.empty() || lock.schema == table.schema;
    if (lock.name == table.name && schema_matches && lock.level != sql::LockLevel::none) {
      return lock_text(lock);
    }
  }
  return "";
}

std::string locks_of(const sql::Statement& stmt) {
  std::vector<const sql::RelationLock*> locks;
  for (const sql::RelationLock& lock : stmt.effects.locks) {
    if (lock.level != sql::LockLevel::none) {
      locks.push_back(&lock);
    }
  }
  std::stable_sort(locks.begin(), locks.end(),
                   [](const auto* a, const auto* b) { return a->level > b->level; });
  std::string out;
  for (const sql::RelationLock* lock : locks) {
    out += (out.empty() ? "" : ", ") + lock_text(*lock);
  }
  return out;
}

Finding& Sink::report(const StatementInfo& st, std::string message, long location) {
  Finding& f = report_at(st.stmt->line, st.stmt->column, std::move(message));
  if (location >= 0) {
    const core::Position pos = m_file.position(static_cast<std::size_t>(location));
    f.line = pos.line;
    f.column = pos.column;
  }
  f.statement = st.index;
  f.lock = locks_of(*st.stmt);
  return f;
}

Finding& Sink::report_at(int line, int column, std::string message) {
  Finding f;
  f.rule = std::string(m_rule.id);
  f.severity = m_rule.severity;
  if (auto it = m_file.config->severity.find(f.rule); it != m_file.config->severity.end()) {
    f.severity = it->second;
  }
  f.path = m_file.section->path;
  f.line = line;
  f.column = column;
  f.message = std::move(message);
  m_out.push_back(std::move(f));
  return m_out.back();
}

}  // namespace pgshift::lint
