// The name PostgreSQL gives an index the statement does not name: CREATE INDEX ON t (...), and
// the unique index behind a PRIMARY KEY, UNIQUE or EXCLUDE constraint written without a name
// (ChooseIndexName and makeObjectName in PostgreSQL's indexcmds.c). The run catalog needs it
// to know which table a later `DROP INDEX t_email_key` drops from.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/tree.hpp"

namespace pgshift::lint {

enum class IndexKind { plain, primary, unique, exclusion };

// The column part of an index's name: one name per index element (IndexElem, or a String of a
// constraint's keys), the column's name or, for an expression, the name PostgreSQL derives
// from it (lower(email) -> "lower", anything else -> "expr"); a repeated name gets a number.
std::vector<std::string> index_column_names(const tree::json& elements);

// `table_columns_label` cut to 63 bytes the way PostgreSQL cuts it (the longer of the table
// and column parts first), with a number after the label while `taken(name)` says a relation
// of the schema already has that name: "users_pkey", "users_email_key", "users_email_key1".
std::string choose_index_name(std::string_view table, const std::vector<std::string>& columns,
                              IndexKind kind, const std::function<bool(const std::string&)>& taken);

}  // namespace pgshift::lint
