// Connection strings as libpq reads them: a postgres:// URL or a key=value conninfo string
// (empty: libpq's PG* variables only).
#pragma once

#include <string>
#include <string_view>

namespace pgshift::core {

// `url` with libpq's fallback_application_name set to `name`: the name a connection shows in
// pg_stat_activity only when neither the URL/conninfo (application_name=) nor PGAPPNAME gives
// one, so the name a deploy chose is kept.
std::string with_fallback_application_name(std::string_view url, std::string_view name);

}  // namespace pgshift::core
