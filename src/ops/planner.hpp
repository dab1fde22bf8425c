// Planning an operations migration: every operation checked against the schema model in turn,
// and the steps of its three phases (docs/design.md §7).
//
//   expand    the version schema and its direction function; each operation's expand steps
//             (temporary columns, dual-write triggers, NOT VALID constraints, batched
//             backfills, validations, concurrent indexes); the version schema's views
//   contract  each operation's contract steps in order; the version schema's functions
//             (its views stay: the new application reads through them)
//   rollback  the version schema's views first (they reference the temporary columns); each
//             operation's rollback steps in reverse order; the version schema itself
//
// The runner adds what depends on history at the time it runs (older version schemas that
// contract drops).
#pragma once

#include <string>
#include <vector>

#include "exec/plan.hpp"
#include "ops/file.hpp"
#include "ops/model.hpp"

namespace pgshift::ops {

struct MigrationPlan {
  std::string schema;
  std::string version_schema;
  std::vector<exec::Step> expand, contract, rollback;
  Model end;  // the new version's shape (not stored)
};

// Checks every operation of `file` against `current` (the catalog, with the shapes of earlier
// expanded migrations replayed onto it) and plans the three phases. Errors: invalid_input with
// the operation's file, line and column (missing table or column, a name already taken ...).
Result<MigrationPlan> plan_migration(const OpsFile& file, const Model& current, int server_version);

// Applies an expanded migration's operations to `model` (replaying: what its expand created
// already exists), so a later migration is planned against the new shape.
Status replay(const OpsFile& file, Model& model);

}  // namespace pgshift::ops
