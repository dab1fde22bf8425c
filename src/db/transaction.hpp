// Transaction: one BEGIN ... COMMIT on a Session, rolled back unless it was committed.
//
// Writes that must land together (a baseline's rows and its audit event, a repair's edits, a
// history layout upgrade) open one, make their writes and commit. Every way out before the
// commit (an early return, an error from any write) rolls back in the destructor, so no path
// can leave the session inside an open or aborted transaction.
#pragma once

#include "db/session.hpp"
#include "pgshift/status.hpp"

namespace pgshift::db {

class Transaction {
 public:
  // Sends BEGIN; the error of BEGIN when it fails (no transaction is then open).
  static Result<Transaction> begin(Session& session);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // ROLLBACK unless commit() was called. Never throws.
  ~Transaction();

  // Sends COMMIT. Either way the transaction is over afterwards: a COMMIT that fails leaves
  // nothing to roll back (the server ended the transaction, or the connection is gone).
  Status commit();

 private:
  explicit Transaction(Session& session) : m_session(&session) {}
  Session* m_session;  // null once committed or moved from
};

}  // namespace pgshift::db
