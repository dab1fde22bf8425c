// A planned operations migration as JSON: stored in history when expand starts (the detail of
// its "plan" event), so that a resumed expand, complete and rollback run exactly the steps that
// expand planned, whatever the catalog looks like by then.
#pragma once

#include <string>

#include "ops/planner.hpp"

namespace pgshift::ops {

std::string plan_to_json(const MigrationPlan& plan);
// Errors: failed, when the text is not a plan this pgshift wrote.
Result<MigrationPlan> plan_from_json(const std::string& text);

}  // namespace pgshift::ops
