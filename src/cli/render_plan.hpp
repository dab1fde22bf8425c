// Text and JSON rendering of plans and run reports, shared by up, down and plan.
#pragma once

#include "cli/output.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

// One plan: its transaction grouping, then each statement with the lock it takes.
void render_plan(Output& out, const PlanView& plan, const char* verb);

// Prints each plan ("would apply ..." with --dry-run) and a closing summary line/object.
// `verb` is "apply" or "revert".
void render_run(Output& out, const RunReport& report, const char* verb);

// complete and rollback: the contract or rollback steps with --dry-run, and a summary; `done`
// is "completed" or "rolled back".
void render_phase(Output& out, const RunReport& report, const char* done);

}  // namespace pgshift::cli
