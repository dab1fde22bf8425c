// Operation: one declarative expand-contract operation of an operations file (docs/design.md §7).
//
// Each operation is one small file (src/ops/op_<type>.cpp) that reads its fields, checks
// itself against the schema model, changes the model, and *returns* the steps of its three
// phases. It never runs SQL: the runner stores the steps with the history row when expand
// starts and the executor runs them (lock ladder, pre-flight check, CONCURRENTLY care, batched
// backfills), so complete and rollback run exactly what expand planned.
//
// Every step is idempotent (IF [NOT] EXISTS, CREATE OR REPLACE, or guarded by a catalog check),
// because a crash can come after a step committed and before its progress was recorded: a
// re-run of any phase converges.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/config_tree.hpp"
#include "ops/model.hpp"
#include "ops/steps.hpp"
#include "pgshift/status.hpp"

namespace pgshift::ops {

// What a column-level operation changes, for the rule that one file changes each column (and
// each table's existence or name) once: "conflicting operations" are refused.
struct Target {
  std::string table;   // visible name before the operation
  std::string column;  // "" for the table itself
  // Renames or drops the table: conflicts with every other operation on it.
  bool whole_table = false;
};

// The models a phase is planned from.
struct Models {
  const Model& start;   // before the whole file: the old application version's shape
  const Model& before;  // before this operation
  const Model& after;   // after this operation
  const Model& end;     // after the whole file: the new version's shape
};

class Operation {
 public:
  virtual ~Operation() = default;

  core::Position pos;  // where the operation starts in its file
  int ordinal = 0;     // 1-based position in its file
  // The `op` value it was read from: its registry name (ops::Kind::name), set by read_file.
  const char* kind_name = "";

  const char* type() const { return kind_name; }
  virtual std::vector<Target> targets() const = 0;
  // Checks the operation against `model` (the schema as the earlier operations left it) and
  // applies its change to it. Errors: invalid_input "path:line:col: message".
  virtual Status apply(Model& model, const Env& env) const = 0;

  // The steps of each phase, appended to `out`.
  virtual void expand(const Models& m, Steps& out) const = 0;
  virtual void contract(const Models& m, Steps& out) const = 0;
  virtual void rollback(const Models& m, Steps& out) const = 0;

 protected:
  // "path:line:col: <type>: message" (invalid_input).
  Status error(const Env& env, const std::string& message) const;
  // The table or column named, or an error saying it does not exist (listing what does).
  Result<Table*> existing_table(Model& model, const Env& env, const std::string& name) const;
  Result<Column*> existing_column(Table& table, const Env& env, const std::string& name) const;
  // The constraint named on `table`, or an error listing the constraints it has.
  Result<const Constraint*> existing_constraint(const Table& table, const Env& env,
                                                const std::string& name) const;
  // An error unless `name` is free in `table` (columns) or in the schema (relations).
  Status free_column(const Table& table, const Env& env, const std::string& name) const;
  Status free_relation(const Model& model, const Env& env, const std::string& name) const;
};

}  // namespace pgshift::ops
