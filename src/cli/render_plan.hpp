// Text and JSON rendering of plans and run reports, shared by up and down.
#pragma once

#include "cli/output.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

// Prints each plan ("would apply ..." with --dry-run) and a closing summary line/object.
// `verb` is "apply" or "revert".
void render_run(Output& out, const RunReport& report, const char* verb);

}  // namespace pgshift::cli
