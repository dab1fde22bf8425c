// What require-lock-timeout and require-statement-timeout share: reading a SET/RESET of a
// timeout setting, and picking the lock a statement waits for or holds that blocks traffic on
// an existing table.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "lint/context.hpp"
#include "lint/finding.hpp"

namespace pgshift::lint {

// Does statement `st` (a SET or RESET) turn the timeout `setting` ("lock_timeout",
// "statement_timeout") on (true), off (false: RESET, SET ... TO DEFAULT, 0), or not touch it
// (nullopt)?
std::optional<bool> sets_timeout(const StatementInfo& st, std::string_view setting);

// The table of the first lock of `st` that blocks reads or writes, on a table not created
// earlier in the file and not in `reported` (its TableRef::key() is then added to it);
// nullopt when there is none.
std::optional<TableRef> traffic_blocking_lock(const FileContext& file, const StatementInfo& st,
                                              std::set<std::string>& reported);

}  // namespace pgshift::lint
