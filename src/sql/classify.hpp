// Classification of one parsed statement from libpg_query's JSON tree: transaction control
// written in the file, whether PostgreSQL refuses to run it inside a transaction block, and its
// effects (locks, rewrites, scans; see locks.hpp and effects.hpp).
// Private to src/sql; the results travel in sql::Statement.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sql/locks.hpp"
#include "sql/parse.hpp"

namespace pgshift::sql::detail {

struct Classification {
  TxControl tx = TxControl::none;
  bool needs_autocommit = false;
  Effects effects;
  std::optional<IndexTarget> concurrent_index;
};

// The index of a CONCURRENTLY index statement (index_target.cpp); nullopt for other statements.
std::optional<IndexTarget> index_target(const std::string& node, const nlohmann::json& body);

// `node` is the top node's key ("IndexStmt"), `body` its value.
Classification classify(const std::string& node, const nlohmann::json& body);

}  // namespace pgshift::sql::detail

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "sql/batch_target.hpp"
#include "sql/scan.hpp"

namespace pgshift::sql::detail {

// The batch target of an UPDATE or DELETE (batch_target.cpp); nullopt for other statements.
// `tokens[first, last)` are the statement's tokens in `text`.
std::optional<BatchTarget> batch_target(const std::string& node, const nlohmann::json& body,
                                        std::string_view text, const std::vector<Token>& tokens,
                                        std::size_t first, std::size_t last);

}  // namespace pgshift::sql::detail
