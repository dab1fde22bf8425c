// Transaction units: how the statements of a section commit (docs/file-formats.md#transactions).
// The one reading of a file's own transaction control (BEGIN, COMMIT ...) and of the
// directives that change how it runs: the planner runs these units, the linter judges the
// file by them, so the two never disagree.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/directives.hpp"
#include "sql/parse.hpp"

namespace pgshift::sql {

enum class TxMode {
  // The whole section in one transaction: no transaction control, or one BEGIN ... COMMIT
  // around all of it (the wrapper, whose BEGIN options are kept).
  transaction,
  // Each statement commits on its own: -- pgshift:no-transaction, -- pgshift:batch, or a
  // statement that cannot run inside a transaction block.
  statements,
  // As written: each BEGIN ... COMMIT block of the file is one transaction, each statement
  // outside the blocks commits on its own.
  as_written,
};

struct TxUnit {
  std::vector<std::size_t> statements;  // indexes of the statements it runs, in order
  // true: one transaction (BEGIN; its statements; COMMIT). false: its one statement alone in
  // autocommit, because it cannot run in a transaction block, may commit by itself (CALL, a DO
  // block with COMMIT) or runs in batches.
  bool transaction = true;
  std::optional<std::size_t> begin;   // the file's BEGIN that opens it (a block or the wrapper)
  std::optional<std::size_t> commit;  // the file's COMMIT that ends it
};

// Transaction control pgshift cannot run as written, with where to report it and the fix.
struct TxProblem {
  enum class Kind {
    control,              // nested BEGIN, COMMIT without BEGIN, ROLLBACK, SAVEPOINT ...
    uncommitted,          // a BEGIN that no COMMIT ends
    autocommit_in_block,  // a statement that cannot run inside a transaction block, in a block
    batch_in_block,       // a -- pgshift:batch statement in a block
    directive,            // -- pgshift:no-transaction in a file with BEGIN ... COMMIT
  };
  Kind kind = Kind::control;
  std::size_t statement = 0;  // the statement it is about
  int directive_line = 0;     // batch_in_block: the directive's line, where it is reported
  std::string message;        // what is wrong
  std::string help;           // what to do
};

struct TxLayout {
  TxMode mode = TxMode::transaction;
  // Why it runs so: "default", "-- pgshift:no-transaction", "statement at line 3 cannot run
  // inside a transaction block", "the file's own BEGIN ... COMMIT", ...
  std::string reason;
  // Every statement but the file's transaction control in exactly one unit, in file order (no
  // unit for an empty BEGIN; COMMIT; block; one possibly empty unit in transaction mode).
  std::vector<TxUnit> units;
  std::vector<int> unit_of;         // per statement: its index in `units`; -1 for none
  std::vector<TxProblem> problems;  // in file order: the planner refuses the first one
};

// The first statement below `line` (a directive's), if any: the one it stands above.
std::optional<std::size_t> statement_below(const std::vector<Statement>& stmts, int line);

// The units of a section's statements under its directives (no-transaction; batch, attached
// to the statement below each).
TxLayout transaction_units(const std::vector<Statement>& stmts,
                           const core::SectionDirectives& directives);

}  // namespace pgshift::sql
