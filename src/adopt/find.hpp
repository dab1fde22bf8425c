// Finding and reading another tool's history table in the target database (read-only).
#pragma once

#include <optional>

#include "adopt/reader.hpp"
#include "db/session.hpp"
#include "pgshift/options.hpp"

namespace pgshift::adopt {

// Checks adopt.from against the readers' registry and the form of adopt.table, without a
// database: invalid_input naming where each was set. find_history checks them too.
Status check_options(const AdoptOptions& options);

// Looks for the history table of the tools `options.from` allows ("auto": all of them), at
// `options.table` or at each tool's default name through search_path; recognizes the tool by
// the table's columns and reads it. nullopt when there is no such table, or when it records no
// migration.
// Errors (nothing is written):
//   invalid_input  an unknown tool in adopt.from, a malformed adopt.table, or adopt.table
//                  naming a table that does not exist (each naming where it was set)
//   drift          a table of a tool's name whose columns are not the tool's; tables of two
//                  tools; the reader's refusals (dirty, failed, unnumbered versions)
//   failed         the database could not be read
Result<std::optional<ForeignHistory>> find_history(db::Session& session,
                                                   const AdoptOptions& options);

}  // namespace pgshift::adopt
