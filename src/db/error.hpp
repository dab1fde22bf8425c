// Database error classification: what kind of failure a Status from src/db stands for.
//
// libpqxx 6.4 reports lock_timeout (55P03) and query_canceled (57014) as plain sql_error with
// a SQLSTATE, but deadlock and serialization failures as transaction_rollback subtypes without
// one; error.cpp gives every such Status its SQLSTATE so callers classify by SQLSTATE alone.
#pragma once

#include <string>

#include "pgshift/status.hpp"

namespace pgshift::db {

namespace sqlstate {
inline constexpr const char* lock_not_available = "55P03";
inline constexpr const char* query_canceled = "57014";
inline constexpr const char* deadlock_detected = "40P01";
inline constexpr const char* serialization_failure = "40001";
inline constexpr const char* connection_failure = "08006";
inline constexpr const char* statement_completion_unknown = "40003";
}  // namespace sqlstate

bool is_lock_timeout(const Status& s);
bool is_deadlock(const Status& s);
bool is_query_canceled(const Status& s);
bool is_connection_lost(const Status& s);

}  // namespace pgshift::db
