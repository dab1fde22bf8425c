// Resuming at an autocommit statement. A statement that can run in a transaction commits
// together with its progress, so a crash never leaves it done but unrecorded. A statement that
// cannot (CREATE INDEX CONCURRENTLY, VACUUM, ...) commits on its own, and a run killed right
// after it, before its progress was written, leaves it in doubt. The next run resumes at it and
// first looks in the catalog for its effect (docs/reliability.md#resume-after-a-crash).
#pragma once

#include <string>

#include "db/session.hpp"
#include "exec/plan.hpp"
#include "pgshift/status.hpp"

namespace pgshift::exec {

struct EarlierEffect {
  enum class Verdict {
    done,        // the effect is there: record the statement as done without running it
    not_done,    // the effect is not there: run the statement
    repeatable,  // running it again does no harm (VACUUM, REINDEX, ALTER SYSTEM ...)
    unknown,     // pgshift cannot tell; running it again may fail or repeat its effect
  };
  Verdict verdict = Verdict::unknown;
  std::string found;  // what the catalog shows: `index "x" exists and is valid`
};

// Looks for the effect of `step` (an autocommit step) as an earlier run would have left it.
// Errors: the catalog query failed.
Result<EarlierEffect> check_earlier_effect(db::Session& session, const Step& step);

}  // namespace pgshift::exec
