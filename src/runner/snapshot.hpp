// Snapshot: files, history and their reconciliation, taken once at the start of a command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runner/adoption.hpp"
#include "runner/connection.hpp"
#include "runner/project.hpp"
#include "runner/reconcile.hpp"

namespace pgshift::runner {

struct Snapshot {
  std::string layout;  // of the migrations directory (core/layout.hpp)
  std::vector<Prepared> files;
  Connection conn;
  // pgshift's history rows, then those of `adoption` (so that its migrations count as applied).
  std::vector<history::MigrationRow> rows;
  std::optional<std::string> baseline;
  // While pgshift's history records nothing: another tool's history to adopt, or why it cannot
  // be (up and adopt refuse with adoption_error; status shows it).
  std::optional<Adoption> adoption;
  Status adoption_error;
  std::optional<AdoptionInfo> adopted;  // an adoption recorded earlier
  std::vector<Entry> entries;           // points into files and rows
};

Result<Snapshot> take_snapshot(const Options& options, Access access, const EventSink& sink,
                               CancelToken* cancel);
// The same, with the project already loaded.
Result<Snapshot> take_snapshot(std::vector<Prepared> files, const Options& options, Access access,
                               const EventSink& sink, CancelToken* cancel);

// Refuses (drift) a command that changes history while another tool's history is still to be
// adopted: its migrations are not in pgshift's history yet, and `what` would act as if they were.
Status check_adopted(const Snapshot& snap, const std::string& what);

// Refuses (drift, exit 5) when history and files disagree in a way no run may paper over:
// an applied file edited, a failed row, a partial file whose done statements changed. Emits
// one event per finding; the Status names the first and how many there are.
Status check_drift(const std::vector<Entry>& entries, const EventSink& sink);

// The first error in the up SQL of the given files, after emitting one event per erroneous
// file. Unusable down SQL refuses nothing here (only `down` runs it, and refuses when it
// reaches it): each is a warning event (warn_down_errors).
Status check_parse(const std::vector<const Prepared*>& files, const EventSink& sink);

// One "down_error" warning event per file whose down SQL cannot be used.
void warn_down_errors(const std::vector<const Prepared*>& files, const EventSink& sink);

void emit(const EventSink& sink, Event e);

}  // namespace pgshift::runner
