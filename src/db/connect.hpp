// pgshift's own connections as Options configure them: where to connect, the name operators
// see in pg_stat_activity, and what reports drawn through them may show.
#pragma once

#include <memory>
#include <string_view>

#include "db/session.hpp"
#include "pgshift/options.hpp"

namespace pgshift::db {

// Connects to options.database_url. Its application_name is the one the URL (or PGAPPNAME)
// gives, else options.application_name ("pgshift"). A helper connection names its `role`
// ("monitor"), appended as " (monitor)" so operators tell it from the connection that runs the
// migrations; the runner lock's connection has none, so the lock holder is reported under the
// deploy's own name. Reports read through the session show other sessions' queries unless
// options.report.other_queries is false. Errors as Session::connect.
Result<std::unique_ptr<Session>> open(const Options& options, std::string_view role = "");

}  // namespace pgshift::db
