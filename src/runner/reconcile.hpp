// Reconciling files with history: the state of every migration (a pure function, unit-tested
// without a database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "history/store.hpp"
#include "runner/project.hpp"

namespace pgshift::runner {

// The public API's state (pgshift/migrator.hpp): one enum for the runner and its callers.
using State = MigrationState;

struct Entry {
  std::string version;
  std::string name;
  const Prepared* file = nullptr;              // null when missing
  const history::MigrationRow* row = nullptr;  // null when never run
  State state = State::pending;
  std::string detail;
  bool down_changed = false;  // applied, and the down section was edited since
  // partial: done statements whose text changed since they ran (1-based ordinals)
  std::vector<int> edited_statements;
};

// Every version found in files or history, in version order (repeatable migrations last).
// `baseline` is the recorded baseline version, if any: files at or below it without a row are
// State::baseline. A repeatable migration whose checksum differs from its row's is pending
// again, not changed.
std::vector<Entry> reconcile(const std::vector<Prepared>& files,
                             const std::vector<history::MigrationRow>& rows,
                             const std::optional<std::string>& baseline);

// The entry of `version` (non-null: callers look up versions they took from `entries`).
const Entry* find_entry(const std::vector<Entry>& entries, const std::string& version);

// The newest version among rows in any state but missing-from-history; empty when none.
// Repeatable migrations (keys, not versions) are left out.
std::string newest_recorded(const std::vector<Entry>& entries);

}  // namespace pgshift::runner
