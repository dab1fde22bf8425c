#include "db/connect.hpp"

namespace pgshift::db {

Result<std::unique_ptr<Session>> open(const Options& options, std::string_view role) {
  auto session = Session::connect(options.database_url, options.application_name);
  if (!session) {
    return session.status();
  }
  if (!role.empty()) {
    PGSHIFT_TRY((*session)->set_application_name((*session)->application_name() + " (" +
                                                 std::string(role) + ")"));
  }
  (*session)->set_other_queries(options.report.other_queries);
  return session;
}

}  // namespace pgshift::db
