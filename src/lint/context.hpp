// What a lint rule sees: one migration file's classified statements with their parse trees,
// and the facts that decide whether a statement is a hazard here (target version, how the file
// will be run, tables created earlier, table sizes). Built by the engine (linter.cpp); rules
// only read it.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/discovery.hpp"
#include "core/position.hpp"
#include "lint/config.hpp"
#include "lint/facts.hpp"
#include "lint/finding.hpp"
#include "lint/run_catalog.hpp"
#include "sql/parse.hpp"
#include "sql/units.hpp"

namespace pgshift::lint {

struct StatementInfo {
  std::size_t index = 0;                 // in FileContext::statements
  const sql::Statement* stmt;            // text, position, node, tx, effects (locks, rewrites ...)
  const std::string* node;               // the top node's type, "AlterTableStmt" (= stmt->node)
  const nlohmann::json* body;            // the top node's body; an empty object without a tree
  bool in_explicit_transaction = false;  // after a BEGIN written in the file, before its end
  // Runs inside a transaction block, the way this file will be run: by pgshift, in the
  // transaction of its unit (FileContext::layout: the whole file, a BEGIN ... COMMIT block, or
  // the statement alone with its progress; not a statement that runs alone in autocommit), or
  // with --standalone by another runner, assumed to wrap each file in a transaction unless the
  // file says `-- pgshift:no-transaction` (as squawk's assume_in_transaction).
  bool in_transaction = false;
  // Statements with the same `unit` commit together when in_transaction: pgshift's unit
  // (TxLayout::unit_of), or with --standalone the other runner's transaction. -1 for the
  // file's own transaction control under pgshift.
  int unit = -1;
};

// One `-- pgshift:lint-ignore` rule id and whether it suppressed anything. Filled for the
// rules that run after suppression (Rule::after_suppression).
struct IgnoreUse {
  std::string rule;        // the id as written
  int line = 0;            // of the directive, in the file
  int column = 1;          // of the id
  bool file_level = true;  // top of the section, else directly above a statement
  bool used = false;
};

// What an index name stands for at a statement (FileContext::index_state).
struct IndexState {
  std::optional<TableRef> table;  // the index's table, when known
  // No such index exists there: the run dropped it, or neither the run nor the target has
  // it. Dropping it drops nothing (IF EXISTS) or fails.
  bool absent = false;
};

struct FileContext {
  const core::Section* section;  // path, text (tree locations are offsets in it), directives
  std::vector<StatementInfo> statements;
  const Config* config;
  int pg_version = k_default_pg_version;  // server_version_num the file targets
  bool standalone = false;                // Config::standalone
  // How pgshift runs the file: its transaction units, and what it would refuse (the planner
  // reads the file the same way).
  sql::TxLayout layout;
  // pgshift runs the whole file in one transaction (layout.mode is transaction).
  bool transactional = true;
  const Facts* facts;
  std::vector<IgnoreUse> ignores;  // after suppression only (see IgnoreUse)

  // Was the table `table` names at statement `index` created by a statement of this file
  // before it (CREATE TABLE, CREATE TABLE AS, SELECT INTO), under that name or under one the
  // run renamed it from?
  bool created_in_file(const TableRef& table, std::size_t index) const;
  // ... or by an earlier file of the same run (the pending files are linted in order)?
  bool created_in_earlier_file(const TableRef& table, std::size_t index) const;
  // Either of the two: the table holds no rows and serves no clients yet.
  bool created_earlier(const TableRef& table, std::size_t index) const {
    return created_in_file(table, index) || created_in_earlier_file(table, index);
  }
  // What `table` stands for at statement `index` when the run created, renamed or moved a
  // table to that name (RunCatalog::table); nullopt when the name is the target's own.
  std::optional<TableOrigin> origin(const TableRef& table, std::size_t index) const;
  // Facts about the table `table` names at statement `index` (under the name the target knows
  // it by, before the run's renames), or nullptr.
  const TableFacts* table_facts(const TableRef& table, std::size_t index) const;
  // Does the target not have the table `table` names at statement `index`, while the run has
  // not visibly created it either (a table a DO block creates, another tool's history table)?
  // Only the target's facts can say so: false without them, and false for an unqualified name
  // once the run has changed search_path.
  bool absent_from_target(const TableRef& table, std::size_t index) const;
  // What the index named `index_name` stands for at statement `index`: from the run when an
  // earlier statement created, renamed or dropped it, else from the target's facts.
  IndexState index_state(const TableRef& index_name, std::size_t index) const;
  // Position in the file of byte `offset` of the section's text (a tree "location").
  core::Position position(std::size_t offset) const;

  // Filled by the engine: what every statement of the run does to names, and this file's
  // place in the run.
  const RunCatalog* run = nullptr;
  std::size_t file_number = 0;
  // An index of the section's text for position(); position_of when null.
  std::shared_ptr<const core::PositionIndex> positions;
};

}  // namespace pgshift::lint
