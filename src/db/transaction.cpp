#include "db/transaction.hpp"

#include <utility>

namespace pgshift::db {

Result<Transaction> Transaction::begin(Session& session) {
  PGSHIFT_TRY(session.exec("BEGIN"));
  return Transaction(session);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_session(std::exchange(other.m_session, nullptr)) {}

Transaction::~Transaction() {
  if (m_session != nullptr) {
    // The error that brought us here is what the caller reports. A ROLLBACK that fails means
    // the connection is gone, and the server has rolled the transaction back itself.
    (void)m_session->exec("ROLLBACK");
  }
}

Status Transaction::commit() {
  Session* session = std::exchange(m_session, nullptr);
  if (session == nullptr) {
    return Status::error(Code::failed, "internal error: commit of a finished transaction");
  }
  return session->exec("COMMIT");
}

}  // namespace pgshift::db
