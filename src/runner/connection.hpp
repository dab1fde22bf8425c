// Opening what a command needs on the database: the runner lock (for commands that change
// anything), the work session and the history store.
#pragma once

#include <memory>

#include "db/session.hpp"
#include "exec/monitor.hpp"
#include "history/store.hpp"
#include "lock/runner_lock.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"
#include "pgshift/options.hpp"

namespace pgshift::runner {

struct Connection {
  std::unique_ptr<lock::RunnerLock> lock;  // null for read-only commands
  std::unique_ptr<db::Session> session;
  std::unique_ptr<history::Store> store;
};

enum class Access {
  read_only,  // no lock, creates nothing (status, validate, dry runs)
  // Takes the runner lock, then upgrades an existing history schema. A missing one is created
  // by the command (store->install_or_upgrade()) only once its input has passed every check,
  // so that a run refused for bad input leaves the database as it found it.
  write,
};

// This machine's name, recorded with history rows and backfills.
std::string host_name();

// The executor's monitor (blocker names, index progress) on its own connection; null, with a
// warning, when it cannot connect: the migration runs the same, its reports are just poorer.
std::unique_ptr<exec::Monitor> open_monitor(const Options& options, const EventSink& sink);

// Checks that the runner lock is still held, before migration `version` runs or, for the last
// of a run, after it `ran`: the lock's connection may have been terminated meanwhile, and then
// another pgshift run may have started. A lost lock is a failure naming the migration, so no
// run that lost it ends with exit 0.
Status check_lock(const Connection& c, const std::string& version, const std::string& name,
                  bool ran);

Result<Connection> open_connection(const Options& options, Access access, const EventSink& sink,
                                   CancelToken* cancel);

}  // namespace pgshift::runner
