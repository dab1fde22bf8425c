// Resolving a backfill's table in the catalog and checking the whole statement before any
// batch runs: the table exists, has a primary key, and SET/WHERE are valid SQL for it.
#pragma once

#include "backfill/spec.hpp"
#include "db/session.hpp"
#include "pgshift/status.hpp"

namespace pgshift::backfill {

// Errors (invalid_input): the table does not exist or is not a table, it has no primary key
// (with advice).
Result<Table> resolve_table(db::Session& session, const Spec& spec);

// Prepares (without running) the first batch statement, so that an unknown column, a type
// error or a syntax error in SET or WHERE is reported before anything changes. Errors:
// invalid_input naming the backfill and PostgreSQL's message.
Status check_statement(db::Session& session, const Spec& spec, const std::string& sql);

}  // namespace pgshift::backfill
