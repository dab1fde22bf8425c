// Parsing a section of SQL with libpg_query (the real PostgreSQL 15 parser): split into
// statements with their positions, and report syntax errors and psql meta-commands with the
// file, line and column. The only module that includes libpg_query.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/discovery.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/status.hpp"
#include "sql/batch_target.hpp"
#include "sql/locks.hpp"

namespace pgshift::sql {

// Transaction control written in the file itself (golang-migrate style BEGIN; ... COMMIT;).
enum class TxControl { none, begin, commit, rollback, other };

struct Statement {
  std::string text;  // the statement, trimmed, without its trailing semicolon
  int line = 1;      // where it starts in the file (1-based)
  int column = 1;
  std::size_t offset = 0;  // byte offset of its first token in the section's text
  std::string node;        // top parse node, e.g. "CreateStmt", "IndexStmt", "TransactionStmt"
  TxControl tx = TxControl::none;
  // Cannot run inside a transaction block: CREATE/DROP INDEX CONCURRENTLY, REINDEX
  // CONCURRENTLY, VACUUM, CREATE/DROP DATABASE, ALTER SYSTEM, CREATE/DROP TABLESPACE,
  // ALTER TYPE ... ADD VALUE is fine since 12, so it is not listed.
  bool needs_autocommit = false;
  // Locks taken, rewrites, scans: what the executor and the linter both read (locks.hpp).
  Effects effects;
  // CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY: the index concerned. Null for
  // every other statement. (Pointers, not std::optional: held inline, these two were half of a
  // Statement's size, for the few statements that have them, in files of 100,000s.)
  std::shared_ptr<const IndexTarget> concurrent_index;
  // UPDATE and DELETE: what a `-- pgshift:batch` directive above it would run in batches.
  std::shared_ptr<const BatchTarget> batch;
  std::string checksum;  // normalized checksum of this statement alone (resume checks)
  // libpg_query's JSON tree of the statement ({"AlterTableStmt": {...}}), kept only when
  // ParseOptions::keep_tree asks for it (the linter); null otherwise. An INSERT keeps only its
  // "onConflictClause", and no tree without one (the rows, columns and query inserted are most
  // of a seed file; nothing reads them, and the relations they name are in `effects`). Its
  // "location" fields are byte offsets in the section's text, like `offset`.
  std::shared_ptr<const nlohmann::json> tree;
};

// The most statements one section may hold. Each costs about 1.5 kB while a file is planned
// (docs/reliability.md), so this bounds memory where the file size limit alone would not: a
// 64 MiB file of `SELECT 1;` holds 6.7 million.
inline constexpr std::size_t k_max_statements = 1000000;

struct ParseOptions {
  // Keep each statement's parse tree in Statement::tree. Off for the runner: a kept tree costs
  // far more memory than the statement's text, and only the linter reads it.
  bool keep_tree = false;
  // Compute each statement's normalized checksum (a second scan of its text). The runner needs
  // it for resume checks; the linter does not, and skips the cost.
  bool checksums = true;
  // Checked between pieces of the section (about 64 kB each): when it is requested, parsing
  // stops with Code::interrupted, so SIGINT/SIGTERM end even a long parse at once.
  const CancelToken* cancel = nullptr;
};

// Splits and parses `section`. Errors (invalid_input, "path:line:col: message"): syntax errors,
// psql meta-commands ("\connect" ...), a statement nested deeper than pgshift walks
// (docs/reliability.md); interrupted when options.cancel is requested. An empty section (no
// statement at all) is NOT an error (it yields an empty vector). Time and memory grow linearly
// with the size of the section.
Result<std::vector<Statement>> parse_section(const core::Section& section);
Result<std::vector<Statement>> parse_section(const core::Section& section,
                                             const ParseOptions& options);

}  // namespace pgshift::sql
