// What a backfill holds on its session while it runs, released by RAII on every way out: an
// advisory lock on its name (two processes never run one backfill) and the batch timeouts.
#pragma once

#include <fmt/format.h>

#include <string>

#include "db/session.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::backfill {

// Holds a session-level advisory lock for the backfill's name while it runs, so that two
// processes never run the same backfill at once.
class NameLock {
 public:
  NameLock(db::Session& session, std::string schema, std::string name)
      : m_session(session), m_schema(std::move(schema)), m_name(std::move(name)) {}
  ~NameLock() {
    if (m_held) {
      (void)m_session.query(
          "SELECT pg_advisory_unlock(hashtext('pgshift.backfill:' || $1), hashtext($2))",
          {m_schema, m_name});
    }
  }
  NameLock(const NameLock&) = delete;
  NameLock& operator=(const NameLock&) = delete;

  Result<bool> try_lock() {
    PGSHIFT_ASSIGN_OR_RETURN(
        auto r,
        m_session.query(
            "SELECT pg_try_advisory_lock(hashtext('pgshift.backfill:' || $1), hashtext($2)) AS ok",
            {m_schema, m_name}));
    m_held = r.text(0, "ok") == "t";
    return m_held;
  }

 private:
  db::Session& m_session;
  std::string m_schema;
  std::string m_name;
  bool m_held = false;
};

// SETs the batch timeouts on the session and RESETs them on the way out.
class Timeouts {
 public:
  explicit Timeouts(db::Session& session) : m_session(session) {}
  ~Timeouts() {
    if (m_set) {
      (void)m_session.exec("RESET lock_timeout; RESET statement_timeout");
    }
  }
  Timeouts(const Timeouts&) = delete;
  Timeouts& operator=(const Timeouts&) = delete;

  Status set(Millis lock_timeout, Millis statement_timeout) {
    if (m_set && lock_timeout == m_lock && statement_timeout == m_statement) {
      return Status::ok();
    }
    m_set = true;
    m_lock = lock_timeout;
    m_statement = statement_timeout;
    return m_session.exec(fmt::format("SET lock_timeout = {}; SET statement_timeout = {}",
                                      lock_timeout.count(), statement_timeout.count()));
  }

 private:
  db::Session& m_session;
  bool m_set = false;
  Millis m_lock{0};
  Millis m_statement{0};
};

}  // namespace pgshift::backfill
