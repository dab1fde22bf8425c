// What a lint rule sees: one migration file's classified statements with their parse trees,
// and the facts that decide whether a statement is a hazard here (target version, how the file
// will be run, tables created earlier, table sizes). Built by the engine (linter.cpp); rules
// only read it.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/discovery.hpp"
#include "core/position.hpp"
#include "lint/config.hpp"
#include "lint/facts.hpp"
#include "lint/finding.hpp"
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

  // Was `table` created (CREATE TABLE, CREATE TABLE AS) by a statement of this file before
  // statement `index`?
  bool created_in_file(const TableRef& table, std::size_t index) const;
  // ... or by an earlier file of the same run (the pending files are linted in order)?
  bool created_in_earlier_file(const TableRef& table) const;
  // Either of the two: the table holds no rows and serves no clients yet.
  bool created_earlier(const TableRef& table, std::size_t index) const {
    return created_in_file(table, index) || created_in_earlier_file(table);
  }
  // Facts about `table`, or nullptr.
  const TableFacts* table_facts(const TableRef& table) const { return facts->find(table); }
  // Position in the file of byte `offset` of the section's text (a tree "location").
  core::Position position(std::size_t offset) const;

  // Filled by the engine: tables created in this file (with the index of the first statement
  // that creates each) and by earlier files of the run. Keyed by TableRef::key(): a file of
  // 100,000 statements looks them up for every finding.
  std::unordered_map<std::string, std::size_t> created_here;
  const std::unordered_set<std::string>* created_before = nullptr;
  // An index of the section's text for position(); position_of when null.
  std::shared_ptr<const core::PositionIndex> positions;
};

}  // namespace pgshift::lint
