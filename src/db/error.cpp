#include "db/error.hpp"

namespace pgshift::db {

bool is_lock_timeout(const Status& s) {
  return s.sqlstate() == sqlstate::lock_not_available;
}
bool is_deadlock(const Status& s) {
  return s.sqlstate() == sqlstate::deadlock_detected;
}
bool is_query_canceled(const Status& s) {
  return s.sqlstate() == sqlstate::query_canceled;
}
bool is_connection_lost(const Status& s) {
  return s.sqlstate().rfind("08", 0) == 0 || s.sqlstate() == "57P01";
}

}  // namespace pgshift::db
