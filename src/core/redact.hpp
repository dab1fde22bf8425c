// Keeps passwords out of every output: connection URLs and conninfo strings are shown with
// their secrets replaced by "****", libpq's reasons for refusing a URL never echo a piece of a
// password, and other sessions' query text is shown without the passwords it may carry.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pgshift::core {

// postgresql://u:secret@h/db -> postgresql://u:****@h/db. Also masks the value of every
// password-like key (any key whose name ends in "password": password, sslpassword) in a URL's
// query or a conninfo string, quoted or not. Other text is returned unchanged.
std::string redact_url(std::string_view url);

// The password a URL/conninfo carries (empty if none).
std::string password_of(std::string_view url);

// Every secret value a URL/conninfo carries (the user-info password, password=, sslpassword=,
// ...), decoded as libpq reads them; the CLI scrubs each from every line it prints.
std::vector<std::string> secrets_of(std::string_view url);

// libpq's reason for refusing `url`, safe to print. libpq quotes the piece of a URL it could not
// read (`invalid integer value "ZZtop" for connection option "port"`), and when a password
// holds a raw '@' or '/' it splits the URL there, so that piece is part of the password. Every
// double-quoted fragment of `reason` that occurs in `url` overlapping one of its secrets is
// masked, and a URL or conninfo string in it is redacted as redact_url does.
std::string redact_reason(std::string_view reason, std::string_view url);

// True when the user info of a postgres:// URL holds a raw '@' or '/': libpq ends the user
// info at the first of them, so the rest of the password is read as the host, port or database.
bool userinfo_needs_encoding(std::string_view url);

// Another session's query text (pg_stat_activity.query), safe to show: the literal after a
// PASSWORD keyword (CREATE/ALTER ROLE ... PASSWORD '...', a user mapping's password '...')
// and the secrets of any URL or conninfo string in it are masked. A literal cut off by
// truncation is masked to the end.
std::string redact_query(std::string_view sql);

// Replaces every occurrence of `secret` (when non-empty) in text with "****".
std::string scrub(std::string_view text, std::string_view secret);

}  // namespace pgshift::core
