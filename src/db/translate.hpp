// The one place libpqxx exceptions become Status values.
#pragma once

#include <functional>
#include <string>

#include "pgshift/status.hpp"

namespace pgshift::db {

// Runs fn; any exception becomes a failed Status carrying the SQLSTATE (deadlocks and
// serialization failures get theirs from the exception type, see error.hpp).
Status translate(const std::function<void()>& fn);

// libpq's message without the "ERROR:  " prefix, the LINE/caret excerpt and trailing
// newlines; DETAIL and HINT lines are kept, joined with "; ".
std::string clean_message(const std::string& what);

}  // namespace pgshift::db
